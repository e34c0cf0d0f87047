/** Button classes, usable from server and client components alike. */
const VARIANTS = {
  primary: "bg-brand-700 text-white hover:bg-brand-800 disabled:bg-slate-400",
  secondary: "border border-slate-300 bg-white text-slate-900 hover:bg-slate-100 disabled:text-slate-400",
  danger: "bg-red-700 text-white hover:bg-red-800 disabled:bg-slate-400",
  link: "text-brand-600 underline-offset-2 hover:underline px-0 py-0",
} as const;

export type ButtonVariant = keyof typeof VARIANTS;

export function buttonClass(variant: ButtonVariant = "primary"): string {
  return `inline-flex items-center justify-center gap-2 rounded px-4 py-2 text-sm font-semibold no-underline transition disabled:cursor-not-allowed ${VARIANTS[variant]}`;
}
