"use client";
import { useState } from "react";
import { useApi } from "@/components/api/use-api";
import type { VerificationSent } from "@/lib/accounts/serializers";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

export function ResendButton() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useApi<VerificationSent>("POST", "/api/account/verify-email/resend", { onSuccess: (answer) => setSentTo(answer.sentTo) });
  return (
    <form method="post" onSubmit={form.onSubmit} className="space-y-3" noValidate>
      {form.message ? (
        <Notice tone="error" testId="resend-error">
          {form.message}
        </Notice>
      ) : null}
      {sentTo ? (
        <Notice tone="success" testId="resend-result">
          We sent a new link to {sentTo}. Links sent before it no longer work.
        </Notice>
      ) : null}
      <Button type="submit" variant="secondary" disabled={!form.ready} pending={form.pending} pendingLabel="Sending…">
        Send a new link
      </Button>
    </form>
  );
}
