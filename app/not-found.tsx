import Link from "next/link";
import { SiteFooter } from "@/components/site-footer";
import { NotFoundView } from "@/components/status/not-found-view";

/** An address no route matches: the public frame, the explanation, the way home. */
export default function NotFound() {
  return (
    <div className="flex min-h-screen flex-col">
      <header className="bg-brand-900 text-white">
        <div className="mx-auto max-w-6xl px-4 py-3">
          <Link href="/" className="text-lg font-bold text-white no-underline hover:no-underline">
            AP<sup>®</sup> Higher Education Score Reports
          </Link>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-10">
        <NotFoundView homeHref="/" />
      </main>
      <SiteFooter />
    </div>
  );
}
