"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useJsonForm } from "@/components/forms/use-json-form";
import { buttonClass } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { postJson } from "./notification-controls";

/** Registers a webhook; shows the signing secret once. */
export function WebhookForm({ institutionId }: { institutionId: string }) {
  const router = useRouter();
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);
  const form = useJsonForm<{ webhook: { url: string }; secret: string }>("/api/webhooks", {
    toBody: (d) => ({ institutionId, url: String(d.get("url") ?? "") }),
    onSuccess: (answer) => {
      setCreated({ url: answer.webhook.url, secret: answer.secret });
      router.refresh();
    },
  });
  return (
    <div className="space-y-4">
      {created ? (
        <Notice tone="success" title="Webhook added" testId="webhook-secret">
          <p>
            Events for this institution will be sent to <span className="font-mono break-all">{created.url}</span>. Your signing secret is shown
            only now; store it with your receiver:
          </p>
          <p className="mt-2 select-all break-all rounded bg-white px-2 py-1 font-mono text-slate-900" data-testid="webhook-secret-value">
            {created.secret}
          </p>
        </Notice>
      ) : null}
      <form
        onSubmit={(e) => {
          setCreated(null);
          void form.onSubmit(e);
        }}
        className="flex flex-wrap items-end gap-3"
        noValidate
      >
        {form.message && !form.fieldErrors.url ? <Notice tone="error" testId="webhook-form-error">{form.message}</Notice> : null}
        <Field
          className="min-w-72 flex-1 space-y-1"
          label="Webhook URL"
          name="url"
          type="url"
          inputMode="url"
          placeholder="https://sis.example.edu/hooks/ap-scores"
          required
          error={form.fieldErrors.url}
          hint="We POST a signed JSON event here when new score reports are released. https:// is required in production."
        />
        <button type="submit" className={buttonClass()} disabled={!form.ready || form.pending}>
          {form.pending ? "Adding…" : "Add Webhook"}
        </button>
      </form>
    </div>
  );
}

export function WebhookActions({ webhookId, institutionId, url }: { webhookId: string; institutionId: string; url: string }) {
  const router = useRouter();
  const [pending, setPending] = useState<"test" | "remove" | null>(null);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          className={buttonClass("secondary")}
          disabled={pending !== null}
          aria-label={`Send test event to ${url}`}
          onClick={async () => {
            setPending("test");
            setResult(null);
            setResult(await postJson(`/api/webhooks/${webhookId}/test`, { institutionId }));
            setPending(null);
            router.refresh();
          }}
        >
          {pending === "test" ? "Sending…" : "Send test event"}
        </button>
        <button
          type="button"
          className={buttonClass("danger")}
          disabled={pending !== null}
          aria-label={`Remove webhook ${url}`}
          onClick={async () => {
            if (!window.confirm(`Remove the webhook ${url}? Events will no longer be sent to it.`)) return;
            setPending("remove");
            setResult(null);
            const answer = await postJson(`/api/webhooks/${webhookId}?institution=${encodeURIComponent(institutionId)}`, undefined, "DELETE");
            setPending(null);
            if (!answer.ok) setResult(answer);
            router.refresh();
          }}
        >
          {pending === "remove" ? "Removing…" : "Remove"}
        </button>
      </div>
      {result ? (
        <Notice tone={result.ok ? "success" : "error"} testId="webhook-action-result">
          {result.message}
        </Notice>
      ) : null}
    </div>
  );
}
