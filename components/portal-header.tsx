import Link from "next/link";
import { IdleSessionWarning } from "@/components/idle-session-warning";
import { MainNav, type NavItem } from "@/components/main-nav";
import { ProfileMenu } from "@/components/profile-menu";
import { SignOutButton } from "@/components/sign-out-button";

export type { NavItem };

/** The top bar of signed-in pages: product name, main navigation, the user's menu. */
export function PortalHeader({
  user,
  nav,
  right,
  homeHref = "/dashboard",
  productName = "AP Higher Education Score Reports",
  carry,
}: {
  user: { firstName: string; lastName: string; role: string };
  nav: NavItem[];
  /** Extra controls at the upper right (e.g. the institution switcher). */
  right?: React.ReactNode;
  homeHref?: string;
  productName?: string;
  /** Query parameters the navigation keeps from page to page (see MainNav). */
  carry?: string[];
}) {
  return (
    <header className="bg-brand-900 text-white print:border-b print:border-black print:bg-white print:text-black">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
        <Link href={homeHref} className="text-lg font-bold text-white no-underline hover:no-underline print:text-black">
          {productName}
        </Link>
        <div className="flex flex-wrap items-center gap-3 print:hidden">
          {right}
          <ProfileMenu user={user} />
          {user.role === "ADMIN" ? (
            <Link href="/admin" className="text-sm text-white">
              Admin
            </Link>
          ) : null}
          <SignOutButton />
        </div>
      </div>
      {nav.length ? <MainNav items={nav} carry={carry} /> : null}
      <IdleSessionWarning />
    </header>
  );
}
