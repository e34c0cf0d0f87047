"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useApi } from "@/components/api/use-api";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { CopyButton } from "@/components/copy-button";

import type { MessageResponse, MfaSetupResponse, RecoveryCodesResponse } from "@/lib/accounts/serializers";

/** Turn MFA on (QR code + secret, confirmed with a code; recovery codes shown once) or off. */
export function MfaSection({ enabled, recoveryCodesLeft }: { enabled: boolean; recoveryCodesLeft: number }) {
  const router = useRouter();
  const [setup, setSetup] = useState<MfaSetupResponse | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const starter = useApi<MfaSetupResponse>("POST", "/api/account/mfa-setup", { onSuccess: (answer) => setSetup(answer) });
  // Before hydration a click would do nothing: keep the button disabled until then.
  const mounted = starter.ready;
  const starting = starter.pending;
  const startError = starter.message;

  const confirm = useApi<RecoveryCodesResponse>("POST", "/api/account/mfa-setup/confirm", {
    toBody: (data) => ({ ticket: setup?.ticket ?? "", code: String(data.get("code") ?? "") }),
    onSuccess: (answer) => {
      setSetup(null);
      setRecoveryCodes(answer.recoveryCodes);
    },
  });
  const disable = useApi<MessageResponse>("POST", "/api/account/mfa-setup/disable", {
    onSuccess: (answer) => {
      setDone(answer.message);
      router.refresh();
    },
  });

  async function start() {
    setDone(null);
    await starter.run();
  }

  if (recoveryCodes) {
    return (
      <div className="space-y-4" data-testid="mfa-recovery-codes">
        <Notice tone="success" title="Multifactor authentication is Active.">
          Save these recovery codes somewhere safe. Each works once if you lose your authenticator app; they are not shown again.
        </Notice>
        <ul id="mfa-recovery-code-list" className="grid max-w-md grid-cols-2 gap-2 font-mono text-sm" aria-label="Recovery codes">
          {recoveryCodes.map((code) => (
            <li key={code} className="rounded border border-slate-300 bg-slate-50 px-2 py-1">
              {code}
            </li>
          ))}
        </ul>
        <CopyButton value={recoveryCodes.join("\n")} label="Copy recovery codes" targetId="mfa-recovery-code-list" />
        <Button
          onClick={() => {
            setRecoveryCodes(null);
            router.refresh();
          }}
        >
          I have saved my recovery codes
        </Button>
      </div>
    );
  }

  if (enabled) {
    return (
      <div className="space-y-4">
        <p className="text-sm text-slate-800">
          Status: <strong data-testid="mfa-status">Active</strong>. {recoveryCodesLeft} unused recovery code{recoveryCodesLeft === 1 ? "" : "s"} left.
        </p>
        <Notice tone="info">With MFA on, this account&apos;s password cannot be used with the web service. Scripts use an app password instead (below).</Notice>
        <form onSubmit={(e) => void disable.onSubmit(e)} className="max-w-md space-y-4" noValidate>
          {disable.message ? (
            <Notice tone="error" testId="mfa-disable-error">
              {disable.message}
            </Notice>
          ) : null}
          <Field
            label="Password or authenticator code"
            name="proof"
            type="password"
            autoComplete="current-password"
            required
            hint="Your account password, the current 6-digit code, or a recovery code."
            error={disable.fieldErrors.proof}
          />
          <Button type="submit" variant="danger" disabled={disable.pending || !disable.ready} pending={disable.pending} pendingLabel="Turning off…">
            Turn Off MFA
          </Button>
        </form>
      </div>
    );
  }

  if (setup) {
    return (
      <div className="space-y-4">
        <ol className="list-decimal space-y-2 pl-5 text-sm text-slate-800">
          <li>Open an authenticator app (such as Google Authenticator, Microsoft Authenticator or 1Password).</li>
          <li>Scan this QR code, or enter the setup key by hand.</li>
          <li>Enter the 6-digit code the app shows.</li>
        </ol>
        {/* A data URL made on the server: next/image would add nothing. */}
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img
          src={setup.qrDataUrl}
          alt="QR code to add this account to your authenticator app"
          width={220}
          height={220}
          className="rounded border border-slate-200"
        />
        <p className="text-sm text-slate-800">
          Setup key:{" "}
          <code id="mfa-secret" data-testid="mfa-secret" className="break-all rounded bg-slate-100 px-1 font-mono">
            {setup.secret}
          </code>
        </p>
        <CopyButton value={setup.secret} label="Copy setup key" targetId="mfa-secret" />
        <form onSubmit={(e) => void confirm.onSubmit(e)} className="max-w-md space-y-4" noValidate>
          {confirm.message ? (
            <Notice tone="error" testId="mfa-confirm-error">
              {confirm.message}
            </Notice>
          ) : null}
          <Field label="6-digit code" name="code" inputMode="numeric" autoComplete="one-time-code" required error={confirm.fieldErrors.code} />
          <div className="flex gap-3">
            <Button type="submit" disabled={confirm.pending || !confirm.ready} pending={confirm.pending} pendingLabel="Checking…">
              Turn On MFA
            </Button>
            <Button variant="secondary" onClick={() => setSetup(null)}>
              Cancel
            </Button>
          </div>
        </form>
      </div>
    );
  }

  return (
    <div className="space-y-4">
      {done ? (
        <Notice tone="success" testId="mfa-done">
          {done}
        </Notice>
      ) : null}
      <p className="text-sm text-slate-800">
        Status: <strong data-testid="mfa-status">Inactive</strong>. With MFA, signing in also asks for a code from an authenticator app.
      </p>
      {startError ? <Notice tone="error">{startError}</Notice> : null}
      <Button onClick={() => void start()} disabled={starting || !mounted}>
        {starting ? "Preparing…" : "Set Up MFA"}
      </Button>
    </div>
  );
}
