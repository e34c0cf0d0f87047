"use client";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { callApi } from "@/components/api/call-api";
import { useApi } from "@/components/api/use-api";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { TD, Table } from "@/components/ui/table";
import type { AppPasswordCreated, MessageResponse } from "@/lib/accounts/serializers";
import { CopyButton } from "@/components/copy-button";

export interface AppPasswordRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

function when(iso: string | null): string {
  if (!iso) return "Never";
  return new Date(iso).toLocaleString("en-US", { timeZone: "America/New_York", dateStyle: "medium", timeStyle: "short" });
}

/** Create (secret shown once), list and revoke web-service app passwords. */
export function AppPasswordsSection({ passwords, mfaEnabled }: { passwords: AppPasswordRow[]; mfaEnabled: boolean }) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [revokeMessage, setRevokeMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);
  const form = useApi<AppPasswordCreated>("POST", "/api/account/app-passwords", {
    onSuccess: (answer) => {
      setCreated({ name: answer.name, secret: answer.secret });
      setRevokeMessage(null);
      formRef.current?.reset();
    },
    refresh: true,
  });

  async function revoke(row: AppPasswordRow) {
    if (!window.confirm(`Revoke "${row.name}"? Scripts using it will stop working.`)) return;
    setRevoking(row.id);
    setRevokeMessage(null);
    const answer = await callApi<MessageResponse>("POST", `/api/account/app-passwords/${row.id}/revoke`);
    setRevokeMessage(answer.ok ? { tone: "success", text: `"${row.name}" is revoked.` } : { tone: "error", text: answer.message });
    setRevoking(null);
    if (answer.ok) router.refresh();
  }

  return (
    <div className="space-y-4">
      {created ? (
        <Notice tone="success" title={`App password "${created.name}" created`} testId="app-password-created">
          <p className="mb-2">Copy it now: it is not shown again. Use it as the password (p) in webServiceAuth.</p>
          <code id="app-password-secret" data-testid="app-password-secret" className="block break-all rounded bg-white px-2 py-1 font-mono text-slate-900">
            {created.secret}
          </code>
          <div className="mt-2">
            <CopyButton value={created.secret} label="Copy app password" targetId="app-password-secret" />
          </div>
        </Notice>
      ) : null}
      {revokeMessage ? (
        <Notice tone={revokeMessage.tone} testId="app-password-revoked">
          {revokeMessage.text}
        </Notice>
      ) : null}
      <form ref={formRef} onSubmit={(e) => void form.onSubmit(e)} className="flex max-w-xl flex-wrap items-end gap-3" noValidate>
        {form.message && !Object.keys(form.fieldErrors).length ? <Notice tone="error">{form.message}</Notice> : null}
        <Field
          label="App password name"
          name="name"
          required
          hint="For example, the script or server that uses it."
          error={form.fieldErrors.name}
          className="min-w-64 flex-1 space-y-1"
          maxLength={60}
        />
        <Field
          label="Your account password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          hint="To confirm it is you."
          error={form.fieldErrors.currentPassword}
          className="min-w-64 flex-1 space-y-1"
        />
        {mfaEnabled ? (
          <Field
            label="Authenticator or recovery code"
            name="code"
            autoComplete="one-time-code"
            required
            hint="MFA is on: a current code from your authenticator app, or an unused recovery code."
            error={form.fieldErrors.code}
            className="min-w-64 flex-1 space-y-1"
          />
        ) : null}
        <Button type="submit" disabled={!form.ready} pending={form.pending} pendingLabel="Creating…">
          Create App Password
        </Button>
      </form>
      {passwords.length === 0 ? (
        <p className="text-sm text-slate-700" data-testid="app-passwords-empty">
          You have no app passwords.
        </p>
      ) : (
        <Table
          caption="Your app passwords"
          columns={["Name", "Starts with", "Created", "Last used", { label: "Actions", srOnly: true }]}
          testId="app-passwords-table"
        >
          {passwords.map((p) => (
            <tr key={p.id}>
              <td className={`${TD} font-medium`}>{p.name}</td>
              <td className={`${TD} font-mono`}>{p.prefix}…</td>
              <td className={TD}>{when(p.createdAt)}</td>
              <td className={TD}>{when(p.lastUsedAt)}</td>
              <td className={`${TD} text-right`}>
                <Button variant="secondary" onClick={() => void revoke(p)} pending={revoking === p.id} pendingLabel="Revoking…" aria-label={`Revoke ${p.name}`}>
                  Revoke
                </Button>
              </td>
            </tr>
          ))}
        </Table>
      )}
    </div>
  );
}
