"use client";
import { useApi } from "@/components/api/use-api";
import type { RedirectResponse } from "@/lib/accounts/serializers";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

export function AcceptTermsForm({ version, label = "I have read and accept the site terms of use." }: { version: string; label?: string }) {
  const form = useApi<RedirectResponse>("POST", "/api/account/terms", {
    toBody: (d) => ({ version, accept: d.get("accept") === "on" }),
    onSuccess: (answer) => window.location.assign(answer.redirectTo),
  });
  return (
    <form onSubmit={form.onSubmit} className="space-y-4" noValidate>
      {form.message ? (
        <Notice tone="error" testId="form-error">
          {form.message}
        </Notice>
      ) : null}
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="accept" className="mt-1 h-4 w-4" />
        <span>{label}</span>
      </label>
      <Button type="submit" disabled={!form.ready || form.pending} pending={form.pending} pendingLabel="Saving…">
        Accept and Continue
      </Button>
    </form>
  );
}
