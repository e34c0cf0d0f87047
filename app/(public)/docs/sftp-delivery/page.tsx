import type { Metadata } from "next";
import Link from "next/link";
import { PageTitle } from "@/components/ui/card";
import { SCHEDULES, SCHEDULE_LABELS } from "@/lib/sftp-delivery/schedule-options";

export const metadata: Metadata = { title: "SFTP delivery" };

export default function SftpDeliveryDocsPage() {
  return (
    <article className="max-w-4xl space-y-6">
      <PageTitle subtitle="New score reports on your own SFTP server, exactly once, with no script to write">SFTP delivery</PageTitle>
      <p>
        An APOSRD HED Admin of an institution sets up delivery once on the portal&apos;s <Link href="/sftp-delivery">SFTP Delivery</Link> page. From then on,
        every new score report is uploaded to the institution&apos;s SFTP server as a TXT or CSV file, in the <Link href="/docs/txt-layout">same layout</Link>{" "}
        as the portal and the <Link href="/docs/web-service">web service</Link>.
      </p>

      <section aria-labelledby="setup">
        <h2 id="setup" className="mb-2 text-xl font-semibold text-brand-900">
          Setting it up
        </h2>
        <ol className="ml-6 list-decimal space-y-1">
          <li>Enter the server&apos;s host name and port, the SFTP user name and the folder the files go to.</li>
          <li>
            Choose how we sign in: with an SSH key pair the portal generates (add the public key shown on the page to the user&apos;s{" "}
            <code>~/.ssh/authorized_keys</code>; the private key stays in the portal, encrypted) or with a password (stored encrypted).
          </li>
          <li>
            Press <strong>Test connection</strong>. We connect, upload a small file and remove it, and say exactly what failed: the host name (DNS), the network
            (TCP), the server&apos;s host key, the sign-in (authentication), the folder&apos;s permissions, or a full disk.
          </li>
          <li>
            On the first successful connection we pin the server&apos;s host key and show its SHA256 fingerprint: compare it with{" "}
            <code>ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</code> on your server. From then on a server presenting another key is refused before
            anything is sent. If you replace the key on purpose, choose <strong>Forget pinned host key</strong> and test again.
          </li>
        </ol>
      </section>

      <section aria-labelledby="schedule">
        <h2 id="schedule" className="mb-2 text-xl font-semibold text-brand-900">
          Schedules
        </h2>
        <ul className="ml-6 list-disc space-y-1">
          {SCHEDULES.map((s) => (
            <li key={s}>{SCHEDULE_LABELS[s]}</li>
          ))}
        </ul>
        <p className="mt-2">Times are Eastern Time. A run with nothing new uploads nothing.</p>
      </section>

      <section aria-labelledby="files">
        <h2 id="files" className="mb-2 text-xl font-semibold text-brand-900">
          Files and exactly-once delivery
        </h2>
        <ul className="ml-6 list-disc space-y-1">
          <li>
            Names: <code>AP_&lt;DI code&gt;_&lt;UTC time&gt;_new.txt</code> (or <code>.csv</code>), e.g. <code>AP_5818_20261122T153000Z_new.txt</code>. Pick up{" "}
            <code>AP_*_new.txt</code>; ignore <code>*.part</code>.
          </li>
          <li>
            A delivery is the web service&apos;s <strong>new</strong> file of the administrator who saved the settings: the reports released since their last
            logged full or new file. It shares that watermark with their portal downloads and web-service files, so a report delivered by SFTP is not
            &quot;new&quot; again in the portal or the web service, and the reverse.
          </li>
          <li>
            Each file is uploaded as <code>&lt;name&gt;.part</code>, its size on the server is checked, and it is renamed to its final name (replacing a copy
            from an earlier attempt). Only then is it logged. If anything fails or crashes in between, the next attempt sends the same records under the same
            name: your system never sees a partial file under the final name, and no record is lost. In the rare case of a crash right after the rename, the
            same file may arrive twice under the same name; treat a repeated name as the same file.
          </li>
        </ul>
      </section>

      <section aria-labelledby="failures">
        <h2 id="failures" className="mb-2 text-xl font-semibold text-brand-900">
          When delivery fails
        </h2>
        <p>
          A failed delivery is retried with growing pauses (30 seconds up to about 8 minutes), then again at each scheduled time (every 15 minutes for
          &quot;after each release&quot;). After the number of failures in a row set on the page, the institution&apos;s administrators get one email with the
          reason; a success re-arms it. Every delivery and failure is listed on the SFTP Delivery page, in <Link href="/activity">Institution Activity</Link>{" "}
          (channel &quot;SFTP delivery&quot;) and in the audit log.
        </p>
      </section>
    </article>
  );
}
