/** Button classes, usable from server and client components alike (links styled as buttons use these). */
const VARIANTS = {
  primary: "px-4 py-2 bg-brand-700 text-white hover:bg-brand-800 disabled:bg-slate-400",
  secondary: "px-4 py-2 border border-slate-300 bg-white text-slate-900 hover:bg-slate-100 disabled:text-slate-400",
  danger: "px-4 py-2 bg-red-700 text-white hover:bg-red-800 disabled:bg-slate-400",
  link: "text-brand-600 underline-offset-2 hover:underline",
  /** On the dark header bar. */
  onDark: "px-2 py-1 border border-white/70 text-white hover:bg-brand-800 disabled:opacity-60",
  onDarkLink: "px-2 py-1 text-white underline-offset-2 hover:underline",
} as const;

export type ButtonVariant = keyof typeof VARIANTS;

export function buttonClass(variant: ButtonVariant = "primary"): string {
  return `inline-flex items-center justify-center gap-2 rounded text-sm font-semibold no-underline transition disabled:cursor-not-allowed ${VARIANTS[variant]}`;
}
