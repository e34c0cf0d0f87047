"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { currentNavHref } from "@/components/current-nav-item";

const DOCS = [
  { href: "/docs/web-service", label: "Web service" },
  { href: "/docs/txt-layout", label: "TXT layout" },
];

/** The documentation links of the public header; the page being shown is marked (aria-current). */
export function DocsNav() {
  const current = currentNavHref(
    usePathname() ?? "/",
    DOCS.map((d) => d.href),
  );
  return (
    <nav aria-label="Documentation" className="flex gap-4 text-sm print:hidden">
      {DOCS.map((d) => (
        <Link
          key={d.href}
          className={`text-white ${d.href === current ? "font-bold underline" : ""}`}
          href={d.href}
          aria-current={d.href === current ? "page" : undefined}
        >
          {d.label}
        </Link>
      ))}
    </nav>
  );
}
