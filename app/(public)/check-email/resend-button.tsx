"use client";
import { useJsonForm } from "@/components/forms/use-json-form";
import { buttonClass } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { useState } from "react";

export function ResendButton() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useJsonForm<{ sentTo: string }>("/api/account/verify-email/resend", { onSuccess: (answer) => setSentTo(answer.sentTo) });
  return (
    <form method="post" onSubmit={form.onSubmit} className="space-y-3" noValidate>
      {form.message ? <Notice tone="error" testId="resend-error">{form.message}</Notice> : null}
      {sentTo ? (
        <Notice tone="success" testId="resend-result">
          We sent a new link to {sentTo}. Links sent before it no longer work.
        </Notice>
      ) : null}
      <button type="submit" className={buttonClass("secondary")} disabled={!form.ready || form.pending}>
        {form.pending ? "Sending…" : "Send a new link"}
      </button>
    </form>
  );
}
