import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { buttonClass } from "@/components/ui/button-styles";
import { Table } from "@/components/ui/table";
import { Card, PageTitle } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { activityUsers, listActivity } from "@/lib/activity/queries";
import { ACTIVITY_TYPES, ACTIVITY_TYPE_LABELS, ActivityFilterSchema, CHANNEL_LABELS } from "@/lib/activity/schema";
import { requireInstitution } from "@/lib/auth/gate";
import { formatDateTime } from "@/lib/dates";
import { fieldErrorsOf } from "@/lib/errors";
import { deliveryHistory } from "@/lib/sftp-delivery/queries";
import { SftpDeliveryHistory } from "@/components/sftp-delivery-history";
import { PrintButton } from "@/components/print-button";

export const metadata: Metadata = { title: "Institution Activity" };

const PAGE_ROWS = 500;

export default async function ActivityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = ActivityFilterSchema.safeParse(raw);
  const errors = parsed.success ? {} : fieldErrorsOf(parsed.error);
  const filter = parsed.success ? parsed.data : {};
  const gate = await requireInstitution("activity:view", filter.institution);
  const { institution } = gate;
  const [{ rows, total }, users, sftpHistory] = await Promise.all([
    listActivity(institution.id, filter, PAGE_ROWS),
    activityUsers(institution.id),
    deliveryHistory(institution.id, 20),
  ]);

  const exportQuery = new URLSearchParams({ institution: institution.id });
  for (const key of ["user", "type", "channel", "from", "to"] as const) {
    const value = filter[key];
    if (value) exportQuery.set(key, value);
  }
  const inputClass = "block rounded border border-slate-400 px-3 py-2 text-sm";

  return (
    <>
      <PageTitle subtitle={`${institution.name} (DI code ${institution.diCode})`}>Institution Activity</PageTitle>
      <PrintButton />
      <p className="mb-4 max-w-3xl text-sm text-slate-700">
        Every bulk TXT / CSV file (portal and web service) and every PDF download made at this institution, by user — the record of disclosures of student
        education records your institution keeps under FERPA. Times are Eastern Time ({"America/New_York"}).
      </p>

      <Card className="mb-6">
        <form method="get" className="flex flex-wrap items-end gap-4" aria-label="Filter activity">
          {gate.institutions.length > 1 ? (
            <div className="space-y-1">
              <label htmlFor="f-institution" className="block text-sm font-semibold">
                Institution
              </label>
              <select id="f-institution" name="institution" defaultValue={institution.id} className={inputClass}>
                {gate.institutions.map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.name} ({i.diCode})
                  </option>
                ))}
              </select>
            </div>
          ) : (
            <input type="hidden" name="institution" value={institution.id} />
          )}
          <div className="space-y-1">
            <label htmlFor="f-user" className="block text-sm font-semibold">
              User
            </label>
            <select id="f-user" name="user" defaultValue={filter.user ?? ""} className={inputClass}>
              <option value="">All users</option>
              {users.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name} ({u.email})
                </option>
              ))}
            </select>
          </div>
          <div className="space-y-1">
            <label htmlFor="f-type" className="block text-sm font-semibold">
              Type
            </label>
            <select id="f-type" name="type" defaultValue={filter.type ?? ""} className={inputClass}>
              <option value="">All types</option>
              {ACTIVITY_TYPES.map((t) => (
                <option key={t} value={t}>
                  {ACTIVITY_TYPE_LABELS[t]}
                </option>
              ))}
            </select>
          </div>
          <div className="space-y-1">
            <label htmlFor="f-channel" className="block text-sm font-semibold">
              Channel
            </label>
            <select id="f-channel" name="channel" defaultValue={filter.channel ?? ""} className={inputClass}>
              <option value="">Portal and web service</option>
              <option value="PORTAL">{CHANNEL_LABELS.PORTAL}</option>
              <option value="WEB_SERVICE">{CHANNEL_LABELS.WEB_SERVICE}</option>
              <option value="SFTP">{CHANNEL_LABELS.SFTP}</option>
            </select>
          </div>
          <div className="space-y-1">
            <label htmlFor="f-from" className="block text-sm font-semibold">
              Start Date
            </label>
            <input id="f-from" type="date" name="from" defaultValue={filter.from ?? ""} className={inputClass} aria-invalid={errors.from ? true : undefined} />
          </div>
          <div className="space-y-1">
            <label htmlFor="f-to" className="block text-sm font-semibold">
              End Date
            </label>
            <input id="f-to" type="date" name="to" defaultValue={filter.to ?? ""} className={inputClass} aria-invalid={errors.to ? true : undefined} />
          </div>
          <Button type="submit">Apply Filters</Button>
          <Link href="/activity" className="text-sm">
            Clear
          </Link>
        </form>
        {!parsed.success ? (
          <div className="mt-4">
            <Notice tone="error" testId="filter-error">
              {Object.entries(errors)
                .map(([field, message]) => (field === "to" && message.startsWith("The start") ? message : `${field}: ${message}`))
                .join(" ")}{" "}
              Showing all activity instead.
            </Notice>
          </div>
        ) : null}
      </Card>

      <Card>
        <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
          <h2 className="text-lg font-semibold text-brand-900" data-testid="activity-count">
            {total === 0 ? "No activity" : total > rows.length ? `Showing ${rows.length} of ${total} downloads` : `${total} download${total === 1 ? "" : "s"}`}
          </h2>
          <a className={buttonClass("secondary")} href={`/api/activity/export?${exportQuery.toString()}`} download>
            Export CSV
          </a>
        </div>
        {rows.length ? (
          <div tabIndex={0} className="overflow-x-auto">
            <Table
              testId="activity-table"
              caption={`Downloads at ${institution.name}, newest first`}
              columns={["Date and Time", "User", "Channel", "Type", "Format", "Records", "Logged"]}
            >
              {rows.map((r) => (
                <tr key={`${r.kind}-${r.id}`} data-testid="activity-row">
                  <td className="py-2 pr-3 whitespace-nowrap">{formatDateTime(r.at)}</td>
                  <td className="py-2 pr-3">
                    {r.userName}
                    <span className="block text-xs text-slate-600">{r.userEmail}</span>
                  </td>
                  <td className="py-2 pr-3">{CHANNEL_LABELS[r.channel]}</td>
                  <td className="py-2 pr-3">
                    {ACTIVITY_TYPE_LABELS[r.type]}
                    {r.fileName ? <span className="block break-all text-xs text-slate-600">{r.fileName}</span> : null}
                  </td>
                  <td className="py-2 pr-3">{r.format}</td>
                  <td className="py-2 pr-3 text-right">{r.records.toLocaleString("en-US")}</td>
                  <td className="py-2">{r.kind === "PDF" ? "—" : r.loggedAt ? `Yes, ${formatDateTime(r.loggedAt)}` : "No (not logged)"}</td>
                </tr>
              ))}
            </Table>
          </div>
        ) : (
          <p className="text-slate-700">No downloads match these filters.</p>
        )}
      </Card>
      {sftpHistory.length ? (
        <Card className="mt-6">
          <h2 className="mb-2 text-lg font-semibold text-brand-900">SFTP deliveries</h2>
          <p className="mb-2 text-sm text-slate-700">
            Files pushed to the institution&apos;s SFTP server (<Link href="/sftp-delivery">SFTP Delivery</Link>), including those still being retried.
          </p>
          <SftpDeliveryHistory rows={sftpHistory} institutionName={institution.name} />
        </Card>
      ) : null}
    </>
  );
}
