"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { useApi } from "@/components/api/use-api";
import type { AdminTokenCreated } from "@/lib/admin-tokens/serializers";
import { FormError } from "../_components/form-helpers";
import { CopyButton } from "@/components/copy-button";

export function CreateTokenForm() {
  const [token, setToken] = useState<string | null>(null);
  const form = useApi<AdminTokenCreated>("POST", "/api/admin/tokens", {
    refresh: true,
    toBody: (d) => ({ name: String(d.get("name") ?? "") }),
    onSuccess: (answer) => setToken(answer.token.token),
  });
  return (
    <form onSubmit={form.onSubmit} className="space-y-4" noValidate>
      {token ? (
        <Notice tone="success" title="The token was created.">
          <p className="mt-1">Copy it now: it is stored only as a hash and will not be shown again.</p>
          <p id="new-token" className="mt-2 break-all font-mono font-bold" data-testid="new-token">
            {token}
          </p>
          <CopyButton value={token} label="Copy token" targetId="new-token" />
        </Notice>
      ) : null}
      <FormError message={form.message} />
      <Field
        label="Name"
        name="name"
        required
        maxLength={80}
        hint="What uses it, e.g. “Nightly load job”."
        error={form.fieldErrors.name}
        className="max-w-md space-y-1"
      />
      <Button type="submit" disabled={form.pending || !form.ready} pending={form.pending} pendingLabel="Creating…">
        Create Token
      </Button>
    </form>
  );
}
