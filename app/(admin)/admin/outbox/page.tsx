import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageTitle } from "@/components/ui/card";
import { listOutbox } from "@/lib/mail/queries";
import { OutboxPageSchema } from "@/lib/mail/schema";
import { requireAdmin } from "@/lib/auth/gate";
import { when } from "../_components/format";

export const metadata: Metadata = { title: "Outbox" };

export default async function OutboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin();
  const raw = await searchParams;
  const pageInput = OutboxPageSchema.catch({ before: "", limit: 50 }).parse({ before: typeof raw.before === "string" ? raw.before : undefined });
  const page = await listOutbox(pageInput);
  return (
    <>
      <PageTitle subtitle="Emails the application wrote here instead of sending, because no mail server is configured. Newest first.">Outbox</PageTitle>
      <Card>
        {page.rows.length ? (
          <ul className="divide-y divide-slate-200" data-testid="outbox-list">
            {page.rows.map((m) => (
              <li key={m.id} className="py-3">
                <details>
                  <summary className="cursor-pointer">
                    <span className="font-semibold">{m.subject}</span>{" "}
                    <span className="text-sm text-slate-700">
                      to {m.to} · {when(m.createdAt)}
                    </span>
                  </summary>
                  <pre className="mt-2 whitespace-pre-wrap rounded bg-slate-100 p-3 text-xs">{m.text}</pre>
                </details>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-slate-700">{pageInput.before ? "No older emails." : "The outbox is empty."}</p>
        )}
        <div className="mt-4 flex gap-4 text-sm">
          {pageInput.before ? <Link href="/admin/outbox">Newest emails</Link> : null}
          {page.nextBefore ? <Link href={`/admin/outbox?before=${page.nextBefore}`}>Older emails</Link> : null}
        </div>
      </Card>
    </>
  );
}
