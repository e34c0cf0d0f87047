import type { Metadata } from "next";
import Link from "next/link";
import { PageTitle } from "@/components/ui/card";
import { DEFAULT_TOLERANCE_SECONDS, SIGNATURE_HEADER, EVENT_TYPES } from "@/lib/webhooks/rules";

export const metadata: Metadata = { title: "Webhooks" };

const SAMPLE_EVENT = `{
  "id": "4f0c7c1e-8a43-4a8e-9d0b-3f1c2b7a9e11",
  "type": "${EVENT_TYPES.released}",
  "createdAt": "2026-11-24T15:02:11.418Z",
  "institution": { "diCode": "5818", "name": "Example University" },
  "data": { "count": 12, "releasedAt": "2026-11-24T15:02:10.977Z" }
}`;

const NODE_SAMPLE = `import crypto from "node:crypto";
import http from "node:http";

const SECRET = process.env.AP_WEBHOOK_SECRET; // whsec_…, shown once when you added the webhook

function verify(header, body, toleranceSeconds = ${DEFAULT_TOLERANCE_SECONDS}) {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=", 2)));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > toleranceSeconds) return false;
  const expected = crypto.createHmac("sha256", SECRET).update(\`\${t}.\${body}\`).digest("hex");
  const given = Buffer.from(parts.v1 ?? "");
  return given.length === expected.length && crypto.timingSafeEqual(given, Buffer.from(expected));
}

http.createServer((req, res) => {
  let body = "";
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => {
    // Verify the exact bytes received, before parsing them.
    if (!verify(req.headers["x-ap-signature"] ?? "", body)) {
      res.writeHead(401).end();
      return;
    }
    const event = JSON.parse(body);
    res.writeHead(204).end(); // answer quickly, then work
    if (event.type === "${EVENT_TYPES.released}") startDownload(event.institution.diCode);
  });
}).listen(8080);`;

const PYTHON_SAMPLE = `import hashlib, hmac, time

def verify(secret: str, header: str, body: bytes, tolerance: int = ${DEFAULT_TOLERANCE_SECONDS}) -> bool:
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    t = int(parts.get("t", "0"))
    if abs(time.time() - t) > tolerance:
        return False
    expected = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts.get("v1", ""))`;

const CURL_SAMPLE = `# Recompute the signature of a captured request by hand:
printf '%s.%s' "$T" "$BODY" | openssl dgst -sha256 -hmac "$AP_WEBHOOK_SECRET"`;

function Code({ children, label }: { children: string; label: string }) {
  return (
    <pre className="mb-6 overflow-x-auto rounded bg-slate-900 p-4 text-xs text-slate-100" aria-label={label} tabIndex={0}>
      <code>{children}</code>
    </pre>
  );
}

export default function WebhooksDocsPage() {
  return (
    <article className="max-w-4xl">
      <PageTitle subtitle="Trigger your IT system when new score reports are released">Webhooks</PageTitle>
      <p className="mb-4">
        Besides the daily email notification and scheduled downloads, an institution&apos;s enrolled users can register a webhook on the{" "}
        <Link href="/notifications">Notifications</Link> page. When new score reports are released to the institution, the product sends an HTTP{" "}
        <code>POST</code> with a small JSON event to that URL. Your system then calls the <Link href="/docs/web-service">web service</Link> to download the new
        reports. The event carries no student data.
      </p>

      <h2 className="mb-2 mt-8 text-xl font-semibold text-brand-900">The event</h2>
      <Code label="Example event body">{SAMPLE_EVENT}</Code>
      <ul className="mb-4 ml-6 list-disc space-y-1">
        <li>
          <code>type</code>: <code>{EVENT_TYPES.released}</code> after a release, or <code>{EVENT_TYPES.test}</code> from the &quot;Send test event&quot; button
          (count 0).
        </li>
        <li>
          <code>data.count</code>: score reports in this release at this institution; <code>data.releasedAt</code>: the latest release time (UTC).
        </li>
        <li>
          <code>id</code>: the event&apos;s id. Retries of one event carry the same id and body: use it to ignore a repeat. Header <code>X-AP-Delivery</code>{" "}
          identifies the delivery, <code>X-AP-Event</code> repeats the type.
        </li>
      </ul>

      <h2 className="mb-2 mt-8 text-xl font-semibold text-brand-900">Verifying the signature</h2>
      <p className="mb-2">Every request carries the header</p>
      <Code label="Signature header">{`${SIGNATURE_HEADER}: t=1795532531,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd`}</Code>
      <ol className="mb-4 ml-6 list-decimal space-y-1">
        <li>
          Take <code>t</code> (Unix seconds) and <code>v1</code> from the header.
        </li>
        <li>
          Compute HMAC-SHA256 of the string <code>t + &quot;.&quot; + body</code> (the raw body bytes as received) with your webhook&apos;s secret (
          <code>whsec_…</code>) as the key, in lower-case hex.
        </li>
        <li>
          Compare it with <code>v1</code> in constant time, and refuse timestamps more than {DEFAULT_TOLERANCE_SECONDS / 60} minutes from your clock (a captured
          request cannot be replayed later).
        </li>
      </ol>
      <h3 className="mb-2 font-semibold">Node.js</h3>
      <Code label="Node.js receiver">{NODE_SAMPLE}</Code>
      <h3 className="mb-2 font-semibold">Python</h3>
      <Code label="Python verification">{PYTHON_SAMPLE}</Code>
      <h3 className="mb-2 font-semibold">Shell</h3>
      <Code label="Shell verification">{CURL_SAMPLE}</Code>

      <h2 className="mb-2 mt-8 text-xl font-semibold text-brand-900">Delivery and retries</h2>
      <ul className="mb-4 ml-6 list-disc space-y-1">
        <li>Answer with any 2xx status within 10 seconds. Redirects are not followed: register the final URL.</li>
        <li>
          Any other answer, a timeout or a refused connection is retried with exponential backoff (30 seconds, 1, 2, 4 … minutes; 10 attempts over about four
          hours). Each attempt and its answer is listed under the webhook on the Notifications page.
        </li>
        <li>
          In production, webhook URLs must use <code>https://</code> and resolve to public addresses; private, loopback and link-local addresses are refused,
          also when a name resolves to one at delivery time.
        </li>
        <li>The secret is shown once, when the webhook is added. To change it, add the webhook again and remove the old one.</li>
      </ul>
    </article>
  );
}
