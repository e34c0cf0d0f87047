import { PortalHeader } from "@/components/portal-header";
import { authorizedInstitutions, pickInstitution, requireUser } from "@/lib/auth/gate";
import { InstitutionSwitcher } from "./institution-switcher";

export const dynamic = "force-dynamic";

const NAV = [
  { href: "/dashboard", label: "My Dashboard" },
  { href: "/bulk", label: "Bulk Reports (TXT / CSV)" },
  { href: "/pdf", label: "Individual Reports (PDF)" },
  { href: "/activity", label: "Institution Activity" },
  { href: "/notifications", label: "Notifications" },
];

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  // A user only ever sees the institutions they are enrolled at.
  const institutions = user.termsAccepted ? await authorizedInstitutions(user.id, "bulk:download") : [];
  const selected = pickInstitution(institutions, user.selectedOrganizationId);
  const switcher = selected ? (
    <InstitutionSwitcher institutions={institutions.map((i) => ({ id: i.id, name: i.name, diCode: i.diCode }))} selectedId={selected.id} />
  ) : null;
  return (
    <div className="flex min-h-screen flex-col">
      <PortalHeader user={user} nav={user.termsAccepted ? NAV : []} right={switcher} />
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8">
        {children}
      </main>
    </div>
  );
}
