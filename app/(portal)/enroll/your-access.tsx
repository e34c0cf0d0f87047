"use client";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { buttonClass } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

export interface AccessRowView {
  organizationId: string;
  organizationName: string;
  diCode: string;
  position: string;
  expiration: string;
}

/** The "Your access" table, with leaving an institution behind a confirmation. */
export function YourAccess({ rows }: { rows: AccessRowView[] }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  async function leave(organizationId: string) {
    setPending(true);
    setOutcome(null);
    try {
      const response = await fetch("/api/enrollment/leave", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ organizationId, confirm: true }),
      });
      const body = (await response.json().catch(() => ({}))) as { message?: string; error?: { message?: string } };
      if (!response.ok) {
        setOutcome({ tone: "error", text: body.error?.message ?? `The request failed (${response.status}).` });
      } else {
        setOutcome({ tone: "success", text: body.message ?? "Done." });
        setConfirming(null);
        router.refresh();
      }
    } catch {
      setOutcome({ tone: "error", text: "We could not reach the server. Check your connection and try again." });
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="space-y-3">
      {outcome ? (
        <Notice tone={outcome.tone} testId={outcome.tone === "error" ? "leave-error" : "leave-success"}>
          {outcome.text}
        </Notice>
      ) : null}
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" aria-labelledby="your-access-heading" data-testid="your-access">
          <thead className="border-b border-slate-300 text-slate-700">
            <tr>
              <th scope="col" className="py-2 pr-3">
                Organization
              </th>
              <th scope="col" className="py-2 pr-3">
                Position
              </th>
              <th scope="col" className="py-2 pr-3">
                Expiration Date
              </th>
              <th scope="col" className="py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {rows.length === 0 ? (
              <tr>
                <td colSpan={4} className="py-3 text-slate-700">
                  You do not have access to any institution yet.
                </td>
              </tr>
            ) : (
              rows.map((row) => (
                <tr key={row.organizationId}>
                  <td className="py-2 pr-3">
                    {row.organizationName} <span className="text-slate-600">(DI code {row.diCode})</span>
                  </td>
                  <td className="py-2 pr-3">{row.position}</td>
                  <td className="py-2 pr-3">{row.expiration}</td>
                  <td className="py-2 text-right">
                    {confirming === row.organizationId ? (
                      <div role="group" aria-label={`Confirm leaving ${row.organizationName}`} className="space-y-2 text-left">
                        <p className="text-slate-800">Leave {row.organizationName}? You will no longer see its score reports.</p>
                        <div className="flex gap-2">
                          <button ref={confirmRef} type="button" className={buttonClass("danger")} disabled={pending} onClick={() => leave(row.organizationId)}>
                            {pending ? "Leaving…" : "Yes, leave"}
                          </button>
                          <button type="button" className={buttonClass("secondary")} disabled={pending} onClick={() => setConfirming(null)}>
                            Cancel
                          </button>
                        </div>
                      </div>
                    ) : (
                      <button type="button" className={buttonClass("secondary")} onClick={() => { setOutcome(null); setConfirming(row.organizationId); }}>
                        Leave<span className="sr-only"> {row.organizationName}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
