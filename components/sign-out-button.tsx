"use client";
import { useState } from "react";

/** `className` restyles it outside the header (the header's look is the default). */
export function SignOutButton({ className = "rounded px-2 py-1 text-sm font-semibold text-white underline-offset-2 hover:underline" }: { className?: string }) {
  const [pending, setPending] = useState(false);
  async function signOut() {
    setPending(true);
    const response = await fetch("/api/account/sign-out", { method: "POST" }).catch(() => null);
    const answer = (await response?.json().catch(() => null)) as { redirectTo?: string } | null;
    window.location.assign(answer?.redirectTo ?? "/signin");
  }
  return (
    <button type="button" onClick={signOut} disabled={pending} className={className}>
      {pending ? "Signing out…" : "Sign Out"}
    </button>
  );
}
