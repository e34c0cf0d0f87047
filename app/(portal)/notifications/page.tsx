import type { Metadata } from "next";
import { Table } from "@/components/ui/table";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card, PageTitle } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { authorizedInstitutions, chooseInstitution, requireUser } from "@/lib/auth/gate";
import { formatDateTime } from "@/lib/dates";
import { notificationOverview } from "@/lib/notifications/queries";
import { listWebhooks } from "@/lib/webhooks/queries";
import { NotificationToggle, TestNotificationButton } from "./notification-controls";
import { WebhookActions, WebhookForm } from "./webhook-controls";

export const metadata: Metadata = { title: "Notifications" };

const STATUS_LABELS = { PENDING: "Waiting to retry", SENDING: "Sending", SENT: "Sent", FAILED: "Failed", CANCELLED: "Not sent" } as const;

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requireUser();
  const params = await searchParams;
  const institutions = await authorizedInstitutions(user.id, "notifications:manage");
  const overview = await notificationOverview(user, institutions);
  const webhookInstitution = chooseInstitution(institutions, params.institution, user.selectedOrganizationId).institution;
  const webhooks = webhookInstitution && user.termsAccepted ? await listWebhooks(webhookInstitution.id) : [];

  return (
    <>
      <PageTitle subtitle={`Emails go to ${user.email}.`}>Notifications</PageTitle>

      <Card className="mb-6">
        <h2 className="mb-2 text-lg font-semibold text-brand-900">Daily Email Notifications</h2>
        <p className="mb-2 text-sm text-slate-700">
          All users get daily notifications when new score reports are made available to their institution. Each email covers one institution (campus) and lists
          how many new score reports were released since the previous email; none is sent when nothing is new.
        </p>
        <p className="mb-4 text-sm text-slate-700">
          Schedule: <strong>{overview.schedule}</strong>. Next email due <strong data-testid="next-email-due">{formatDateTime(overview.nextSendAt)}</strong>.
          Accepting the site terms of use and visiting an institution&apos;s dashboard activates its emails. If you manage multiple campuses, visit the
          dashboard of each one.
        </p>
        {!user.termsAccepted ? (
          <div className="mb-4">
            <Notice tone="warning" testId="terms-warning">
              No emails are sent until you <Link href="/terms">accept the site terms of use</Link>.
            </Notice>
          </div>
        ) : null}
        {institutions.length ? (
          <div tabIndex={0} className="overflow-x-auto">
            <Table
              caption="Email notification status per institution"
              testId="notification-table"
              columns={["Institution", "Status", "Email notifications", "Test"]}
            >
              {overview.institutions.map((row) => (
                <tr key={row.institution.id} data-testid={`notification-row-${row.institution.diCode}`} className="align-top">
                  <th scope="row" className="py-3 pr-4 font-semibold">
                    {row.institution.name}
                    <span className="block text-xs font-normal text-slate-600">DI code {row.institution.diCode}</span>
                  </th>
                  <td className="py-3 pr-4" data-testid="notification-status">
                    {row.active ? (
                      <>
                        <span className="font-semibold text-green-800">Active.</span> Next email {formatDateTime(overview.nextSendAt)} if new score reports were
                        released.
                      </>
                    ) : (
                      <>
                        <span className="font-semibold text-amber-800">No emails will be sent:</span>
                        <ul className="ml-5 list-disc">
                          {row.reasons.map((r) => (
                            <li key={r}>{r}</li>
                          ))}
                        </ul>
                        {!row.dashboardVisitedAt && user.termsAccepted ? <Link href="/dashboard">Go to My Dashboard</Link> : null}
                      </>
                    )}
                  </td>
                  <td className="py-3 pr-4">
                    <NotificationToggle institutionId={row.institution.id} institutionName={row.institution.name} enabled={row.enabled} />
                  </td>
                  <td className="py-3">
                    {user.termsAccepted ? <TestNotificationButton institutionId={row.institution.id} institutionName={row.institution.name} /> : null}
                  </td>
                </tr>
              ))}
            </Table>
          </div>
        ) : (
          <p className="text-slate-700">
            Your account is not enrolled at any institution yet. <Link href="/enroll">Get Access</Link> with the access code your institution sent you.
          </p>
        )}
        <p className="mt-4 text-xs text-slate-600">
          Tip: add the sender address to your address book, and ask your IT staff to add its domain to their approved senders list to ensure receipt of these
          emails.
        </p>
      </Card>

      <Card className="mb-6">
        <h2 className="mb-2 text-lg font-semibold text-brand-900">Recent notification emails</h2>
        {overview.recent.length ? (
          <div tabIndex={0} className="overflow-x-auto">
            <Table caption="Your latest notification emails" testId="recent-emails" columns={["Institution", "Kind", "Reports", "Period", "Status"]}>
              {overview.recent.map((d) => (
                <tr key={d.id} className="align-top">
                  <td className="py-2 pr-4">
                    {d.institutionName} ({d.diCode})
                  </td>
                  <td className="py-2 pr-4">{d.kind === "TEST" ? "Test" : "Daily"}</td>
                  <td className="py-2 pr-4">{d.reportCount}</td>
                  <td className="py-2 pr-4">
                    {formatDateTime(d.windowStart)} – {formatDateTime(d.windowEnd)}
                  </td>
                  <td className="py-2">
                    {STATUS_LABELS[d.status]}
                    {d.sentAt ? ` ${formatDateTime(d.sentAt)}` : ""}
                    {d.lastError && d.status !== "SENT" ? <span className="block text-xs text-red-800">{d.lastError}</span> : null}
                  </td>
                </tr>
              ))}
            </Table>
          </div>
        ) : (
          <p className="text-sm text-slate-700">No notification emails yet.</p>
        )}
      </Card>

      {webhookInstitution && user.termsAccepted ? (
        <Card>
          <h2 className="mb-2 text-lg font-semibold text-brand-900">Webhooks for {webhookInstitution.name}</h2>
          <p className="mb-2 text-sm text-slate-700">
            To trigger your IT system without email, register a URL: when new score reports are released to this institution we POST a small signed JSON event
            (DI code, count and time; no student data), retrying with backoff until your receiver answers with a 2xx status.{" "}
            <Link href="/docs/webhooks">How to verify the signature</Link>.
          </p>
          {institutions.length > 1 ? (
            <form method="get" className="mb-4 flex flex-wrap items-end gap-2">
              <div className="space-y-1">
                <label htmlFor="webhook-institution" className="block text-sm font-semibold text-slate-800">
                  Institution
                </label>
                <select
                  id="webhook-institution"
                  name="institution"
                  defaultValue={webhookInstitution.id}
                  className="rounded border border-slate-400 px-3 py-2 text-sm"
                >
                  {institutions.map((i) => (
                    <option key={i.id} value={i.id}>
                      {i.name} ({i.diCode})
                    </option>
                  ))}
                </select>
              </div>
              <Button type="submit" variant="secondary">
                Show
              </Button>
            </form>
          ) : null}
          <WebhookForm institutionId={webhookInstitution.id} />
          {webhooks.length ? (
            <ul className="mt-6 space-y-6" data-testid="webhook-list">
              {webhooks.map((hook) => (
                <li key={hook.id} className="rounded border border-slate-200 p-4">
                  <p className="break-all font-mono text-sm">{hook.url}</p>
                  <p className="mb-3 text-xs text-slate-600">
                    Added {formatDateTime(hook.createdAt)}
                    {hook.createdBy ? ` by ${hook.createdBy}` : ""}. Secret ends in …{hook.secretHint}.
                  </p>
                  <WebhookActions webhookId={hook.id} institutionId={webhookInstitution.id} url={hook.url} />
                  <h3 className="mt-4 text-sm font-semibold">Recent deliveries</h3>
                  {hook.deliveries.length ? (
                    <table className="mt-1 w-full text-left text-xs" data-testid="webhook-deliveries">
                      <caption className="sr-only">Recent deliveries to {hook.url}</caption>
                      <thead className="border-b border-slate-300 text-slate-700">
                        <tr>
                          <th scope="col" className="py-1 pr-3">
                            Created
                          </th>
                          <th scope="col" className="py-1 pr-3">
                            Event
                          </th>
                          <th scope="col" className="py-1 pr-3">
                            Attempts
                          </th>
                          <th scope="col" className="py-1 pr-3">
                            Last answer
                          </th>
                          <th scope="col" className="py-1">
                            Status
                          </th>
                        </tr>
                      </thead>
                      <tbody className="divide-y divide-slate-100">
                        {hook.deliveries.map((d) => (
                          <tr key={d.id}>
                            <td className="py-1 pr-3">{formatDateTime(d.createdAt)}</td>
                            <td className="py-1 pr-3 font-mono">{d.eventType}</td>
                            <td className="py-1 pr-3">{d.attempts}</td>
                            <td className="py-1 pr-3">{d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : (d.lastError ?? "—")}</td>
                            <td className="py-1">
                              {d.status === "SENT" && d.deliveredAt ? `Delivered ${formatDateTime(d.deliveredAt)}` : STATUS_LABELS[d.status]}
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  ) : (
                    <p className="text-xs text-slate-600">No events yet.</p>
                  )}
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-4 text-sm text-slate-700">No webhooks for this institution yet.</p>
          )}
        </Card>
      ) : null}
    </>
  );
}
