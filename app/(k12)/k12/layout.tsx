import type { Metadata } from "next";
import Link from "next/link";
import { PortalHeader, type NavItem } from "@/components/portal-header";
import { SiteFooter } from "@/components/site-footer";
import { requireUser } from "@/lib/auth/gate";
import { requireK12User } from "@/lib/k12/gate";
import { reportsFor, type K12Option } from "@/lib/k12/rules";
import { ROLE_LABELS } from "@/lib/permissions";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "AP Score Reports for K-12 Educators", template: "%s | AP Score Reports for K-12 Educators" },
};

function navFor(option: K12Option | null): NavItem[] {
  return [{ href: "/k12", label: "Home" }, ...reportsFor(option).map((r) => ({ href: r.href, label: r.title }))];
}

export default async function K12Layout({ children }: { children: React.ReactNode }) {
  // Before the K-12 terms are accepted only the terms page renders here: no navigation.
  const signedIn = await requireUser();
  if (!signedIn.k12TermsAccepted)
    return (
      <K12Shell user={signedIn} nav={[]}>
        {children}
      </K12Shell>
    );
  const { user, access, current } = await requireK12User();
  const right = (
    <span className="flex flex-wrap items-center gap-3 text-sm" data-testid="k12-organization">
      {current ? (
        <span>
          <span className="font-semibold">{current.name}</span> <span className="text-white/80">({ROLE_LABELS[current.role]})</span>
        </span>
      ) : null}
      {access.options.length > 0 ? (
        <Link href="/k12/organizations" className="text-white">
          Change Organization
        </Link>
      ) : null}
    </span>
  );
  return (
    <K12Shell user={user} nav={navFor(current)} right={right}>
      {children}
    </K12Shell>
  );
}

function K12Shell({
  user,
  nav,
  right,
  children,
}: {
  user: { firstName: string; lastName: string; role: string };
  nav: NavItem[];
  right?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <div className="flex min-h-screen flex-col">
      <PortalHeader user={user} nav={nav} right={right} homeHref="/k12" productName="AP Score Reports for K-12 Educators" />
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8">
        {children}
      </main>
      <SiteFooter />
    </div>
  );
}
