import type { Metadata } from "next";
import { Table } from "@/components/ui/table";
import { Card, PageTitle } from "@/components/ui/card";
import { CSV_FIELDS } from "@/lib/formats/txt-layout";
import { requireK12User } from "@/lib/k12/gate";
import { DATAFILE_SCHOOL_COLUMNS } from "@/lib/k12/queries";

export const metadata: Metadata = { title: "Student Datafile Layout" };

export default async function DatafileLayoutPage() {
  await requireK12User();
  const rows = [
    ...CSV_FIELDS.map((f) => ({ label: f.label, section: f.section, description: f.description })),
    ...DATAFILE_SCHOOL_COLUMNS.map((c) => ({ label: c.label, section: "School", description: c.description })),
  ];
  return (
    <>
      <PageTitle subtitle="Columns of the Student Datafile, in order. College fields are blank in the K-12 datafile; the exams are those taken at the school.">
        Student Datafile Layout
      </PageTitle>
      <Card>
        <Table caption="Student datafile columns" testId="datafile-layout" columns={["Column", "Name", "Group", "Description"]}>
          {rows.map((r, i) => (
            <tr key={r.label}>
              <td className="px-3 py-2">{i + 1}</td>
              <th scope="row" className="px-3 py-2 text-left font-semibold">
                {r.label}
              </th>
              <td className="px-3 py-2">{r.section}</td>
              <td className="px-3 py-2">{r.description}</td>
            </tr>
          ))}
        </Table>
      </Card>
    </>
  );
}
