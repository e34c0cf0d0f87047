"use client";
import { buttonClass } from "@/components/ui/button-styles";

/** Opens the browser's print dialog; the page's print styles (app/globals.css) leave out the controls. */
export function PrintButton({ label = "Print" }: { label?: string }) {
  return (
    <button type="button" onClick={() => window.print()} className={`${buttonClass("secondary")} mb-4 print:hidden`}>
      {label}
    </button>
  );
}
