import Link from "next/link";

const TABS = [
  { key: "bulk", href: "/bulk", label: "Bulk Reports (TXT / CSV)" },
  { key: "pdf", href: "/pdf", label: "Individual Reports (PDF)" },
] as const;

export type ReportTab = (typeof TABS)[number]["key"];

/**
 * The two report tabs above the bulk and PDF pages (seed 000's screenshot). They are links
 * between pages, so they are a navigation landmark with aria-current rather than an ARIA
 * tablist (which would promise arrow-key switching inside one page).
 */
export function ReportTabs({ active, query = "" }: { active: ReportTab; /** e.g. "?institution=<id>", kept when switching tabs. */ query?: string }) {
  return (
    <nav aria-label="Score report type" className="mb-6 border-b border-slate-300">
      <ul className="-mb-px flex flex-wrap gap-1">
        {TABS.map((tab) => {
          const current = tab.key === active;
          return (
            <li key={tab.key}>
              <Link
                href={`${tab.href}${query}`}
                aria-current={current ? "page" : undefined}
                className={`inline-block rounded-t border px-4 py-2 text-sm font-semibold no-underline hover:no-underline ${
                  current ? "border-slate-300 border-b-white bg-white text-brand-900" : "border-transparent text-brand-700 hover:bg-slate-100"
                }`}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
