import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageTitle } from "@/components/ui/card";
import { NewReportsBanner } from "@/components/new-reports-banner";
import { Notice } from "@/components/ui/notice";
import { redirect } from "next/navigation";
import { authorizedInstitutions, pickInstitution, requireAccountUser } from "@/lib/auth/gate";
import { bulkStatus } from "@/lib/bulk/queries";
import { markDashboardVisited } from "@/lib/notifications/mutations";

export const metadata: Metadata = { title: "My Dashboard" };

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requireAccountUser();
  const params = await searchParams;
  const institutions = await authorizedInstitutions(user.id, "bulk:download");
  // Seed 000: My Dashboard and Get Access come first; once enrolled, the portal asks for the terms.
  if (!user.termsAccepted && institutions.length) redirect("/terms");
  const selected = pickInstitution(institutions, user.selectedOrganizationId);
  // Visiting the selected institution's dashboard activates its daily email (seed 000, step 3).
  const [status] = selected ? await Promise.all([bulkStatus(user.id, selected.id), markDashboardVisited(user.id, selected.id)]) : [null];
  return (
    <>
      <PageTitle subtitle={`Welcome, ${user.firstName}.`}>My Dashboard</PageTitle>
      {params.denied === "admin" ? (
        <div className="mb-4">
          <Notice tone="error">That page is for program administrators only.</Notice>
        </div>
      ) : null}
      {selected && status ? (
        <NewReportsBanner
          newCount={status.newCount}
          lastDownloadAt={status.lastDownload?.at ?? null}
          institutionName={selected.name}
          bulkHref={`/bulk?institution=${selected.id}`}
        />
      ) : null}
      <Card className="mb-6">
        <h2 className="mb-3 text-lg font-semibold text-brand-900">Your institutions</h2>
        {institutions.length ? (
          <ul className="divide-y divide-slate-200" data-testid="institution-list">
            {institutions.map((i) => (
              <li key={i.id} className="flex items-center justify-between py-2">
                <span>
                  {i.name} <span className="text-sm text-slate-600">(DI code {i.diCode})</span>
                </span>
                <Link href={`/bulk?institution=${i.id}`}>Score reports</Link>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-slate-700">
            Your account is not enrolled at any institution yet. Use Get Access below with the access code your institution sent you.
          </p>
        )}
      </Card>
      <Card>
        <h2 className="mb-3 text-lg font-semibold text-brand-900">Add Additional Tools And Services</h2>
        <details className="mb-2">
          <summary className="cursor-pointer font-semibold">K-12</summary>
          <ul className="ml-6 mt-2 list-disc">
            <li>
              AP Score Reports for K-12 Educators <Link href="/k12">Open</Link>
            </li>
          </ul>
        </details>
        <details open>
          <summary className="cursor-pointer font-semibold">Higher Education</summary>
          <ul className="ml-6 mt-2 space-y-1">
            <li>
              AP Higher Ed Score Reports <Link href="/enroll">Get Access</Link>
            </li>
          </ul>
        </details>
      </Card>
    </>
  );
}
