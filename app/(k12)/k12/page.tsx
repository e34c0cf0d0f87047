import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Card, PageTitle } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { reportsFor, seesStudentLevel, subjectName, schoolYearLabel } from "@/lib/k12/rules";
import { requireK12User } from "@/lib/k12/gate";
import { ROLE_LABELS } from "@/lib/permissions";

export const metadata: Metadata = { title: "Home" };

export default async function K12HomePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { user, access, current } = await requireK12User();
  const params = await searchParams;
  if (!current && access.options.length > 1) redirect("/k12/organizations");

  if (!current) {
    return (
      <>
        <PageTitle subtitle={`Welcome, ${user.firstName}.`}>AP Score Reports for K-12 Educators</PageTitle>
        <div className="mb-6 space-y-3" data-testid="k12-no-access">
          <Notice tone="warning" title="You do not have access to AP Score Reports for K-12 Educators.">
            {access.notices.length ? (
              <ul className="ml-5 mt-2 list-disc space-y-1">
                {access.notices.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            ) : (
              <p className="mt-1">
                Only AP teachers authorized through the AP Course Audit, school administrators and authorized district administrators have access.
              </p>
            )}
          </Notice>
        </div>
        <Card>
          <h2 className="mb-2 text-lg font-semibold text-brand-900">School administrators</h2>
          <p className="mb-3 text-slate-700">
            School administrators who do not have AP Registration and Ordering or AP Course Audit access need the school access code. Contact your principal for
            the access code.
          </p>
          <Link href="/k12/access">Enter a school access code</Link>
        </Card>
      </>
    );
  }

  const studentLevel = seesStudentLevel(current);
  const reports = reportsFor(current);
  return (
    <>
      <PageTitle
        subtitle={`Welcome, ${user.firstName}. You are signed in as ${ROLE_LABELS[current.role]}${current.position && current.position !== ROLE_LABELS[current.role] ? ` (${current.position})` : ""} for ${current.name}.`}
      >
        Report Home
      </PageTitle>
      {params.denied ? (
        <div className="mb-4">
          <Notice tone="error" testId="k12-denied">
            That report is not part of your access at {current.name}.
          </Notice>
        </div>
      ) : null}
      {current.role === "K12_TEACHER" ? (
        <Card className="mb-6">
          <h2 className="mb-2 text-lg font-semibold text-brand-900">Your course authorizations</h2>
          <ul className="ml-5 list-disc space-y-1" data-testid="teacher-authorizations">
            {current.authorizations.map((a) => (
              <li key={a.id}>
                {subjectName(a.examCode)}, {schoolYearLabel(a.schoolYear)}:{" "}
                {a.sections.length ? `sections ${a.sections.join(", ")}` : "no class sections selected yet"}
              </li>
            ))}
          </ul>
          {!studentLevel ? (
            <div className="mt-3">
              <Notice tone="info" testId="teachers-restricted">
                Your principal has restricted teachers from individual students&apos; exam results. You still have the AP Instructional Planning Reports, which
                do not include student-level data.
              </Notice>
            </div>
          ) : null}
        </Card>
      ) : null}
      <div className="grid gap-4 md:grid-cols-2">
        {reports.map((r) => (
          <Card key={r.href}>
            <h2 className="mb-1 text-lg font-semibold">
              <Link href={r.href}>{r.title}</Link>
            </h2>
            <p className="text-sm text-slate-700">{r.text}</p>
          </Card>
        ))}
      </div>
    </>
  );
}
