import type { Metadata } from "next";
import { Table } from "@/components/ui/table";
import { Card, PageTitle } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { formatLongDate } from "@/lib/dates";
import { districtWindowLabel, currentDistrictWindowStartYear, optionAllows } from "@/lib/k12/rules";
import { requireK12 } from "@/lib/k12/gate";
import { accessCodeUsage, staffList, teachersRestricted } from "@/lib/k12/queries";
import { AuthorizeDistrictForm, RemoveStaffButton, RestrictTeachersForm, RevealSchoolCodeForm } from "../k12-forms";

export const metadata: Metadata = { title: "Manage Access" };

export default async function StaffPage() {
  const { user, current } = await requireK12("k12:manage-staff");
  const principal = optionAllows(current, "k12:restrict-teachers");
  const canReadCode = optionAllows(current, "k12:school-code");
  const district = current.kind === "DISTRICT";
  const canRemove = optionAllows(current, "k12:remove-staff");
  const superintendent = optionAllows(current, "k12:authorize-district");
  const [staff, restricted, codes] = await Promise.all([
    staffList(current),
    district ? Promise.resolve(false) : teachersRestricted(current.id),
    district ? Promise.resolve([]) : accessCodeUsage(current.id),
  ]);
  return (
    <>
      <PageTitle subtitle={current.name}>Manage Access</PageTitle>
      {!district ? (
        <Card className="mb-6">
          <h2 className="mb-2 text-lg font-semibold text-brand-900">Teachers&apos; access to student results</h2>
          {principal ? (
            <RestrictTeachersForm restricted={restricted} />
          ) : (
            <p className="text-sm" data-testid="restriction-state">
              {restricted ? "Teachers are restricted from individual students' results." : "Teachers see their own class sections' student results."} Only the
              principal may change this.
            </p>
          )}
        </Card>
      ) : null}
      {!district ? (
        <Card className="mb-6">
          <h2 className="mb-2 text-lg font-semibold text-brand-900">School access code</h2>
          {codes.length ? (
            <>
              <p className="mb-3 text-sm text-slate-700">
                School principals may share their school access code to provide access to AP Score Reports for K–12 Educators with up to five staff members.
              </p>
              <ul className="mb-4 space-y-3 text-sm" data-testid="access-code-usage">
                {codes.map((c) => (
                  <li key={c.id}>
                    Code ending in <span className="font-mono">{c.hint}</span>: shared with {c.used} of {c.max} staff members
                    {c.expiresAt ? `; expires ${formatLongDate(c.expiresAt)}` : ""}.
                    {c.redeemedBy.length ? (
                      <ul className="ml-5 mt-1 list-disc" data-testid={`code-seats-${c.hint}`}>
                        {c.redeemedBy.map((r) => (
                          <li key={r.email}>
                            {r.name} ({r.email}), {r.position}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </li>
                ))}
              </ul>
              {canReadCode ? <RevealSchoolCodeForm /> : <p className="text-sm">Only the principal can see the full access code.</p>}
            </>
          ) : (
            <p className="text-sm">Your school has no access code for this year yet. College Board emails access codes to principals each year.</p>
          )}
        </Card>
      ) : null}
      {superintendent ? (
        <Card className="mb-6">
          <h2 className="mb-2 text-lg font-semibold text-brand-900">Authorize a district administrator</h2>
          <p className="mb-3 text-sm text-slate-700">
            District access is granted for {districtWindowLabel(currentDistrictWindowStartYear())} and renewed each year.
          </p>
          <AuthorizeDistrictForm />
        </Card>
      ) : null}
      <Card>
        <h2 className="mb-3 text-lg font-semibold text-brand-900">Staff with access</h2>
        {!canRemove ? (
          <div className="mb-3">
            <Notice tone="info">Only the principal{district ? "" : " or a district administrator"} may remove staff access.</Notice>
          </div>
        ) : null}
        {staff.length ? (
          <Table
            testId="staff-table"
            caption={<>Staff with access to {current.name}&apos;s score reports</>}
            columns={["Name", "Role", district && "School", "Access", { label: "Actions", srOnly: true }]}
          >
            {staff.map((s) => (
              <tr key={`${s.userId}-${s.schoolId ?? "district"}-${s.role}`}>
                <th scope="row" className="px-3 py-2 text-left font-normal">
                  {s.name}
                  <br />
                  <span className="text-xs text-slate-600">{s.email}</span>
                </th>
                <td className="px-3 py-2">
                  {s.role}
                  {s.position !== s.role ? ` (${s.position})` : ""}
                </td>
                {district ? <td className="px-3 py-2">{s.schoolName}</td> : null}
                <td className="px-3 py-2">{s.detail}</td>
                <td className="px-3 py-2 text-right">
                  {canRemove && s.userId !== user.id ? <RemoveStaffButton userId={s.userId} schoolId={s.schoolId} name={s.name} /> : null}
                </td>
              </tr>
            ))}
          </Table>
        ) : (
          <p className="text-sm">No staff have access yet.</p>
        )}
      </Card>
    </>
  );
}
