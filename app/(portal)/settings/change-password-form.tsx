"use client";
import { useRef, useState } from "react";
import { useApi } from "@/components/api/use-api";
import type { MessageResponse } from "@/lib/accounts/serializers";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";

/** `redirectTo`: where to go once changed (the expired-password page sends the user on). */
export function ChangePasswordForm({ redirectTo }: { redirectTo?: string } = {}) {
  const [done, setDone] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const form = useApi<MessageResponse>("POST", "/api/account/password", {
    onSuccess: (answer) => {
      if (redirectTo) return window.location.assign(redirectTo);
      setDone(answer.message);
      formRef.current?.reset();
    },
  });
  return (
    <form
      ref={formRef}
      method="post"
      onSubmit={(e) => {
        setDone(null);
        void form.onSubmit(e);
      }}
      className="max-w-md space-y-4"
      noValidate
    >
      {form.message ? (
        <Notice tone="error" testId="form-error">
          {form.message}
        </Notice>
      ) : null}
      {done ? (
        <Notice tone="success" testId="form-success">
          {done}
        </Notice>
      ) : null}
      <Field
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        error={form.fieldErrors.currentPassword}
      />
      <Field
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        error={form.fieldErrors.newPassword}
        hint="At least 8 characters; common passwords are refused."
      />
      <Field
        label="Confirm new password"
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        required
        error={form.fieldErrors.confirmPassword}
      />
      <div>
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" name="keepAppPasswords" className="mt-1 h-4 w-4" aria-describedby="keep-app-passwords-hint" />
          <span>Keep my app passwords working</span>
        </label>
        <p id="keep-app-passwords-hint" className="mt-1 text-xs text-slate-700">
          Changing your password revokes your web-service app passwords unless you check this box. Leave it unchecked if someone else may have learned your
          password.
        </p>
      </div>
      <Button type="submit" disabled={!form.ready || form.pending} pending={form.pending} pendingLabel="Saving…">
        Change Password
      </Button>
    </form>
  );
}
