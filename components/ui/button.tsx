"use client";
import { useFormStatus } from "react-dom";

import { buttonClass, type ButtonVariant } from "@/components/ui/button-styles";

// Client components may keep importing these from here; server components use button-styles.
export { buttonClass, type ButtonVariant };

/** A submit button that disables itself and says so while its form is being sent. */
export function SubmitButton({
  children,
  pendingLabel,
  variant = "primary",
  ...rest
}: React.ButtonHTMLAttributes<HTMLButtonElement> & { pendingLabel?: string; variant?: ButtonVariant }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className={buttonClass(variant)} disabled={pending || rest.disabled} aria-disabled={pending || rest.disabled} {...rest}>
      {pending ? (
        <>
          <span className="inline-block h-3 w-3 animate-spin rounded-full border-2 border-current border-t-transparent" aria-hidden="true" />
          {pendingLabel ?? "Working…"}
        </>
      ) : (
        children
      )}
    </button>
  );
}
