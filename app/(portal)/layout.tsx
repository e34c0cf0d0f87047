import { PortalHeader } from "@/components/portal-header";
import { requireUser } from "@/lib/auth/gate";

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
  return (
    <div className="flex min-h-screen flex-col">
      <PortalHeader user={user} nav={user.termsAccepted ? NAV : []} />
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8">
        {children}
      </main>
    </div>
  );
}
