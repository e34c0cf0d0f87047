import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "AP Higher Education Score Reports", template: "%s | AP Higher Education Score Reports" },
  description: "View and download AP score reports sent to your institution.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
          Skip to main content
        </a>
        {children}
      </body>
    </html>
  );
}
