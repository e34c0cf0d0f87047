import type { Metadata } from "next";
import { Table } from "@/components/ui/table";
import { Card, PageTitle } from "@/components/ui/card";
import { listAdminTokens } from "@/lib/admin-tokens/queries";
import { requireAdmin } from "@/lib/auth/gate";
import { ActionButton } from "@/components/ui/action-button";
import { when } from "../_components/format";
import { CreateTokenForm } from "./create-token-form";

export const metadata: Metadata = { title: "API Tokens" };

export default async function TokensPage() {
  await requireAdmin();
  const tokens = await listAdminTokens();
  return (
    <>
      <PageTitle subtitle="Bearer tokens for the admin API, for scripts and test suites. Send them as Authorization: Bearer <token>.">API Tokens</PageTitle>
      <Card className="mb-6">
        <h2 className="mb-3 text-lg font-semibold text-brand-900">Create a token</h2>
        <CreateTokenForm />
      </Card>
      <Card>
        <h2 className="mb-3 text-lg font-semibold text-brand-900">Tokens</h2>
        {tokens.length ? (
          <div tabIndex={0} className="overflow-x-auto">
            <Table testId="token-table" columns={["Name", "Starts with", "Created", "Last used", "Status"]}>
              {tokens.map((t) => (
                <tr key={t.id} className="border-b border-slate-200 align-top">
                  <td className="py-2 pr-3">{t.name}</td>
                  <td className="py-2 pr-3 font-mono">{t.prefix}…</td>
                  <td className="py-2 pr-3">
                    {when(t.createdAt)}
                    {t.createdBy ? <span className="block text-xs text-slate-600">by {t.createdBy}</span> : null}
                  </td>
                  <td className="py-2 pr-3">{when(t.lastUsedAt)}</td>
                  <td className="py-2">
                    {t.revokedAt ? (
                      `Revoked ${when(t.revokedAt)}`
                    ) : (
                      <ActionButton
                        method="DELETE"
                        endpoint={`/api/admin/tokens/${t.id}`}
                        label={`Revoke ${t.name}`}
                        pendingLabel="Revoking…"
                        variant="danger"
                        confirm={`Revoke the token "${t.name}"? Scripts using it stop working at once.`}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </Table>
          </div>
        ) : (
          <p className="text-slate-700">No tokens yet.</p>
        )}
      </Card>
    </>
  );
}
