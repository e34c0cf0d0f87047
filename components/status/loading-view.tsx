/** Shown while a page's data loads: announced politely to screen readers, a spinner for the eye. */
export function LoadingView() {
  return (
    <div role="status" aria-live="polite" className="flex items-center gap-3 py-10 text-slate-700" data-testid="loading-view">
      <span
        className="inline-block h-5 w-5 animate-spin rounded-full border-2 border-brand-700 border-t-transparent motion-reduce:animate-none"
        aria-hidden="true"
      />
      Loading…
    </div>
  );
}
