import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageTitle } from "@/components/ui/card";
import { programOverview } from "@/lib/institutions/queries";
import { requireAdmin } from "@/lib/auth/gate";

export const metadata: Metadata = { title: "Administration" };

export default async function AdminHome() {
  const user = await requireAdmin();
  const o = await programOverview();
  const tiles = [
    { href: "/admin/institutions", label: "Institutions", value: o.institutions, note: "Create institutions and manage their access codes." },
    {
      href: "/admin/users",
      label: "Users",
      value: o.users,
      note: o.lockedUsers ? `${o.lockedUsers} locked out now.` : "Find accounts, enrollments and sign-ins.",
    },
    { href: "/admin/score-data", label: "Score reports", value: o.reports, note: "Load score data from a TXT file." },
    { href: "/admin/tokens", label: "Active API tokens", value: o.activeTokens, note: "Tokens for scripts and test suites." },
    { href: "/admin/outbox", label: "Emails in the outbox", value: o.outbox, note: "Written when no mail server is configured." },
  ];
  return (
    <>
      <PageTitle subtitle={`Signed in as ${user.email}.`}>Administration</PageTitle>
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {tiles.map((t) => (
          <li key={t.href}>
            <Card>
              <h2 className="text-lg font-semibold text-brand-900">
                <Link href={t.href}>{t.label}</Link>
              </h2>
              <p className="my-1 text-3xl font-bold text-slate-900">{t.value.toLocaleString("en-US")}</p>
              <p className="text-sm text-slate-700">{t.note}</p>
            </Card>
          </li>
        ))}
      </ul>
    </>
  );
}
