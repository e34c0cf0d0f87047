import type { Metadata } from "next";
import { Card, PageTitle } from "@/components/ui/card";
import { subjectName, releasedAdminYear, schoolYearLabel } from "@/lib/k12/rules";
import { requireK12 } from "@/lib/k12/gate";
import { sectionChoices } from "@/lib/k12/queries";
import { SectionsForm } from "../k12-forms";

export const metadata: Metadata = { title: "My Class Sections" };

export default async function SectionsPage() {
  const { current } = await requireK12("k12:sections");
  const choices = await sectionChoices(current);
  const year = releasedAdminYear();
  const currentYear = current.authorizations.filter((a) => a.schoolYear === year);
  return (
    <>
      <PageTitle
        subtitle={`${current.name} — you see the results of students in the class sections you select. Your school administrators are notified when you select or change them.`}
      >
        My Class Sections
      </PageTitle>
      <div className="space-y-4">
        {currentYear.map((a) => (
          <Card key={a.id}>
            <h2 className="mb-3 text-lg font-semibold text-brand-900">
              {subjectName(a.examCode)}, {schoolYearLabel(a.schoolYear)}
            </h2>
            <SectionsForm authorizationId={a.id} subject={subjectName(a.examCode)} choices={choices.get(a.id) ?? []} selected={a.sections} />
          </Card>
        ))}
      </div>
    </>
  );
}
