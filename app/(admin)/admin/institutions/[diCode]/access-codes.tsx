"use client";
import { useState } from "react";
import { Table } from "@/components/ui/table";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { ActionButton } from "@/components/ui/action-button";
import { useApi } from "@/components/api/use-api";
import type { AccessCodeIssued, AccessCodeResent } from "@/lib/access-codes/serializers";
import type { AccessCodeDeliveryItem } from "@/lib/access-codes/delivery";
import { FormError, endOfDayIso } from "../../_components/form-helpers";
import { CopyButton } from "@/components/copy-button";

export interface CodeRow {
  id: string;
  hint: string;
  purpose: string;
  status: "active" | "revoked" | "expired" | "used-up";
  redemptions: number;
  maxRedemptions: number | null;
  expires: string;
  expiresAtIso: string | null;
  revoked: string | null;
  created: string;
  createdBy: string | null;
  resendable: boolean;
  /** "Sent to x on …" / "Not sent to x on …: reason", newest first. */
  deliveries: Array<{ to: string; when: string; reason: string; error: string | null }>;
}

type Delivery = Pick<AccessCodeDeliveryItem, "email" | "sentAt" | "error">;

const STATUS_LABELS: Record<CodeRow["status"], string> = { active: "Active", revoked: "Revoked", expired: "Expired", "used-up": "Used up" };

/** What happened to the email of a new code, in one sentence. */
function deliveryNote(delivery: Delivery | null): string {
  if (!delivery) return "This institution has no primary contact email, so the code was not emailed: add one in the institution details, then resend it.";
  if (!delivery.sentAt) return `The email to ${delivery.email} could not be sent (${delivery.error ?? "unknown error"}). Resend it once the mail server works.`;
  return `It was emailed to the institution's primary contact, ${delivery.email}.`;
}

/** Issue, rotate, revoke and set expiry. A new code is shown here once and never again. */
export function AccessCodes({ diCode, codes }: { diCode: string; codes: CodeRow[] }) {
  const [shown, setShown] = useState<{ code: string; rotated: boolean; delivery: Delivery | null } | null>(null);
  const [resent, setResent] = useState<string | null>(null);
  const base = `/api/admin/institutions/${diCode}/access-codes`;
  const issue = useApi<AccessCodeIssued>("POST", base, {
    refresh: true,
    toBody: (d) => {
      const max = String(d.get("maxRedemptions") ?? "").trim();
      const code = String(d.get("code") ?? "").trim();
      return {
        ...(code ? { code } : {}),
        expiresAt: endOfDayIso(d.get("expiresOn")),
        maxRedemptions: max === "" ? null : Number(max),
      };
    },
    onSuccess: (answer) => setShown({ code: answer.accessCode.code, rotated: false, delivery: answer.accessCode.delivery }),
  });
  return (
    <div className="space-y-6">
      {shown ? (
        <Notice tone="success" title={shown.rotated ? "The code was rotated. The old code no longer works." : "A new access code was issued."}>
          <p className="mt-1" data-testid="issued-delivery">
            {deliveryNote(shown.delivery)}
          </p>
          <p className="mt-1">This is the only time the console shows it.</p>
          <p id="issued-code" className="mt-2 font-mono text-lg font-bold tracking-wider" data-testid="issued-code">
            {shown.code}
          </p>
          <CopyButton value={shown.code} label="Copy access code" targetId="issued-code" />
        </Notice>
      ) : null}
      {resent ? (
        <Notice tone="success" testId="resent-notice">
          {resent}
        </Notice>
      ) : null}

      {codes.length ? (
        <div tabIndex={0} className="overflow-x-auto">
          <Table
            testId="access-code-table"
            columns={["Code ends in", "Status", "Redeemed", "Expires", "Issued", "Emailed", { label: "Actions", srOnly: true }]}
          >
            {codes.map((c) => (
              <tr key={c.id} className="border-b border-slate-200 align-top" data-testid={`access-code-${c.hint}`}>
                <td className="py-2 pr-3 font-mono">…{c.hint}</td>
                <td className="py-2 pr-3">
                  {STATUS_LABELS[c.status]}
                  {c.revoked ? <span className="block text-xs text-slate-600">{c.revoked}</span> : null}
                </td>
                <td className="py-2 pr-3 text-right">
                  {c.redemptions}
                  {c.maxRedemptions !== null ? ` of ${c.maxRedemptions}` : ""}
                </td>
                <td className="py-2 pr-3">{c.expires}</td>
                <td className="py-2 pr-3">
                  {c.created}
                  {c.createdBy ? <span className="block text-xs text-slate-600">by {c.createdBy}</span> : null}
                </td>
                <td className="py-2 pr-3" data-testid={`deliveries-${c.hint}`}>
                  {c.deliveries.length ? (
                    <ul className="space-y-1">
                      {c.deliveries.map((d) => (
                        <li key={`${d.when}-${d.to}`} className={d.error ? "text-red-700" : undefined}>
                          {d.error ? `Not sent to ${d.to} ${d.when}: ${d.error}` : `To ${d.to} ${d.when}`}
                          <span className="block text-xs text-slate-600">{d.reason}</span>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    "Never"
                  )}
                </td>
                <td className="py-2">
                  {c.status !== "revoked" ? (
                    <div className="flex flex-wrap items-start gap-2">
                      {c.resendable ? (
                        <ActionButton
                          method="POST"
                          endpoint={`${base}/${c.id}/resend`}
                          label={`Resend code …${c.hint}`}
                          pendingLabel="Sending…"
                          onDone={(data) => setResent(`The code ending in ${c.hint} was emailed to ${(data as AccessCodeResent).delivery.email}.`)}
                        />
                      ) : null}
                      <ActionButton
                        method="POST"
                        endpoint={`${base}/${c.id}/rotate`}
                        label={`Rotate code …${c.hint}`}
                        pendingLabel="Rotating…"
                        confirm={`Replace the code ending in ${c.hint}? It stops working at once; users already enrolled keep their access.`}
                        onDone={(data) =>
                          setShown({
                            code: (data as AccessCodeIssued).accessCode.code,
                            rotated: true,
                            delivery: (data as AccessCodeIssued).accessCode.delivery,
                          })
                        }
                      />
                      <ActionButton
                        method="DELETE"
                        endpoint={`${base}/${c.id}`}
                        label={`Revoke code …${c.hint}`}
                        pendingLabel="Revoking…"
                        variant="danger"
                        confirm={`Revoke the code ending in ${c.hint}? It stops working at once; users already enrolled keep their access.`}
                      />
                      <ExpiryForm endpoint={`${base}/${c.id}`} hint={c.hint} current={c.expiresAtIso} />
                    </div>
                  ) : null}
                </td>
              </tr>
            ))}
          </Table>
        </div>
      ) : (
        <p className="text-slate-700">This institution has no access codes yet. Issue one below.</p>
      )}

      <form onSubmit={issue.onSubmit} className="space-y-4 rounded border border-slate-200 p-4" noValidate aria-labelledby="issue-heading">
        <h3 id="issue-heading" className="font-semibold text-brand-900">
          Issue a new code
        </h3>
        <FormError message={issue.message} />
        <div className="grid gap-4 sm:grid-cols-3">
          <Field label="Expires on (optional)" name="expiresOn" type="date" hint="Works until the end of that day." error={issue.fieldErrors.expiresAt} />
          <Field label="Most users (optional)" name="maxRedemptions" type="number" min={1} hint="Blank: no limit." error={issue.fieldErrors.maxRedemptions} />
          <Field label="Code (optional)" name="code" hint="Blank: a random code is made." autoComplete="off" error={issue.fieldErrors.code} />
        </div>
        <Button type="submit" disabled={issue.pending || !issue.ready} pending={issue.pending} pendingLabel="Issuing…">
          Issue Access Code
        </Button>
      </form>
    </div>
  );
}

function ExpiryForm({ endpoint, hint, current }: { endpoint: string; hint: string; current: string | null }) {
  const form = useApi("PATCH", endpoint, { refresh: true, toBody: (d) => ({ expiresAt: endOfDayIso(d.get("expiresOn")) }) });
  return (
    <details className="text-sm">
      <summary className="cursor-pointer py-2 text-brand-600">Set expiry</summary>
      <form onSubmit={form.onSubmit} className="mt-2 space-y-2" noValidate>
        <FormError message={form.message} />
        <Field
          label={`Expiry of code …${hint}`}
          name="expiresOn"
          type="date"
          hint="Blank: never expires."
          defaultValue={current ? current.slice(0, 10) : ""}
          error={form.fieldErrors.expiresAt}
        />
        <Button type="submit" variant="secondary" disabled={form.pending || !form.ready} pending={form.pending} pendingLabel="Saving…">
          Save Expiry
        </Button>
      </form>
    </details>
  );
}
