"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { buttonClass } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

async function postJson(url: string, body: unknown, method = "POST"): Promise<{ ok: boolean; message: string }> {
  try {
    const response = await fetch(url, { method, headers: { "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = (await response.json().catch(() => ({}))) as { message?: string; error?: { message?: string } };
    if (!response.ok) return { ok: false, message: json.error?.message ?? `The request failed (${response.status}).` };
    return { ok: true, message: json.message ?? "Done." };
  } catch {
    return { ok: false, message: "We could not reach the server. Check your connection and try again." };
  }
}

/** On/off switch for one institution's daily email. */
export function NotificationToggle({ institutionId, institutionName, enabled }: { institutionId: string; institutionName: string; enabled: boolean }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="space-y-1">
      <button
        type="button"
        role="switch"
        aria-checked={enabled}
        aria-label={`Email notifications for ${institutionName}`}
        disabled={pending}
        onClick={async () => {
          setPending(true);
          setError(null);
          const result = await postJson("/api/notifications/settings", { institutionId, enabled: !enabled });
          setPending(false);
          if (!result.ok) setError(result.message);
          else router.refresh();
        }}
        className={`inline-flex min-w-24 items-center justify-center gap-2 rounded-full border px-3 py-1 text-sm font-semibold ${enabled ? "border-green-700 bg-green-700 text-white" : "border-slate-500 bg-white text-slate-800"}`}
      >
        <span aria-hidden="true" className={`inline-block h-3 w-3 rounded-full ${enabled ? "bg-white" : "bg-slate-500"}`} />
        {pending ? "Saving…" : enabled ? "On" : "Off"}
      </button>
      {error ? <Notice tone="error" testId="toggle-error">{error}</Notice> : null}
    </div>
  );
}

/** "Send test notification": the email now, so IT staff can test what it triggers. */
export function TestNotificationButton({ institutionId, institutionName }: { institutionId: string; institutionName: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  return (
    <div className="space-y-2">
      <button
        type="button"
        className={buttonClass("secondary")}
        disabled={pending}
        aria-label={`Send test notification for ${institutionName}`}
        onClick={async () => {
          setPending(true);
          setResult(null);
          const answer = await postJson("/api/notifications/test", { institutionId });
          setPending(false);
          setResult(answer);
          router.refresh();
        }}
      >
        {pending ? "Sending…" : "Send test notification"}
      </button>
      {result ? (
        <Notice tone={result.ok ? "success" : "error"} testId="test-notification-result">
          {result.message}
        </Notice>
      ) : null}
    </div>
  );
}

export { postJson };
