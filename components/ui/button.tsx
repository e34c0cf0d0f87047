import { buttonClass, type ButtonVariant } from "@/components/ui/button-styles";

export { buttonClass, type ButtonVariant };

interface ButtonProps extends React.ComponentProps<"button"> {
  variant?: ButtonVariant;
  /** While true the button is disabled and says `pendingLabel` with a spinner. */
  pending?: boolean;
  pendingLabel?: string;
}

/**
 * The one button. Links styled as buttons use buttonClass() from button-styles (it is also
 * safe in server components); everything clickable that is a <button> is this.
 */
export function Button({ variant = "primary", pending = false, pendingLabel, type = "button", disabled, className, children, ...rest }: ButtonProps) {
  const off = pending || disabled;
  return (
    <button type={type} className={`${buttonClass(variant)}${className ? ` ${className}` : ""}`} disabled={off} aria-disabled={off || undefined} {...rest}>
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
