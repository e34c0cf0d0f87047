"use client";
import type { Method } from "@/components/api/call-api";
import { useApi } from "@/components/api/use-api";
import { Button, type ButtonVariant } from "@/components/ui/button";

/** A button for one action (revoke, remove, unlock) that asks first when told to, then refreshes the page. */
export function ActionButton({
  method,
  endpoint,
  label,
  pendingLabel,
  confirm,
  variant = "secondary",
  body,
  ariaLabel,
  onDone,
}: {
  method: Method;
  endpoint: string;
  label: React.ReactNode;
  pendingLabel?: string;
  confirm?: string;
  variant?: ButtonVariant;
  /** Sent as JSON (none for DELETE unless given; {} otherwise). */
  body?: unknown;
  ariaLabel?: string;
  onDone?: (data: unknown) => void;
}) {
  const action = useApi<unknown>(method, endpoint, { refresh: true, ...(onDone ? { onSuccess: onDone } : {}) });
  async function run() {
    if (confirm && !window.confirm(confirm)) return;
    await action.run(body ?? (method === "DELETE" ? undefined : {}));
  }
  return (
    <span className="inline-flex flex-col gap-1">
      <Button variant={variant} onClick={run} pending={action.pending} pendingLabel={pendingLabel} disabled={!action.ready} aria-label={ariaLabel}>
        {label}
      </Button>
      {action.message ? (
        <span role="alert" className="text-sm text-red-700">
          {action.message}
        </span>
      ) : null}
    </span>
  );
}
