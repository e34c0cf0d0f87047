import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, PageTitle } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { getInstitution } from "@/lib/institutions/queries";
import { DiCodeSchema } from "@/lib/institutions/schema";
import { requireAdmin } from "@/lib/auth/gate";
import { when } from "../../_components/format";
import { AccessCodes } from "./access-codes";
import { EditInstitutionForm } from "./edit-institution-form";

export const metadata: Metadata = { title: "Institution" };

const DELIVERY_REASONS: Record<string, string> = { issued: "Issued", rotated: "Rotated", resent: "Resent", loaded: "Loaded" };

export default async function InstitutionPage({
  params,
  searchParams,
}: {
  params: Promise<{ diCode: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  await requireAdmin();
  const parsed = DiCodeSchema.safeParse((await params).diCode);
  if (!parsed.success) notFound();
  const institution = await getInstitution(parsed.data);
  if (!institution) notFound();
  const created = (await searchParams).created === "1";
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin/institutions">← Institutions</Link>
      </p>
      <PageTitle
        subtitle={`DI code ${institution.diCode} · ${institution.reports.toLocaleString("en-US")} score reports · created ${when(institution.createdAt)}`}
      >
        {institution.name}
      </PageTitle>
      {created ? (
        <div className="mb-4">
          <Notice tone="success" testId="created-notice">
            The institution was created. Issue an access code below: it is emailed to the institution&apos;s primary contact.
          </Notice>
        </div>
      ) : null}
      <Card className="mb-6">
        <h2 className="mb-3 text-lg font-semibold text-brand-900">Access codes</h2>
        <AccessCodes
          diCode={institution.diCode}
          codes={institution.accessCodes.map((c) => ({
            id: c.id,
            hint: c.hint,
            purpose: c.purpose,
            status: c.status,
            redemptions: c.redemptions,
            maxRedemptions: c.maxRedemptions,
            expires: c.expiresAt ? when(c.expiresAt) : "Never",
            expiresAtIso: c.expiresAt?.toISOString() ?? null,
            revoked: c.revokedAt ? when(c.revokedAt) : null,
            created: when(c.createdAt),
            createdBy: c.createdBy,
            resendable: c.resendable,
            deliveries: c.deliveries.map((d) => ({
              to: d.email,
              when: when(d.sentAt ?? d.createdAt),
              reason: `${DELIVERY_REASONS[d.reason] ?? d.reason} by ${d.requestedBy}`,
              error: d.sentAt ? null : (d.error ?? "not sent"),
            })),
          }))}
        />
      </Card>
      <Card className="mb-6">
        <h2 className="mb-3 text-lg font-semibold text-brand-900">Enrolled users ({institution.members.length})</h2>
        {institution.members.length ? (
          <ul className="divide-y divide-slate-200" data-testid="member-list">
            {institution.members.map((m) => (
              <li key={m.membershipId} className="flex flex-wrap justify-between gap-2 py-2 text-sm">
                <span>
                  <Link href={`/admin/users/${m.userId}`}>{m.name}</Link> ({m.email}) · {m.position}
                </span>
                <span className="text-slate-600">since {when(m.createdAt)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-slate-700">No one has enrolled for this institution yet.</p>
        )}
      </Card>
      <Card>
        <h2 className="mb-3 text-lg font-semibold text-brand-900">Institution details</h2>
        <EditInstitutionForm diCode={institution.diCode} values={institution} />
      </Card>
    </>
  );
}
