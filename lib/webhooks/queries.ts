import type { AuthorizedOrganizationId } from "@/lib/auth/gate";
import { prisma } from "@/lib/db";

export interface WebhookView {
  id: string;
  url: string;
  secretHint: string;
  createdAt: Date;
  createdBy: string | null;
  deliveries: Array<{
    id: string;
    eventType: string;
    status: "PENDING" | "SENDING" | "SENT" | "FAILED" | "CANCELLED";
    attempts: number;
    lastStatusCode: number | null;
    lastError: string | null;
    createdAt: Date;
    deliveredAt: Date | null;
  }>;
}

/** The institution's active webhooks with their latest deliveries (newest first). */
export async function listWebhooks(organizationId: AuthorizedOrganizationId, deliveriesPerHook = 10): Promise<WebhookView[]> {
  const hooks = await prisma.webhook.findMany({
    where: { organizationId, revokedAt: null },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      url: true,
      secretHint: true,
      createdAt: true,
      createdBy: { select: { email: true } },
      deliveries: {
        orderBy: { createdAt: "desc" },
        take: deliveriesPerHook,
        select: { id: true, eventType: true, status: true, attempts: true, lastStatusCode: true, lastError: true, createdAt: true, deliveredAt: true },
      },
    },
  });
  return hooks.map((h) => ({
    id: h.id,
    url: h.url,
    secretHint: h.secretHint,
    createdAt: h.createdAt,
    createdBy: h.createdBy?.email ?? null,
    deliveries: h.deliveries,
  }));
}
