import { PortalHeader } from "@/components/portal-header";
import { SiteFooter } from "@/components/site-footer";
import { authorizedInstitutions, pickInstitution, requireUser } from "@/lib/auth/gate";
import { isK12OnlyUser } from "@/lib/k12/audience";
import { InstitutionSwitcher } from "./institution-switcher";

export const dynamic = "force-dynamic";

const NAV = [
  { href: "/dashboard", label: "My Dashboard" },
  { href: "/bulk", label: "Bulk Reports (TXT / CSV)" },
  { href: "/pdf", label: "Individual Reports (PDF)" },
  { href: "/activity", label: "Institution Activity" },
  { href: "/notifications", label: "Notifications" },
  { href: "/sftp-delivery", label: "SFTP Delivery" },
];

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  // K-12-only educators reach shared pages (Settings) here: no higher-ed navigation for them.
  const k12Only = await isK12OnlyUser(user.id);
  // A user only ever sees the institutions they are enrolled at.
  const institutions = user.termsAccepted ? await authorizedInstitutions(user.id, "bulk:download") : [];
  const selected = pickInstitution(institutions, user.selectedOrganizationId);
  const switcher = selected ? (
    <InstitutionSwitcher institutions={institutions.map((i) => ({ id: i.id, name: i.name, diCode: i.diCode }))} selectedId={selected.id} />
  ) : null;
  return (
    <div className="flex min-h-screen flex-col">
      {k12Only ? (
        <PortalHeader user={user} nav={[]} homeHref="/k12" productName="AP Score Reports for K-12 Educators" />
      ) : (
        <PortalHeader user={user} nav={user.termsAccepted ? NAV : []} right={switcher} carry={["institution"]} />
      )}
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8">
        {children}
      </main>
      <SiteFooter />
    </div>
  );
}
