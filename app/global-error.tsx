"use client";
import "./globals.css";
import { ErrorView } from "@/components/status/error-view";

/** A failure in the root layout itself: it replaces the whole document, so it brings its own. */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <title>Something went wrong | AP Higher Education Score Reports</title>
        <main id="main" className="mx-auto w-full max-w-6xl px-4 py-10">
          <ErrorView error={error} retry={retry} homeHref="/" />
        </main>
      </body>
    </html>
  );
}
