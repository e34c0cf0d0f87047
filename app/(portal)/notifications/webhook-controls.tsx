"use client";
import { useState } from "react";
import { outcomeOf, useApi, type Outcome } from "@/components/api/use-api";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import type { WebhookRegistered, WebhookTestResponse } from "@/lib/webhooks/serializers";

/** Registers a webhook; shows the signing secret once. */
export function WebhookForm({ institutionId }: { institutionId: string }) {
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);
  const form = useApi<WebhookRegistered>("POST", "/api/webhooks", {
    toBody: (d) => ({ institutionId, url: String(d.get("url") ?? "") }),
    onSuccess: (answer) => setCreated({ url: answer.webhook.url, secret: answer.secret }),
    refresh: true,
  });
  return (
    <div className="space-y-4">
      {created ? (
        <Notice tone="success" title="Webhook added" testId="webhook-secret">
          <p>
            Events for this institution will be sent to <span className="font-mono break-all">{created.url}</span>. Your signing secret is shown only now; store
            it with your receiver:
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
        {form.message && !form.fieldErrors.url ? (
          <Notice tone="error" testId="webhook-form-error">
            {form.message}
          </Notice>
        ) : null}
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
        <Button type="submit" disabled={!form.ready} pending={form.pending} pendingLabel="Adding…">
          Add Webhook
        </Button>
      </form>
    </div>
  );
}

export function WebhookActions({ webhookId, institutionId, url }: { webhookId: string; institutionId: string; url: string }) {
  const test = useApi<WebhookTestResponse>("POST", `/api/webhooks/${webhookId}/test`, { refresh: true });
  const remove = useApi("DELETE", `/api/webhooks/${webhookId}?institution=${encodeURIComponent(institutionId)}`, { refresh: true });
  const [result, setResult] = useState<Outcome | null>(null);
  const busy = test.pending || remove.pending;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        <Button
          variant="secondary"
          disabled={busy}
          pending={test.pending}
          pendingLabel="Sending…"
          aria-label={`Send test event to ${url}`}
          onClick={async () => {
            setResult(null);
            setResult(outcomeOf(await test.run({ institutionId })));
          }}
        >
          Send test event
        </Button>
        <Button
          variant="danger"
          disabled={busy}
          pending={remove.pending}
          pendingLabel="Removing…"
          aria-label={`Remove webhook ${url}`}
          onClick={async () => {
            if (!window.confirm(`Remove the webhook ${url}? Events will no longer be sent to it.`)) return;
            setResult(null);
            const answer = await remove.run();
            if (!answer.ok) setResult(outcomeOf(answer));
          }}
        >
          Remove
        </Button>
      </div>
      {result ? (
        <Notice tone={result.ok ? "success" : "error"} testId="webhook-action-result">
          {result.message}
        </Notice>
      ) : null}
    </div>
  );
}
