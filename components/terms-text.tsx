/** The scrollable text of a site terms of use (higher-ed and K-12 pages). */
export function TermsText({ sections }: { sections: Array<{ heading: string; body: string }> }) {
  return (
    <div role="region" className="mb-6 max-h-96 space-y-4 overflow-y-auto rounded border border-slate-200 p-4" tabIndex={0} aria-label="Terms of use text">
      {sections.map((s) => (
        <section key={s.heading}>
          <h2 className="font-semibold text-brand-900">{s.heading}</h2>
          <p className="text-sm text-slate-800">{s.body}</p>
        </section>
      ))}
    </div>
  );
}
