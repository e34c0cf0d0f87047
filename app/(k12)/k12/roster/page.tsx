import type { Metadata } from "next";
import Link from "next/link";
import { Table } from "@/components/ui/table";
import { Card, PageTitle } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { buttonClass } from "@/components/ui/button-styles";
import { Notice } from "@/components/ui/notice";
import { requestIp } from "@/lib/http/client-ip";
import { seesStudentLevel, subjectName } from "@/lib/k12/rules";
import { requireK12 } from "@/lib/k12/gate";
import { recordRosterView } from "@/lib/k12/mutations";
import { irregularityLabel, ROSTER_PAGE_LIMIT, rosterChoices, rosterCount, rosterFiltersOf, rosterRows } from "@/lib/k12/queries";
import { GRADE_LEVELS, RosterFilterSchema } from "@/lib/k12/schema";
import { PrintButton } from "@/components/print-button";

export const metadata: Metadata = { title: "Student Score Roster" };

const selectClass = "block w-full rounded border border-slate-400 px-3 py-2 text-sm";

export default async function RosterPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { user, current } = await requireK12("k12:roster");
  if (!seesStudentLevel(current)) {
    return (
      <>
        <PageTitle>Student Score Roster</PageTitle>
        <PrintButton />
        <Notice tone="info" testId="teachers-restricted">
          Your principal has restricted teachers from individual students&apos; exam results. You still have the{" "}
          <Link href="/k12/planning">Instructional Planning Report</Link>, which does not include student-level data.
        </Notice>
      </>
    );
  }
  const raw = await searchParams;
  const parsed = RosterFilterSchema.safeParse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  const filters = rosterFiltersOf(parsed.success ? parsed.data : {});
  const [choices, rows, total] = await Promise.all([rosterChoices(current), rosterRows(current, filters), rosterCount(current, filters)]);
  await recordRosterView(user, current, filters, rows.length, await requestIp());
  const query = new URLSearchParams(Object.entries(filters).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]]))).toString();
  const district = current.kind === "DISTRICT";
  return (
    <>
      <PageTitle subtitle={`${current.name}${current.role === "K12_TEACHER" ? " — your class sections only" : ""}`}>Student Score Roster</PageTitle>
      {!parsed.success ? (
        <div className="mb-4">
          <Notice tone="error" testId="filter-error">
            {parsed.error.issues[0]?.message ?? "Check the filters."} Showing all results instead.
          </Notice>
        </div>
      ) : null}
      <Card className="mb-6">
        <form method="get" className="grid gap-4 md:grid-cols-6" aria-label="Filter the roster">
          <div>
            <label htmlFor="f-subject" className="mb-1 block text-sm font-semibold">
              Subject
            </label>
            <select id="f-subject" name="subject" defaultValue={filters.subject ?? ""} className={selectClass}>
              <option value="">All subjects</option>
              {choices.subjects.map((c) => (
                <option key={c} value={c}>
                  {subjectName(c)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="f-section" className="mb-1 block text-sm font-semibold">
              Class Section
            </label>
            <select id="f-section" name="section" defaultValue={filters.section ?? ""} className={selectClass}>
              <option value="">All sections</option>
              {choices.sections.map((s) => (
                <option key={s} value={s}>
                  Section {s}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="f-grade" className="mb-1 block text-sm font-semibold">
              Grade Level
            </label>
            <select id="f-grade" name="grade" defaultValue={filters.grade ?? ""} className={selectClass}>
              <option value="">All grade levels</option>
              {Object.entries(GRADE_LEVELS).map(([code, label]) => (
                <option key={code} value={code}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="f-year" className="mb-1 block text-sm font-semibold">
              Exam Year
            </label>
            <select id="f-year" name="year" defaultValue={filters.year ? String(filters.year) : ""} className={selectClass}>
              <option value="">All years</option>
              {choices.years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </div>
          {district ? (
            <div>
              <label htmlFor="f-school" className="mb-1 block text-sm font-semibold">
                School
              </label>
              <select id="f-school" name="school" defaultValue={filters.school ?? ""} className={selectClass}>
                <option value="">All schools</option>
                {current.schools.map((s) => (
                  <option key={s.code} value={s.code}>
                    {s.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <div className="flex items-end gap-2">
            <Button type="submit">Apply Filters</Button>
          </div>
        </form>
      </Card>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-700" data-testid="roster-count">
          {total === 0
            ? "No results match."
            : total > rows.length
              ? `Showing the first ${rows.length} of ${total} results; download the CSV for all of them.`
              : `${total} result${total === 1 ? "" : "s"}`}
        </p>
        {total > 0 ? (
          <a href={`/api/k12/roster${query ? `?${query}` : ""}`} className={buttonClass("secondary")} download>
            Download CSV
          </a>
        ) : null}
      </div>
      {rows.length ? (
        <Table
          testId="roster-table"
          caption={`Student score roster for ${current.name}, ${rows.length} rows (at most ${ROSTER_PAGE_LIMIT} shown)`}
          columns={["Student", "AP ID", "Grade Level", district && "School", "Exam Year", "Subject", "Section", "Score", "Irregularities"]}
        >
          {rows.map((r) => (
            <tr key={`${r.apId}-${r.adminYear}-${r.examCode}`}>
              <th scope="row" className="px-3 py-2 text-left font-normal">
                {r.lastName}, {r.firstName}
              </th>
              <td className="px-3 py-2 font-mono">{r.apId}</td>
              <td className="px-3 py-2">{r.gradeLevel}</td>
              {district ? <td className="px-3 py-2">{r.schoolName}</td> : null}
              <td className="px-3 py-2">{r.adminYear}</td>
              <td className="px-3 py-2">{r.subject}</td>
              <td className="px-3 py-2" data-testid="roster-section">
                {r.section}
              </td>
              <td className="px-3 py-2">{r.score ?? "—"}</td>
              <td className="px-3 py-2">{r.irregularities.map(irregularityLabel).join("; ")}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <Card>
          <p className="text-slate-700" data-testid="roster-empty">
            {current.role === "K12_TEACHER" && current.authorizations.every((a) => a.sections.length === 0) ? (
              <>
                You have not selected your class sections yet. <Link href="/k12/sections">Choose your class sections</Link>.
              </>
            ) : (
              "No students match these filters."
            )}
          </p>
        </Card>
      )}
    </>
  );
}
