import type { Metadata } from "next";
import { Card, PageTitle } from "@/components/ui/card";
import { requireK12User } from "@/lib/k12/gate";
import { SCHOOL_POSITIONS } from "@/lib/k12/schema";
import { AccessCodeForm } from "../k12-forms";

export const metadata: Metadata = { title: "Enter Access Code" };

export default async function AccessCodePage() {
  await requireK12User();
  return (
    <>
      <PageTitle subtitle="Each year, principals receive an access code for their school and may share it with up to five staff members.">
        Enter School Access Code
      </PageTitle>
      <Card>
        <p className="mb-4 text-sm text-slate-700">
          With school administrator access you will see all student-level results from the school, including subjects outside your department. If you are also
          an AP teacher at this school, school administrator access supersedes your teacher access.
        </p>
        <AccessCodeForm positions={SCHOOL_POSITIONS.filter((p) => p !== "Principal")} />
      </Card>
    </>
  );
}
