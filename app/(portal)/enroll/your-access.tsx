"use client";
import { useEffect, useRef, useState } from "react";
import { outcomeOf, useApi, type Outcome } from "@/components/api/use-api";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { TD, Table } from "@/components/ui/table";
import type { LeftResponse } from "@/lib/enrollment/serializers";

export interface AccessRowView {
  organizationId: string;
  organizationName: string;
  diCode: string;
  position: string;
  expiration: string;
}

/** The "Your access" table, with leaving an institution behind a confirmation. */
export function YourAccess({ rows }: { rows: AccessRowView[] }) {
  const [confirming, setConfirming] = useState<string | null>(null);
  const leaving = useApi<LeftResponse>("POST", "/api/enrollment/leave", { refresh: true });
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  async function leave(organizationId: string) {
    setOutcome(null);
    const answer = await leaving.run({ organizationId, confirm: true });
    setOutcome(outcomeOf(answer));
    if (answer.ok) setConfirming(null);
  }
  const pending = leaving.pending;

  return (
    <div className="space-y-3">
      {outcome ? (
        <Notice tone={outcome.ok ? "success" : "error"} testId={outcome.ok ? "leave-success" : "leave-error"}>
          {outcome.message}
        </Notice>
      ) : null}
      <Table
        labelledBy="your-access-heading"
        columns={["Organization", "Position", "Expiration Date", { label: "Actions", srOnly: true }]}
        testId="your-access"
      >
        {rows.length === 0 ? (
          <tr>
            <td colSpan={4} className={`${TD} text-slate-700`}>
              You do not have access to any institution yet.
            </td>
          </tr>
        ) : (
          rows.map((row) => (
            <tr key={row.organizationId}>
              <td className={TD}>
                {row.organizationName} <span className="text-slate-600">(DI code {row.diCode})</span>
              </td>
              <td className={TD}>{row.position}</td>
              <td className={TD}>{row.expiration}</td>
              <td className={`${TD} text-right`}>
                {confirming === row.organizationId ? (
                  <div role="group" aria-label={`Confirm leaving ${row.organizationName}`} className="space-y-2 text-left">
                    <p className="text-slate-800">Leave {row.organizationName}? You will no longer see its score reports.</p>
                    <div className="flex gap-2">
                      <Button ref={confirmRef} variant="danger" pending={pending} pendingLabel="Leaving…" onClick={() => leave(row.organizationId)}>
                        Yes, leave
                      </Button>
                      <Button variant="secondary" disabled={pending} onClick={() => setConfirming(null)}>
                        Cancel
                      </Button>
                    </div>
                  </div>
                ) : (
                  <Button
                    variant="secondary"
                    onClick={() => {
                      setOutcome(null);
                      setConfirming(row.organizationId);
                    }}
                  >
                    Leave<span className="sr-only"> {row.organizationName}</span>
                  </Button>
                )}
              </td>
            </tr>
          ))
        )}
      </Table>
    </div>
  );
}
