"use client";
import { useState } from "react";
import { outcomeOf, useApi, type Outcome } from "@/components/api/use-api";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import type { SettingsResponse, TestNotificationResponse } from "@/lib/notifications/serializers";

/** On/off switch for one institution's daily email. */
export function NotificationToggle({ institutionId, institutionName, enabled }: { institutionId: string; institutionName: string; enabled: boolean }) {
  const toggle = useApi<SettingsResponse>("POST", "/api/notifications/settings", { refresh: true });
  return (
    <div className="space-y-1">
      <button
        type="button"
        role="switch"
        aria-checked={enabled}
        aria-label={`Email notifications for ${institutionName}`}
        disabled={toggle.pending}
        onClick={() => void toggle.run({ institutionId, enabled: !enabled })}
        className={`inline-flex min-w-24 items-center justify-center gap-2 rounded-full border px-3 py-1 text-sm font-semibold ${enabled ? "border-green-700 bg-green-700 text-white" : "border-slate-500 bg-white text-slate-800"}`}
      >
        <span aria-hidden="true" className={`inline-block h-3 w-3 rounded-full ${enabled ? "bg-white" : "bg-slate-500"}`} />
        {toggle.pending ? "Saving…" : enabled ? "On" : "Off"}
      </button>
      {toggle.message ? (
        <Notice tone="error" testId="toggle-error">
          {toggle.message}
        </Notice>
      ) : null}
    </div>
  );
}

/** "Send test notification": the email now, so IT staff can test what it triggers. */
export function TestNotificationButton({ institutionId, institutionName }: { institutionId: string; institutionName: string }) {
  const send = useApi<TestNotificationResponse>("POST", "/api/notifications/test", { refresh: true });
  const [result, setResult] = useState<Outcome | null>(null);
  return (
    <div className="space-y-2">
      <Button
        variant="secondary"
        pending={send.pending}
        pendingLabel="Sending…"
        aria-label={`Send test notification for ${institutionName}`}
        onClick={async () => {
          setResult(null);
          setResult(outcomeOf(await send.run({ institutionId })));
        }}
      >
        Send test notification
      </Button>
      {result ? (
        <Notice tone={result.ok ? "success" : "error"} testId="test-notification-result">
          {result.message}
        </Notice>
      ) : null}
    </div>
  );
}
