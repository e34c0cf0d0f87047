"use client";
import Link from "next/link";
import { useEffect } from "react";
import { Button } from "@/components/ui/button";
import { buttonClass } from "@/components/ui/button-styles";

/**
 * What a page shows when rendering it failed unexpectedly: no details (the server logs them
 * under the digest), a way to try again, and a way home. The heading takes focus, so a screen
 * reader announces the failure instead of silence.
 */
export function ErrorView({ error, retry, homeHref }: { error: unknown; retry: () => void; homeHref: string }) {
  const digest = error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : null;
  useEffect(() => {
    document.getElementById("error-heading")?.focus();
  }, []);
  return (
    <section aria-labelledby="error-heading" className="mx-auto max-w-xl rounded-lg border border-red-200 bg-white p-6 shadow-sm" data-testid="error-view">
      <h1 id="error-heading" tabIndex={-1} className="text-2xl font-bold text-brand-900 outline-none">
        Something went wrong
      </h1>
      <p className="mt-2 text-slate-700">
        This page could not be shown. Nothing you saved was lost. Try again; if it keeps happening, write to the support address at the foot of the page
        {digest ? " and quote this reference" : ""}.
      </p>
      {digest ? (
        <p className="mt-2 text-sm text-slate-600">
          Reference: <code className="font-mono">{digest}</code>
        </p>
      ) : null}
      <div className="mt-4 flex flex-wrap gap-3">
        <Button onClick={() => retry()}>Try again</Button>
        <Link href={homeHref} className={buttonClass("secondary")}>
          Go to the home page
        </Link>
      </div>
    </section>
  );
}
