import type { Metadata } from "next";
import { Table } from "@/components/ui/table";
import Link from "next/link";
import { Card, PageTitle } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { listAuditEvents } from "@/lib/audit-log/queries";
import { AuditFilterSchema } from "@/lib/audit-log/schema";
import { AUDIT_ACTIONS } from "@/lib/audit";
import { requireAdmin } from "@/lib/auth/gate";
import { fieldErrorsOf } from "@/lib/errors";
import { when } from "../_components/format";

export const metadata: Metadata = { title: "Audit Log" };

const FILTER_KEYS = ["user", "institution", "action", "from", "to"] as const;

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin();
  const raw = await searchParams;
  const input = Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""));
  const parsed = AuditFilterSchema.safeParse(input);
  const errors = parsed.success ? {} : fieldErrorsOf(parsed.error);
  const filter = parsed.success ? parsed.data : AuditFilterSchema.parse({});
  const page = parsed.success ? await listAuditEvents(filter) : { rows: [], nextBefore: null };
  const keep = new URLSearchParams(FILTER_KEYS.flatMap((k) => (filter[k] ? [[k, filter[k]]] : [])));
  const next = page.nextBefore ? `/admin/audit?${new URLSearchParams([...keep, ["before", page.nextBefore]])}` : null;
  const inputClass = "block w-full rounded border border-slate-400 px-3 py-2 text-sm";
  return (
    <>
      <PageTitle subtitle="Every sign-in, enrollment, download and administrative change, newest first. The log cannot be edited.">Audit Log</PageTitle>
      <Card className="mb-6">
        <form method="get" aria-label="Filter the audit log" className="grid gap-3 sm:grid-cols-3 lg:grid-cols-6 lg:items-end">
          <div className="space-y-1 lg:col-span-2">
            <label htmlFor="user" className="block text-sm font-semibold text-slate-800">
              User (email address)
            </label>
            <input id="user" name="user" defaultValue={filter.user} className={inputClass} />
          </div>
          <div className="space-y-1">
            <label htmlFor="institution" className="block text-sm font-semibold text-slate-800">
              DI code
            </label>
            <input
              id="institution"
              name="institution"
              defaultValue={filter.institution}
              inputMode="numeric"
              aria-invalid={errors.institution ? true : undefined}
              aria-describedby={errors.institution ? "institution-error" : undefined}
              className={inputClass}
            />
            {errors.institution ? (
              <p id="institution-error" className="text-sm text-red-700">
                {errors.institution}
              </p>
            ) : null}
          </div>
          <div className="space-y-1">
            <label htmlFor="action" className="block text-sm font-semibold text-slate-800">
              Action
            </label>
            <select id="action" name="action" defaultValue={filter.action} className={`${inputClass} bg-white`}>
              <option value="">Any action</option>
              {AUDIT_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </div>
          <div className="space-y-1">
            <label htmlFor="from" className="block text-sm font-semibold text-slate-800">
              From
            </label>
            <input id="from" name="from" type="date" defaultValue={filter.from} className={inputClass} />
          </div>
          <div className="space-y-1">
            <label htmlFor="to" className="block text-sm font-semibold text-slate-800">
              To
            </label>
            <input id="to" name="to" type="date" defaultValue={filter.to} className={inputClass} />
          </div>
          <div className="flex gap-2 sm:col-span-3 lg:col-span-6">
            <Button type="submit" variant="secondary">
              Filter
            </Button>
            <Link href="/admin/audit" className="self-center text-sm">
              Clear filters
            </Link>
          </div>
        </form>
        {!parsed.success ? (
          <p className="mt-2 text-sm text-red-700" data-testid="filter-error">
            {Object.entries(errors)
              .map(([k, v]) => `${k}: ${v}`)
              .join("; ")}
          </p>
        ) : null}
      </Card>
      <Card>
        {page.rows.length ? (
          <div tabIndex={0} className="overflow-x-auto">
            <Table
              caption="Audit events, newest first"
              testId="audit-table"
              columns={["When", "Action", "By", "Institution", "About user", "Records", "Details"]}
            >
              {page.rows.map((r) => (
                <tr key={r.id} className="border-b border-slate-200 align-top">
                  <td className="whitespace-nowrap py-2 pr-3">{when(r.at)}</td>
                  <td className="py-2 pr-3 font-mono text-xs">{r.action}</td>
                  <td className="py-2 pr-3">
                    {r.actorUserId ? <Link href={`/admin/users/${r.actorUserId}`}>{r.actorLabel || r.actorType}</Link> : r.actorLabel || r.actorType}
                    {r.ip ? <span className="block text-xs text-slate-600">{r.ip}</span> : null}
                  </td>
                  <td className="py-2 pr-3">{r.organizationCode ? `${r.organizationName} (${r.organizationCode})` : ""}</td>
                  <td className="py-2 pr-3">{r.targetUserId ? <Link href={`/admin/users/${r.targetUserId}`}>{r.targetEmail ?? "deleted user"}</Link> : ""}</td>
                  <td className="py-2 pr-3 text-right">{r.recordCount ?? ""}</td>
                  <td className="max-w-xs break-words py-2 font-mono text-xs">{JSON.stringify(r.details) === "{}" ? "" : JSON.stringify(r.details)}</td>
                </tr>
              ))}
            </Table>
          </div>
        ) : (
          <p className="text-slate-700">{filter.before ? "No older events." : "No events match these filters."}</p>
        )}
        <div className="mt-4 flex gap-4 text-sm">
          {filter.before ? <Link href={`/admin/audit?${keep}`}>Newest events</Link> : null}
          {next ? <Link href={next}>Older events</Link> : null}
        </div>
      </Card>
    </>
  );
}
