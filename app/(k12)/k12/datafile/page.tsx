import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageTitle } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button-styles";
import { requireK12 } from "@/lib/k12/gate";

export const metadata: Metadata = { title: "Student Datafile" };

export default async function DatafilePage() {
  const { current } = await requireK12("k12:datafile");
  return (
    <>
      <PageTitle subtitle={current.name}>Student Datafile</PageTitle>
      <Card>
        <p className="mb-4 text-slate-700">
          One CSV row per student{current.kind === "DISTRICT" ? " and school" : ""}, with every exam the student took at{" "}
          {current.kind === "DISTRICT" ? "the district's schools" : "your school"}. The columns are those of the AP score report layout followed by the school
          columns; every value is in double quotes so spreadsheet programs keep leading zeros.
        </p>
        <div className="flex flex-wrap gap-3">
          <a href="/api/k12/datafile" className={buttonClass()} download>
            Download Student Datafile (CSV)
          </a>
          <Link href="/k12/datafile/layout" className={buttonClass("secondary")}>
            Datafile Layout
          </Link>
        </div>
      </Card>
    </>
  );
}
