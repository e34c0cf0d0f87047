import { PortalHeader } from "@/components/portal-header";
import { SiteFooter } from "@/components/site-footer";
import { requireAdmin } from "@/lib/auth/gate";

export const dynamic = "force-dynamic";

const NAV = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/institutions", label: "Institutions" },
  { href: "/admin/users", label: "Users" },
  { href: "/admin/score-data", label: "Score Data" },
  { href: "/admin/audit", label: "Audit Log" },
  { href: "/admin/tokens", label: "API Tokens" },
  { href: "/admin/outbox", label: "Outbox" },
];

// The layout gates for the header; every page and API call checks again on its own.
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const user = await requireAdmin();
  return (
    <div className="flex min-h-screen flex-col">
      <PortalHeader user={user} nav={NAV} homeHref="/admin" productName="AP Score Reports Administration" />
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8">
        {children}
      </main>
      <SiteFooter />
    </div>
  );
}
