"use client";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { currentNavHref } from "@/components/current-nav-item";

export interface NavItem {
  href: string;
  label: string;
}

/**
 * The main navigation bar; the page being shown is marked (aria-current) and underlined.
 * `carry`: query parameters that follow the user from page to page (the institution a page was
 * opened for, ?institution=), so the header's choice applies to every page.
 */
export function MainNav({ items, carry = [] }: { items: NavItem[]; carry?: string[] }) {
  const current = currentNavHref(
    usePathname() ?? "/",
    items.map((i) => i.href),
  );
  const search = useSearchParams();
  const kept = new URLSearchParams();
  for (const name of carry) {
    const value = search?.get(name);
    if (value) kept.set(name, value);
  }
  const suffix = kept.size ? `?${kept.toString()}` : "";
  return (
    <nav aria-label="Main" className="bg-brand-800 print:hidden">
      <ul className="mx-auto flex max-w-6xl flex-wrap gap-1 px-4">
        {items.map((item) => {
          const isCurrent = item.href === current;
          return (
            <li key={item.href}>
              <Link
                href={`${item.href}${suffix}`}
                aria-current={isCurrent ? "page" : undefined}
                className={`inline-block border-b-4 px-3 py-2 text-sm font-semibold text-white ${isCurrent ? "border-white" : "border-transparent"}`}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
