import { prisma } from "@/lib/db";

/** Emails written instead of sent when no SMTP server is configured, newest first, one page at a time. */
export async function listOutbox(page: { before: string; limit: number }) {
  const rows = await prisma.outboxEmail.findMany({
    where: page.before ? { id: { lt: BigInt(page.before) } } : {},
    orderBy: { id: "desc" },
    take: page.limit + 1,
    select: { id: true, to: true, subject: true, text: true, createdAt: true },
  });
  const shown = rows.slice(0, page.limit);
  return {
    rows: shown.map((r) => ({ id: String(r.id), to: r.to, subject: r.subject, text: r.text, createdAt: r.createdAt })),
    nextBefore: rows.length > page.limit ? String(shown[shown.length - 1]!.id) : null,
  };
}
