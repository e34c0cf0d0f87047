import type { Metadata } from "next";
import { Table } from "@/components/ui/table";
import { headers } from "next/headers";
import Link from "next/link";
import { env } from "@/lib/env";
import { WS_MESSAGES } from "@/lib/web-service/constants";
import {
  AUTHENTICATION_HEADER,
  AUTHENTICATION_VALUE,
  AUTHORIZATION_HEADER,
  BASE_PATH,
  LOGIN_AUTHORIZATION_VALUE,
  NO_SCORE_ORDERS,
} from "@/lib/web-service/schema";
import { codeSamples } from "@/lib/web-service/samples";
import { SCHEDULE_EXAMPLES, emailTriggerRecipe } from "@/lib/web-service/triggers";
import { describeSchedule, notifySchedule } from "@/lib/notifications/rules";

export const metadata: Metadata = { title: "Web Service API Reference" };
export const dynamic = "force-dynamic";

function Code({ children }: { children: React.ReactNode }) {
  return <code className="rounded bg-slate-100 px-1 font-mono text-sm text-slate-900">{children}</code>;
}

function Sample({ title, code }: { title: string; code: string }) {
  return (
    <section aria-labelledby={`sample-${title}`} className="mt-6">
      <h3 id={`sample-${title}`} className="mb-2 text-lg font-semibold text-brand-900">
        {title}
      </h3>
      <pre tabIndex={0} className="overflow-x-auto rounded bg-slate-900 p-4 text-xs leading-relaxed text-slate-100">
        <code>{code}</code>
      </pre>
    </section>
  );
}

const STEPS = [
  {
    step: "1. Authenticate",
    call: `POST ${BASE_PATH}/webServiceAuth`,
    body: '{"u": "registrar@example.edu", "p": "<base64 of the password>"}',
    answer: '{"success": true, "message": "...", "authToken": "..."}',
  },
  {
    step: "2. Generate a file",
    call: `POST ${BASE_PATH}/fileGeneration`,
    body: '{"diCode": "5818", "format": "TXT" | "CSV", "downloadType": "new" | "full"}',
    answer: '{"success": true, "url": "...", "fileName": "...", "downloadId": 123, "recordCount": 12, "message": "..."}',
  },
  { step: "3. Download the file", call: "GET <url>", body: "(none)", answer: "the TXT or CSV file" },
  {
    step: "4. Log the download",
    call: `POST ${BASE_PATH}/webServiceDownloaded`,
    body: '{"downloadId": 123, "format": "TXT"}',
    answer: '{"success": true, "message": "..."}',
  },
];

const REFUSALS: Array<{ when: string; status: string; message: string }> = [
  { when: "X-CB-Catapult-Authentication-Token missing or wrong (any call)", status: "401", message: WS_MESSAGES.missingAuthenticationHeader },
  { when: "Login call without the literal CBLogin", status: "401", message: WS_MESSAGES.loginAuthorizationHeader },
  { when: "Wrong email or password", status: "401", message: WS_MESSAGES.invalidCredentials },
  {
    when: "Account locked after failed sign-ins (portal and web service count together)",
    status: "423 + Retry-After",
    message: "Too many failed sign-in attempts. This account is locked for N more minutes; try again later.",
  },
  { when: "MFA is on and the account password was sent", status: "403", message: WS_MESSAGES.mfaEnabled },
  { when: "Account password expired", status: "403", message: WS_MESSAGES.passwordExpired },
  { when: "Email address not confirmed", status: "403", message: WS_MESSAGES.emailNotVerified },
  { when: "Terms of use not accepted", status: "403", message: WS_MESSAGES.termsNotAccepted },
  { when: "No APOSRD HED Admin role anywhere", status: "403", message: WS_MESSAGES.noRole },
  { when: "p is not base64", status: "400", message: WS_MESSAGES.badBase64 },
  { when: "Too many logins for the account", status: "429 + Retry-After", message: WS_MESSAGES.authRateLimited },
  { when: "No authToken on a later call", status: "401", message: WS_MESSAGES.missingToken },
  { when: "authToken altered or unknown", status: "401", message: WS_MESSAGES.invalidToken },
  { when: "authToken too old", status: "401", message: WS_MESSAGES.expiredToken },
  { when: "Password changed or app password revoked since the token was issued", status: "401", message: WS_MESSAGES.revokedToken },
  { when: "No role at the DI code", status: "403", message: WS_MESSAGES.noRoleAt("5818") },
  {
    when: "Bad diCode, format or downloadType",
    status: "400",
    message: 'diCode must be the institution\'s 4-6 digit DI code, e.g. "5818" · format must be "TXT" or "CSV" · downloadType must be "new" or "full"',
  },
  { when: "Nothing new (not an error)", status: "200, success false", message: WS_MESSAGES.noScoreOrdersNew("5818") },
  { when: "Too many file generations for the account", status: "429 + Retry-After", message: WS_MESSAGES.generationRateLimited },
  { when: "Unknown downloadId", status: "404", message: WS_MESSAGES.unknownDownload("123") },
  { when: "Another account's downloadId", status: "403", message: WS_MESSAGES.notYourDownload("123") },
  { when: "format does not match the file", status: "400", message: WS_MESSAGES.formatMismatch("123", "TXT") },
];

export default async function WebServiceDocsPage() {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") ?? (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  const origin = env().PUBLIC_BASE_URL?.replace(/\/+$/, "") ?? `${proto}://${host}`;
  const { WS_TOKEN_TTL_SECONDS, WS_URL_TTL_SECONDS } = env();
  const samples = codeSamples(origin);

  return (
    <article className="prose-sm max-w-none space-y-8 text-slate-800">
      <header>
        <h1 className="text-3xl font-bold text-brand-900">AP Higher Education Score Reports Web Service</h1>
        <p className="mt-2">
          To download AP score report data files automatically, call this RESTful web service. It serves the same paths, headers and JSON fields as the College
          Board service, so existing scripts work by changing only their base URL to{" "}
          <Code>
            {origin}
            {BASE_PATH}
          </Code>
          . The machine-readable description is at <Link href={`${BASE_PATH}/openapi.json`}>{BASE_PATH}/openapi.json</Link> (OpenAPI 3.1).
        </p>
      </header>

      <section aria-labelledby="requirements">
        <h2 id="requirements" className="text-2xl font-semibold text-brand-900">
          Account requirements
        </h2>
        <ul className="mt-2 list-disc space-y-1 pl-6">
          <li>
            An email-based educator account holding the <strong>APOSRD HED Admin</strong> role for the institution (added with the institution&apos;s access
            code).
          </li>
          <li>The site terms of use accepted in the portal under this account.</li>
          <li>The account password current (not expired).</li>
          <li>
            Multifactor authentication (MFA) off — <em>or</em> an <strong>app password</strong>: create one under{" "}
            <Link href="/settings#app-passwords">Account Settings → App passwords</Link> and send it as <Code>p</Code>. App passwords work with MFA on, do not
            expire with the account password, work only for the web service (never for portal sign-in) and can be revoked at any time.
          </li>
        </ul>
      </section>

      <section aria-labelledby="steps">
        <h2 id="steps" className="text-2xl font-semibold text-brand-900">
          The four steps
        </h2>
        <div tabIndex={0} className="mt-2 overflow-x-auto">
          <Table caption="Web service calls" columns={["Step", "Call", "Request body", "Success response"]}>
            {STEPS.map((s) => (
              <tr key={s.step} className="border-b border-slate-200 align-top">
                <th scope="row" className="py-2 pr-3 font-semibold">
                  {s.step}
                </th>
                <td className="py-2 pr-3 font-mono text-xs">{s.call}</td>
                <td className="py-2 pr-3 font-mono text-xs">{s.body}</td>
                <td className="py-2 font-mono text-xs">{s.answer}</td>
              </tr>
            ))}
          </Table>
        </div>
        <ul className="mt-4 list-disc space-y-1 pl-6">
          <li>
            Headers on every call:{" "}
            <Code>
              {AUTHENTICATION_HEADER}: {AUTHENTICATION_VALUE}
            </Code>
            , and <Code>{AUTHORIZATION_HEADER}</Code> = <Code>{LOGIN_AUTHORIZATION_VALUE}</Code> on webServiceAuth, the <Code>authToken</Code> on every later
            call. The GET in step 3 needs no headers (sending them does no harm).
          </li>
          <li>
            <Code>diCode</Code> is a string of digits (a number is accepted); <Code>downloadId</Code> may be sent back as a number or a string;{" "}
            <Code>format</Code> and <Code>downloadType</Code> ignore letter case.
          </li>
          <li>
            <strong>new</strong>: score reports sent since this account&apos;s last <em>logged</em> full or new file — TXT and CSV, portal and web service share
            this one watermark; the first time, the whole reporting year. <strong>full</strong>: everything sent since July 1 of the current reporting year.
          </li>
          <li>
            When nothing is new, fileGeneration answers HTTP 200 with <Code>success: false</Code> and a message containing <Code>{NO_SCORE_ORDERS}</Code>: treat
            it as &ldquo;nothing to do&rdquo;.
          </li>
          <li>
            <strong>Step 4 is what makes &ldquo;new&rdquo; correct.</strong> A file that was generated or downloaded but never logged comes again in the next
            new file, so a crash between steps never loses records. Generating again is always safe; logging the same downloadId twice is a harmless success.
          </li>
          <li>
            File names: <Code>AP_&lt;DI code&gt;_&lt;UTC time&gt;_&lt;full|incremental&gt;.&lt;txt|csv&gt;</Code>, e.g.{" "}
            <Code>AP_5818_20261122T153000Z_incremental.txt</Code>. Layouts: <Link href="/docs/txt-layout">TXT and CSV layout</Link>.
          </li>
          <li>
            No script to run? <Link href="/docs/sftp-delivery">SFTP delivery</Link> pushes the same new files to your own SFTP server, exactly once, sharing the
            same watermark (its files appear in fileList with <Code>channel: &quot;SFTP&quot;</Code>).
          </li>
        </ul>
      </section>

      <section aria-labelledby="lifetimes">
        <h2 id="lifetimes" className="text-2xl font-semibold text-brand-900">
          Lifetimes and limits
        </h2>
        <ul className="mt-2 list-disc space-y-1 pl-6">
          <li>
            <strong>authToken</strong>: valid for {WS_TOKEN_TTL_SECONDS / 60} minutes. Changing the account password (or revoking the app password used) ends it
            at once.
          </li>
          <li>
            <strong>Download URL</strong>: pre-signed, valid for {WS_URL_TTL_SECONDS / 60} minutes. Its <Code>Expires</Code> query parameter is the end time in
            Unix seconds; the <Code>Signature</Code> binds it to the file. An expired or altered URL answers HTTP 403 with an XML body such as{" "}
            <Code>&lt;Error&gt;&lt;Code&gt;AccessDenied&lt;/Code&gt;&lt;Message&gt;Request has expired&lt;/Message&gt;…&lt;/Error&gt;</Code>: call
            fileGeneration again for a new URL.
          </li>
          <li>
            <strong>Rate limits</strong> per account: webServiceAuth {env().WS_AUTH_LIMIT} calls (from one client address) per{" "}
            {env().WS_AUTH_WINDOW_SECONDS / 60} minutes; fileGeneration {env().WS_GENERATION_LIMIT} calls per {env().WS_GENERATION_WINDOW_SECONDS / 60} minutes.
            Beyond them: HTTP 429 with <Code>Retry-After</Code> (seconds).
          </li>
          <li>Failed logins count toward the same account lock as portal sign-ins.</li>
        </ul>
      </section>

      <section aria-labelledby="statuses">
        <h2 id="statuses" className="text-2xl font-semibold text-brand-900">
          Responses and refusals
        </h2>
        <p className="mt-2">
          Every answer is JSON with <Code>success</Code> and <Code>message</Code>; read those first. HTTP statuses: 200 success (and &ldquo;no score orders
          found&rdquo;), 400 bad input, 401 missing/wrong headers, credentials or token, 403 not allowed (role, terms, MFA, expired password, another
          account&apos;s file), 404 unknown downloadId, 423 account locked, 429 rate limited, 500 unexpected error, 503 briefly unavailable (the database is
          restarting, or too many downloads are in progress): retry after the <Code>Retry-After</Code> header&apos;s seconds.
        </p>
        <div tabIndex={0} className="mt-2 overflow-x-auto">
          <Table caption="Refusal messages" testId="refusals" columns={["When", "HTTP status", "message"]}>
            {REFUSALS.map((r) => (
              <tr key={r.when} className="border-b border-slate-200 align-top">
                <td className="py-2 pr-3">{r.when}</td>
                <td className="whitespace-nowrap py-2 pr-3">{r.status}</td>
                <td className="py-2 text-xs">{r.message}</td>
              </tr>
            ))}
          </Table>
        </div>
      </section>

      <section aria-labelledby="file-list">
        <h2 id="file-list" className="text-2xl font-semibold text-brand-900">
          File list (beyond the College Board service)
        </h2>
        <p className="mt-2">
          <Code>POST {BASE_PATH}/fileList</Code> with <Code>{'{"diCode": "5818"}'}</Code> and the same headers answers this account&apos;s files for the DI
          code, newest first: <Code>downloadId</Code>, <Code>fileName</Code>, <Code>downloadType</Code> (full, new, custom), <Code>format</Code>,{" "}
          <Code>channel</Code>, <Code>createdAt</Code>, <Code>recordCount</Code>, <Code>loggedAt</Code> (null until logged).
        </p>
      </section>

      <section aria-labelledby="samples">
        <h2 id="samples" className="text-2xl font-semibold text-brand-900">
          Code samples
        </h2>
        <p className="mt-2">Each sample runs the four steps and treats &ldquo;no score orders found&rdquo; as success.</p>
        <Sample title="curl" code={samples.curl} />
        <Sample title="JavaScript" code={samples.javascript} />
        <Sample title="Java" code={samples.java} />
      </section>

      <section aria-labelledby="trigger">
        <h2 id="trigger" className="text-2xl font-semibold text-brand-900">
          How to Trigger Your IT System
        </h2>
        <p className="mt-2">There are two recommended ways to trigger your IT system to call the web service:</p>
        <section aria-labelledby="trigger-email" className="mt-4">
          <h3 id="trigger-email" className="text-lg font-semibold text-brand-900">
            Option 1: Use Email Notification as Trigger
          </h3>
          <p className="mt-2">Emails are sent to the email address registered with your user account whenever new scores are sent to your institution.</p>
          <p className="mt-2 rounded border-l-4 border-amber-500 bg-amber-50 p-3">
            <strong>IMPORTANT:</strong> You must log in with the user account to AP Higher Education Score Reports to activate email notifications.
          </p>
          <p className="mt-2">
            The email goes out once a day when new score reports arrived ({describeSchedule(notifySchedule())}), one per institution, with the subject{" "}
            <Code>New AP score reports for &lt;institution&gt; (DI code &lt;DI code&gt;)</Code>. Turn it on per institution on the{" "}
            <Link href="/notifications">Notifications</Link> page, which also sends a test email (its subject begins with <Code>[Test]</Code>) so you can try
            your rule.
          </p>
          <p className="mt-2">
            <strong>Worked example:</strong> a mail rule on the machine that receives the account&apos;s email runs the download script (the curl sample above,
            saved as <Code>/opt/ap-scores/download.sh</Code>) for DI code 5818:
          </p>
          <pre tabIndex={0} className="mt-2 overflow-x-auto rounded bg-slate-900 p-4 text-xs leading-relaxed text-slate-100" data-testid="email-trigger">
            <code>{emailTriggerRecipe("5818")}</code>
          </pre>
          <p className="mt-2">The same works with any mail system that can start a program or a flow when a message&apos;s subject matches.</p>
        </section>
        <section aria-labelledby="trigger-schedule" className="mt-6">
          <h3 id="trigger-schedule" className="text-lg font-semibold text-brand-900">
            Option 2: Scheduled Downloads
          </h3>
          <p className="mt-2">
            While new score reports can be made available to your institution at any time of day, you can schedule a designated time for file generation and
            download. You can set the schedule to daily, every other day, weekly, biweekly, or monthly based on the volume of score reports your institution
            receives and how often you need to process the data.
          </p>
          <p className="mt-2">
            <strong>Worked examples</strong>, each running the download script at 6:30 AM: one crontab line (Linux, macOS; <Code>crontab -e</Code>) or one
            Windows Task Scheduler command. Asking for <Code>new</Code> files makes any schedule safe: each file continues from the last logged one, and a run
            with nothing new ends with &ldquo;no score orders found&rdquo;.
          </p>
          <div tabIndex={0} className="mt-2 overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="schedule-examples">
              <caption className="sr-only">Scheduled download examples</caption>
              <thead>
                <tr className="border-b border-slate-300">
                  <th scope="col" className="py-2 pr-3">
                    Schedule
                  </th>
                  <th scope="col" className="py-2 pr-3">
                    crontab line
                  </th>
                  <th scope="col" className="py-2">
                    Windows Task Scheduler
                  </th>
                </tr>
              </thead>
              <tbody>
                {SCHEDULE_EXAMPLES.map((e) => (
                  <tr key={e.frequency} className="border-b border-slate-200 align-top">
                    <th scope="row" className="py-2 pr-3 font-semibold">
                      <span className="capitalize">{e.frequency}</span>
                      <span className="block text-xs font-normal text-slate-600">{e.when}</span>
                    </th>
                    <td className="py-2 pr-3 font-mono text-xs">
                      {e.cron}
                      {e.note && <span className="mt-1 block font-sans text-slate-600">{e.note}</span>}
                    </td>
                    <td className="py-2 font-mono text-xs">{e.windows}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="mt-2">
            No machine to run a schedule? <Link href="/docs/sftp-delivery">SFTP delivery</Link> pushes new files on the same schedules, and{" "}
            <Link href="/docs/webhooks">webhooks</Link> call your server when new score reports are released.
          </p>
        </section>
      </section>

      <section aria-labelledby="support">
        <h2 id="support" className="text-2xl font-semibold text-brand-900">
          Additional Support and Resources
        </h2>
        <ul className="mt-2 list-disc space-y-1 pl-6">
          <li>
            Questions? Contact: <a href={`mailto:${env().SUPPORT_EMAIL}`}>{env().SUPPORT_EMAIL}</a>
          </li>
        </ul>
      </section>
    </article>
  );
}
