import Link from "next/link";
import { buttonClass } from "@/components/ui/button-styles";

/** A page or record that does not exist (or that this account may not know exists). */
export function NotFoundView({ homeHref, homeLabel = "Go to the home page" }: { homeHref: string; homeLabel?: string }) {
  return (
    <section
      aria-labelledby="not-found-heading"
      className="mx-auto max-w-xl rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
      data-testid="not-found-view"
    >
      <h1 id="not-found-heading" className="text-2xl font-bold text-brand-900">
        Page not found
      </h1>
      <p className="mt-2 text-slate-700">There is no page at this address. Check the address, or start again from the home page.</p>
      <div className="mt-4">
        <Link href={homeHref} className={buttonClass("primary")}>
          {homeLabel}
        </Link>
      </div>
    </section>
  );
}
