import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card, PageTitle } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { SftpDeliveryHistory } from "@/components/sftp-delivery-history";
import { authorizedInstitutions, requireUser } from "@/lib/auth/gate";
import { formatDateTime } from "@/lib/dates";
import { deliveryHistory, destinationFor } from "@/lib/sftp-delivery/queries";
import { SCHEDULE_LABELS } from "@/lib/sftp-delivery/schedule";
import { SftpAction, SftpSettingsForm, TestConnectionButton, type SettingsDefaults } from "./sftp-controls";

export const metadata: Metadata = { title: "SFTP Delivery" };

const EMPTY: SettingsDefaults = {
  host: "",
  port: 22,
  username: "",
  authMethod: "KEY",
  hasPassword: false,
  remoteDir: "/incoming",
  format: "TXT",
  schedule: "AFTER_RELEASE",
  time: "06:00",
  day: 1,
  failureThreshold: 3,
  enabled: true,
};

export default async function SftpDeliveryPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requireUser();
  const params = await searchParams;
  const institutions = user.termsAccepted ? await authorizedInstitutions(user.id, "sftp:manage") : [];
  const institution =
    institutions.find((i) => i.id === params.institution) ?? institutions.find((i) => i.id === user.selectedOrganizationId) ?? institutions[0];
  const [destination, history] = institution ? await Promise.all([destinationFor(institution.id), deliveryHistory(institution.id)]) : [null, []];

  return (
    <>
      <PageTitle subtitle="New score reports pushed to your institution's own SFTP server, exactly once.">SFTP Delivery</PageTitle>
      {!user.termsAccepted ? (
        <Notice tone="warning" testId="terms-warning">
          Nothing is delivered until you <Link href="/terms">accept the site terms of use</Link>.
        </Notice>
      ) : !institution ? (
        <p className="text-slate-700">
          Only an APOSRD HED Admin of an institution can set up SFTP delivery. <Link href="/enroll">Get Access</Link> with your institution&apos;s access code.
        </p>
      ) : (
        <>
          {params.removed === "1" && !destination ? (
            <div className="mb-6">
              <Notice tone="success" testId="sftp-remove-result">
                SFTP delivery was removed.
              </Notice>
            </div>
          ) : null}
          <Card className="mb-6">
            <h2 className="mb-2 text-lg font-semibold text-brand-900">How delivery works for {institution.name}</h2>
            <ul className="ml-5 list-disc space-y-1 text-sm text-slate-700">
              <li>
                Each delivery is the same file as the web service&apos;s <strong>new</strong> download: every score report released since the last file, named{" "}
                <code>AP_{institution.diCode}_&lt;timestamp&gt;_new.txt</code> (or <code>.csv</code>). Nothing new means nothing is uploaded.
              </li>
              <li data-testid="sftp-watermark-note">
                Deliveries use the <strong>new</strong> of the administrator who saved these settings
                {destination ? ` (${destination.configuredBy.name}, ${destination.configuredBy.email})` : " (you, once you save)"}: they share it with that
                person&apos;s Bulk Reports downloads and web-service files. A report delivered here is not &quot;new&quot; for them there, and the reverse.
              </li>
              <li>
                The file is uploaded under a temporary <code>.part</code> name, checked, then renamed; an interrupted delivery is sent again with the same name
                and the same records, so your system never sees a partial file. <Link href="/docs/sftp-delivery">Read the SFTP delivery guide</Link>.
              </li>
            </ul>
            {institutions.length > 1 ? (
              <form method="get" className="mt-4 flex flex-wrap items-end gap-2">
                <div className="space-y-1">
                  <label htmlFor="sftp-institution" className="block text-sm font-semibold text-slate-800">
                    Institution
                  </label>
                  <select id="sftp-institution" name="institution" defaultValue={institution.id} className="rounded border border-slate-400 px-3 py-2 text-sm">
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
          </Card>

          <Card className="mb-6">
            <h2 className="mb-4 text-lg font-semibold text-brand-900">Settings</h2>
            <SftpSettingsForm
              // Keyed by institution only: a key that changed with the saved settings remounted the form on
              // the refresh after saving, and its "saved" confirmation vanished.
              key={institution.id}
              institutionId={institution.id}
              defaults={destination ? { ...destination } : EMPTY}
            />
          </Card>

          {destination ? (
            <Card className="mb-6">
              <h2 className="mb-2 text-lg font-semibold text-brand-900">Connection</h2>
              <dl className="mb-4 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
                <dt className="font-semibold">Status</dt>
                <dd data-testid="sftp-status">
                  {!destination.enabled
                    ? "Paused."
                    : destination.consecutiveFailures > 0
                      ? `Failing (${destination.consecutiveFailures} in a row): ${destination.lastError ?? ""} We keep trying on schedule.`
                      : destination.schedule === "AFTER_RELEASE"
                        ? "Active: new score reports are delivered within a minute of their release."
                        : `Active: ${SCHEDULE_LABELS[destination.schedule].toLowerCase()}, next run ${destination.nextRunAt ? formatDateTime(destination.nextRunAt) : "not scheduled"}.`}
                </dd>
                <dt className="font-semibold">Server host key</dt>
                <dd data-testid="sftp-host-key">
                  {destination.hostKeySha256 ? (
                    <>
                      <code className="break-all">{destination.hostKeySha256}</code>
                      <span className="block text-xs text-slate-600">
                        Pinned {destination.hostKeyPinnedAt ? formatDateTime(destination.hostKeyPinnedAt) : ""}. Confirm it with your server&apos;s
                        administrator (<code>ssh-keygen -lf</code> on the host key). A server presenting another key is refused.
                      </span>
                    </>
                  ) : (
                    "Not pinned yet: the key is pinned on the first successful connection."
                  )}
                </dd>
              </dl>
              {destination.authMethod === "KEY" && destination.publicKey ? (
                <div className="mb-4 space-y-1">
                  <label htmlFor="sftp-public-key" className="block text-sm font-semibold text-slate-800">
                    Public key to add to the user&apos;s <code>~/.ssh/authorized_keys</code>
                  </label>
                  <textarea
                    id="sftp-public-key"
                    readOnly
                    rows={3}
                    value={destination.publicKey}
                    data-testid="sftp-public-key"
                    className="block w-full rounded border border-slate-400 bg-slate-50 px-3 py-2 font-mono text-xs"
                  />
                  <p className="text-xs text-slate-600">The private key never leaves the portal; it is stored encrypted.</p>
                </div>
              ) : null}
              <div className="flex flex-wrap items-start gap-4">
                <TestConnectionButton institutionId={institution.id} />
                {destination.hostKeySha256 ? (
                  <SftpAction
                    endpoint="/api/sftp-delivery/forget-host-key"
                    institutionId={institution.id}
                    label="Forget pinned host key"
                    pendingLabel="Forgetting…"
                    confirm="Only do this if the server's key was changed on purpose. Forget the pinned host key?"
                    testId="sftp-forget-host-key"
                  />
                ) : null}
                {destination.authMethod === "KEY" ? (
                  <SftpAction
                    endpoint="/api/sftp-delivery/new-key"
                    institutionId={institution.id}
                    label="Generate a new key pair"
                    pendingLabel="Generating…"
                    confirm="Deliveries fail until the new public key is installed on the server. Generate a new key pair?"
                    testId="sftp-new-key"
                  />
                ) : null}
                <SftpAction
                  endpoint="/api/sftp-delivery/remove"
                  institutionId={institution.id}
                  label="Remove SFTP delivery"
                  pendingLabel="Removing…"
                  variant="danger"
                  confirm="Stop delivering files and delete these settings, the key pair and the password?"
                  testId="sftp-remove"
                  afterSuccess={`/sftp-delivery?institution=${institution.id}&removed=1`}
                />
              </div>
            </Card>
          ) : null}

          <Card>
            <h2 className="mb-2 text-lg font-semibold text-brand-900">Delivery history</h2>
            <SftpDeliveryHistory rows={history} institutionName={institution.name} />
          </Card>
        </>
      )}
    </>
  );
}
