import type { Metadata } from "next";
import { Table } from "@/components/ui/table";
import Link from "next/link";
import { Card, PageTitle } from "@/components/ui/card";
import { listInstitutionsPage } from "@/lib/institutions/queries";
import { PageNumberSchema } from "@/lib/paging";
import { InstitutionSearchSchema } from "@/lib/institutions/schema";
import { requireAdmin } from "@/lib/auth/gate";
import { Pager } from "../_components/pager";
import { SearchField, SearchForm } from "../_components/search-form";
import { CreateInstitutionForm } from "./create-institution-form";

export const metadata: Metadata = { title: "Institutions" };

export default async function InstitutionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin();
  const raw = await searchParams;
  const parsed = InstitutionSearchSchema.safeParse({
    q: typeof raw.q === "string" ? raw.q : undefined,
    zip: typeof raw.zip === "string" ? raw.zip : undefined,
  });
  const search = parsed.success ? parsed.data : { q: "", zip: "" };
  const result = await listInstitutionsPage(search, PageNumberSchema.parse(raw.page));
  const institutions = result.rows;
  const total = result.total.toLocaleString("en-US");
  return (
    <>
      <PageTitle subtitle="Colleges, universities and scholarship programs, by DI code.">Institutions</PageTitle>
      <Card className="mb-6">
        <SearchForm label="Institutions">
          <SearchField name="q" label="Name or DI code" defaultValue={search.q} />
          <SearchField name="zip" label="U.S. ZIP code" defaultValue={search.zip} inputMode="numeric" maxLength={5} inputClassName="w-28" />
        </SearchForm>
        {!parsed.success ? <p className="mt-2 text-sm text-red-700">The ZIP code must be up to 5 digits; showing every institution.</p> : null}
      </Card>
      <Card className="mb-6">
        <h2 className="mb-3 text-lg font-semibold text-brand-900">
          {search.q || search.zip ? `Institutions matching your search (${total})` : `All institutions (${total})`}
        </h2>
        {institutions.length ? (
          <div tabIndex={0} className="overflow-x-auto">
            <Table testId="institution-table" columns={["DI code", "Name", "City, state, ZIP", "Contact", "Enrolled users", "Active codes"]}>
              {institutions.map((i) => (
                <tr key={i.id} className="border-b border-slate-200">
                  <td className="py-2 pr-3 font-mono">{i.diCode}</td>
                  <td className="py-2 pr-3">
                    <Link href={`/admin/institutions/${i.diCode}`}>{i.name}</Link>
                  </td>
                  <td className="py-2 pr-3">{[i.city, i.state, i.zip].filter(Boolean).join(", ")}</td>
                  <td className="py-2 pr-3">{i.contactName}</td>
                  <td className="py-2 pr-3 text-right">{i.members}</td>
                  <td className="py-2 text-right">{i.activeCodes}</td>
                </tr>
              ))}
            </Table>
          </div>
        ) : (
          <p className="text-slate-700">No institutions match. Check the spelling or search by DI code.</p>
        )}
        <Pager result={result} params={{ q: search.q, zip: search.zip ?? "" }} label="Institutions" />
      </Card>
      <Card>
        <h2 className="mb-3 text-lg font-semibold text-brand-900">Create an institution</h2>
        <CreateInstitutionForm />
      </Card>
    </>
  );
}
