import type { Metadata } from "next";
import { Card, PageTitle } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { requireK12 } from "@/lib/k12/gate";
import { planningReport, type PlanningGroup, type PlanningSubject } from "@/lib/k12/queries";
import { MIN_AGGREGATE_GROUP, PlanningFilterSchema } from "@/lib/k12/schema";
import { SCORE_MEANINGS } from "@/lib/formats/codes";
import { PrintButton } from "@/components/print-button";

export const metadata: Metadata = { title: "Instructional Planning Report" };

const BAR_COLORS = ["bg-brand-700", "bg-amber-600", "bg-slate-500", "bg-teal-700", "bg-rose-700", "bg-indigo-500"];
const SCORES = [5, 4, 3, 2, 1] as const;

function Chart({ subject }: { subject: PlanningSubject }) {
  const shown = subject.groups.filter((g) => !g.distribution.suppressed);
  const summary = shown.map((g) => `${g.label}: ${SCORES.map((s) => `score ${s} ${g.distribution.percents![s - 1]}%`).join(", ")}`).join(". ");
  return (
    <figure className="mb-4">
      <div role="img" aria-label={`Percent of students at each score, ${subject.subject}. ${summary}`} className="space-y-3">
        {SCORES.map((score) => (
          <div key={score} className="grid grid-cols-[4rem_1fr] items-center gap-2" aria-hidden="true">
            <span className="text-sm font-semibold">Score {score}</span>
            <div className="space-y-1">
              {shown.map((g) => {
                const pct = g.distribution.percents![score - 1]!;
                const color = BAR_COLORS[subject.groups.indexOf(g) % BAR_COLORS.length];
                return (
                  <div key={g.key} className="flex items-center gap-2">
                    <div className={`h-3 rounded-sm ${color}`} style={{ width: `${Math.max(pct, 0.5)}%` }} />
                    <span className="whitespace-nowrap text-xs text-slate-800">{pct}%</span>
                  </div>
                );
              })}
            </div>
          </div>
        ))}
      </div>
      <figcaption className="mt-3 flex flex-wrap gap-4 text-xs text-slate-800">
        {shown.map((g) => (
          <span key={g.key} className="flex items-center gap-1">
            <span className={`inline-block h-3 w-3 rounded-sm ${BAR_COLORS[subject.groups.indexOf(g) % BAR_COLORS.length]}`} aria-hidden="true" />
            {g.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

function Row({ group }: { group: PlanningGroup }) {
  const d = group.distribution;
  if (d.suppressed) {
    return (
      <tr>
        <th scope="row" className="px-3 py-2 text-left font-semibold">
          {group.label}
        </th>
        <td colSpan={7} className="px-3 py-2 text-slate-700" data-testid="suppressed">
          Fewer than {MIN_AGGREGATE_GROUP} students: results not shown
        </td>
      </tr>
    );
  }
  return (
    <tr>
      <th scope="row" className="px-3 py-2 text-left font-semibold">
        {group.label}
      </th>
      <td className="px-3 py-2 text-right">{d.total}</td>
      {SCORES.map((s) => (
        <td key={s} className="px-3 py-2 text-right">
          {d.counts![s - 1]} ({d.percents![s - 1]}%)
        </td>
      ))}
      <td className="px-3 py-2 text-right">{d.mean?.toFixed(2)}</td>
    </tr>
  );
}

export default async function PlanningPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { current } = await requireK12("k12:planning");
  const raw = await searchParams;
  const parsed = PlanningFilterSchema.safeParse({ year: Array.isArray(raw.year) ? raw.year[0] : raw.year });
  const report = await planningReport(current, parsed.success && parsed.data.year ? parsed.data.year : undefined);
  return (
    <>
      <PageTitle subtitle={`${current.name} — score distributions by subject, compared with the state and global groups. No individual student data.`}>
        Instructional Planning Report
      </PageTitle>
      <PrintButton />
      {report.years.length > 1 ? (
        <form method="get" className="mb-6 flex items-end gap-3">
          <div>
            <label htmlFor="p-year" className="mb-1 block text-sm font-semibold">
              Exam Year
            </label>
            <select id="p-year" name="year" defaultValue={String(report.year)} className="rounded border border-slate-400 px-3 py-2 text-sm">
              {report.years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </div>
          <Button variant="secondary" type="submit">
            Show
          </Button>
        </form>
      ) : null}
      {report.subjects.length === 0 ? (
        <Notice tone="info" testId="planning-empty">
          There are no {report.year} exam results for {current.role === "K12_TEACHER" ? "your class sections" : current.name} yet.
        </Notice>
      ) : (
        <div className="space-y-6">
          {report.subjects.map((subject) => (
            <Card key={subject.examCode}>
              <section aria-labelledby={`subject-${subject.examCode}`} data-testid={`planning-${subject.examCode}`}>
                <h2 id={`subject-${subject.examCode}`} className="mb-4 text-lg font-semibold text-brand-900">
                  {subject.subject} ({report.year})
                </h2>
                {subject.groups.some((g) => !g.distribution.suppressed) ? <Chart subject={subject} /> : null}
                <div tabIndex={0} className="overflow-x-auto">
                  <table className="min-w-full text-sm">
                    <caption className="sr-only">
                      Score distribution for {subject.subject}, {report.year}: number and percent of students at each score, and the mean score
                    </caption>
                    <thead className="bg-slate-100">
                      <tr>
                        <th scope="col" className="px-3 py-2 text-left">
                          Group
                        </th>
                        <th scope="col" className="px-3 py-2 text-right">
                          Students
                        </th>
                        {SCORES.map((s) => (
                          <th key={s} scope="col" className="px-3 py-2 text-right">
                            <abbr title={SCORE_MEANINGS[s]}>Score {s}</abbr>
                          </th>
                        ))}
                        <th scope="col" className="px-3 py-2 text-right">
                          Mean Score
                        </th>
                      </tr>
                    </thead>
                    <tbody className="divide-y divide-slate-200">
                      {subject.groups.map((g) => (
                        <Row key={g.key} group={g} />
                      ))}
                    </tbody>
                  </table>
                </div>
              </section>
            </Card>
          ))}
        </div>
      )}
      <p className="mt-6 text-xs text-slate-700">
        State group: every exam in this subject and year of students whose high school is in the state. Global group: every exam in this subject and year. Exams
        without a reported score are not counted; groups of fewer than {MIN_AGGREGATE_GROUP} students are not shown.
      </p>
    </>
  );
}
