import { env } from "@/lib/env";

/** The foot of every page: seed 000's "Questions? Contact:" with the configured support address. */
export function SiteFooter() {
  const support = env().SUPPORT_EMAIL;
  return (
    <footer className="border-t border-slate-200 bg-white py-4 text-center text-xs text-slate-600 print:hidden" data-testid="site-footer">
      Questions? Contact: <a href={`mailto:${support}`}>{support}</a>
    </footer>
  );
}
