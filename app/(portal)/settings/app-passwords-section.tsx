"use client";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useJsonForm } from "@/components/forms/use-json-form";
import { buttonClass } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
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
export function AppPasswordsSection({ passwords }: { passwords: AppPasswordRow[] }) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [revokeMessage, setRevokeMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);
  const form = useJsonForm<{ name: string; secret: string }>("/api/account/app-passwords", {
    onSuccess: (answer) => {
      setCreated({ name: answer.name, secret: answer.secret });
      setRevokeMessage(null);
      formRef.current?.reset();
      router.refresh();
    },
  });

  async function revoke(row: AppPasswordRow) {
    if (!window.confirm(`Revoke "${row.name}"? Scripts using it will stop working.`)) return;
    setRevoking(row.id);
    setRevokeMessage(null);
    try {
      const response = await fetch(`/api/account/app-passwords/${row.id}/revoke`, { method: "POST" });
      const body = (await response.json().catch(() => ({}))) as { message?: string; error?: { message?: string } };
      setRevokeMessage(response.ok ? { tone: "success", text: `"${row.name}" is revoked.` } : { tone: "error", text: body.error?.message ?? "The app password could not be revoked." });
      if (response.ok) router.refresh();
    } catch {
      setRevokeMessage({ tone: "error", text: "We could not reach the server. Check your connection and try again." });
    } finally {
      setRevoking(null);
    }
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
      {revokeMessage ? <Notice tone={revokeMessage.tone} testId="app-password-revoked">{revokeMessage.text}</Notice> : null}
      <form ref={formRef} onSubmit={(e) => void form.onSubmit(e)} className="flex max-w-xl flex-wrap items-end gap-3" noValidate>
        {form.message && !form.fieldErrors.name ? <Notice tone="error">{form.message}</Notice> : null}
        <Field label="App password name" name="name" required hint="For example, the script or server that uses it." error={form.fieldErrors.name} className="min-w-64 flex-1 space-y-1" maxLength={60} />
        <button type="submit" className={buttonClass()} disabled={form.pending || !form.ready}>
          {form.pending ? "Creating…" : "Create App Password"}
        </button>
      </form>
      {passwords.length === 0 ? (
        <p className="text-sm text-slate-700" data-testid="app-passwords-empty">
          You have no app passwords.
        </p>
      ) : (
        <table className="w-full text-left text-sm" data-testid="app-passwords-table">
          <caption className="sr-only">Your app passwords</caption>
          <thead>
            <tr className="border-b border-slate-300">
              <th scope="col" className="py-2 pr-3">Name</th>
              <th scope="col" className="py-2 pr-3">Starts with</th>
              <th scope="col" className="py-2 pr-3">Created</th>
              <th scope="col" className="py-2 pr-3">Last used</th>
              <th scope="col" className="py-2"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {passwords.map((p) => (
              <tr key={p.id} className="border-b border-slate-200">
                <td className="py-2 pr-3 font-medium">{p.name}</td>
                <td className="py-2 pr-3 font-mono">{p.prefix}…</td>
                <td className="py-2 pr-3">{when(p.createdAt)}</td>
                <td className="py-2 pr-3">{when(p.lastUsedAt)}</td>
                <td className="py-2 text-right">
                  <button type="button" className={buttonClass("secondary")} onClick={() => void revoke(p)} disabled={revoking === p.id} aria-label={`Revoke ${p.name}`}>
                    {revoking === p.id ? "Revoking…" : "Revoke"}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
