"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";

/**
 * Copies a one-time secret (app password, recovery codes, setup key, issued code or token) to
 * the clipboard and says so to screen readers. Where the browser refuses the clipboard (a page
 * served over plain HTTP), it selects the text instead so Ctrl+C / ⌘C copies it.
 */
export function CopyButton({
  value,
  label = "Copy",
  targetId,
}: {
  value: string;
  label?: string;
  /** The element showing the value, selected when the clipboard is unavailable. */ targetId?: string;
}) {
  const [status, setStatus] = useState<"idle" | "copied" | "selected">("idle");

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setStatus("copied");
    } catch {
      const target = targetId ? document.getElementById(targetId) : null;
      if (target) {
        const range = document.createRange();
        range.selectNodeContents(target);
        const selection = window.getSelection();
        selection?.removeAllRanges();
        selection?.addRange(range);
      }
      setStatus("selected");
    }
  }

  return (
    <span className="inline-flex items-center gap-2">
      <Button variant="secondary" onClick={() => void copy()}>
        {label}
      </Button>
      <span role="status" className="text-sm">
        {status === "copied" ? "Copied to the clipboard." : status === "selected" ? "Selected: press Ctrl+C (⌘C on a Mac) to copy." : ""}
      </span>
    </span>
  );
}
