"use client";
import { Button } from "@/components/ui/button";

/** Opens the browser's print dialog; the page's print styles (app/globals.css) leave out the controls. */
export function PrintButton({ label = "Print" }: { label?: string }) {
  return (
    <Button variant="secondary" onClick={() => window.print()} className="mb-4 print:hidden">
      {label}
    </Button>
  );
}
