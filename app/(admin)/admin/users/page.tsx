import type { Metadata } from "next";
import { Table } from "@/components/ui/table";
import Link from "next/link";
import { Card, PageTitle } from "@/components/ui/card";
import { searchUsersPage } from "@/lib/accounts/queries";
import { PageNumberSchema } from "@/lib/paging";
import { UserSearchSchema } from "@/lib/accounts/schema";
import { requireAdmin } from "@/lib/auth/gate";
import { when } from "../_components/format";
import { Pager } from "../_components/pager";
import { SearchField, SearchForm } from "../_components/search-form";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin();
  const raw = await searchParams;
  const { q } = UserSearchSchema.catch({ q: "" }).parse({ q: typeof raw.q === "string" ? raw.q : undefined });
  const result = await searchUsersPage(q, PageNumberSchema.parse(raw.page));
  const users = result.rows;
  return (
    <>
      <PageTitle subtitle="Find an account to see its enrollments and sign-ins, remove an enrollment or unlock it.">Users</PageTitle>
      <Card className="mb-6">
        <SearchForm label="Users">
          <SearchField name="q" label="Email address or name" defaultValue={q} className="min-w-64 flex-1" inputClassName="w-full" />
        </SearchForm>
      </Card>
      <Card>
        <h2 className="mb-3 text-lg font-semibold text-brand-900">
          {q ? `Users matching “${q}” (${result.total.toLocaleString("en-US")})` : `All accounts, newest first (${result.total.toLocaleString("en-US")})`}
        </h2>
        {users.length ? (
          <div tabIndex={0} className="overflow-x-auto">
            <Table testId="user-table" columns={["Name", "Email address", "Institutions", "Last sign-in", "Status"]}>
              {users.map((u) => (
                <tr key={u.id} className="border-b border-slate-200">
                  <td className="py-2 pr-3">
                    <Link href={`/admin/users/${u.id}`}>{u.name}</Link>
                    {u.role === "ADMIN" ? <span className="ml-2 rounded bg-brand-50 px-1 text-xs text-brand-900">Administrator</span> : null}
                  </td>
                  <td className="py-2 pr-3">{u.email}</td>
                  <td className="py-2 pr-3 text-right">{u.enrollments}</td>
                  <td className="py-2 pr-3">{when(u.lastSignInAt)}</td>
                  <td className="py-2">{u.locked ? <span className="font-semibold text-red-800">Locked</span> : "Active"}</td>
                </tr>
              ))}
            </Table>
          </div>
        ) : (
          <p className="text-slate-700">No accounts match. Search by part of an email address or a name.</p>
        )}
        <Pager result={result} params={{ q }} label="Users" />
      </Card>
    </>
  );
}
