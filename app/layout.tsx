import type { Metadata } from "next";
import "./globals.css";

// Every page carries a per-request CSP nonce (proxy.ts), which only dynamic rendering can put
// on Next's scripts: a prerendered page's scripts would be blocked and its forms would not work.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "AP Higher Education Score Reports", template: "%s | AP Higher Education Score Reports" },
  description: "View and download AP score reports sent to your institution.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
        >
          Skip to main content
        </a>
        {children}
      </body>
    </html>
  );
}
