"use client";
import { useState } from "react";
import { callApi } from "@/components/api/call-api";
import { Button, type ButtonVariant } from "@/components/ui/button";

/** `variant` restyles it outside the header (the header's look is the default). */
export function SignOutButton({ variant = "onDarkLink" }: { variant?: ButtonVariant }) {
  const [pending, setPending] = useState(false);
  async function signOut() {
    setPending(true);
    const answer = await callApi<{ redirectTo?: string }>("POST", "/api/account/sign-out");
    // Signed out or not reachable, the sign-in page is where to go next.
    window.location.assign(answer.ok ? (answer.data.redirectTo ?? "/signin") : "/signin");
  }
  return (
    <Button variant={variant} onClick={signOut} pending={pending} pendingLabel="Signing out…">
      Sign Out
    </Button>
  );
}
