import type { AuthorizedOrganizationId } from "@/lib/auth/gate";
import { prisma } from "@/lib/db";
import { nextSlot, type Schedule } from "@/lib/sftp-delivery/schedule";

export interface DestinationView {
  host: string;
  port: number;
  username: string;
  authMethod: "KEY" | "PASSWORD";
  publicKey: string | null;
  hasPassword: boolean;
  remoteDir: string;
  format: "TXT" | "CSV";
  schedule: Schedule;
  time: string;
  day: number;
  enabled: boolean;
  failureThreshold: number;
  hostKeySha256: string | null;
  hostKeyPinnedAt: Date | null;
  consecutiveFailures: number;
  lastError: string | null;
  /** Whose "new" the deliveries share. */
  configuredBy: { name: string; email: string };
  nextRunAt: Date | null;
}

/** The settings as the page shows them: never the private key or the password. */
export async function destinationFor(organizationId: AuthorizedOrganizationId, now = new Date()): Promise<DestinationView | null> {
  const d = await prisma.sftpDestination.findUnique({
    where: { organizationId },
    select: {
      host: true,
      port: true,
      username: true,
      authMethod: true,
      publicKey: true,
      passwordSealed: true,
      remoteDir: true,
      format: true,
      schedule: true,
      scheduleTime: true,
      scheduleDay: true,
      enabled: true,
      failureThreshold: true,
      hostKeySha256: true,
      hostKeyPinnedAt: true,
      consecutiveFailures: true,
      lastError: true,
      user: { select: { firstName: true, lastName: true, email: true } },
    },
  });
  if (!d) return null;
  return {
    host: d.host,
    port: d.port,
    username: d.username,
    authMethod: d.authMethod,
    publicKey: d.publicKey,
    hasPassword: Boolean(d.passwordSealed),
    remoteDir: d.remoteDir,
    format: d.format,
    schedule: d.schedule,
    time: d.scheduleTime,
    day: d.scheduleDay,
    enabled: d.enabled,
    failureThreshold: d.failureThreshold,
    hostKeySha256: d.hostKeySha256,
    hostKeyPinnedAt: d.hostKeyPinnedAt,
    consecutiveFailures: d.consecutiveFailures,
    lastError: d.lastError,
    configuredBy: { name: `${d.user.firstName} ${d.user.lastName}`, email: d.user.email },
    nextRunAt: d.enabled ? nextSlot({ schedule: d.schedule, time: d.scheduleTime, day: d.scheduleDay }, now) : null,
  };
}

export interface DeliveryHistoryRow {
  id: string;
  createdAt: Date;
  fileName: string;
  records: number;
  bytes: number | null;
  status: "PENDING" | "DELIVERED";
  attempts: number;
  deliveredAt: Date | null;
  lastError: string | null;
}

/** Newest first: what was delivered, and what is still being retried with its last error. */
export async function deliveryHistory(organizationId: AuthorizedOrganizationId, limit = 50): Promise<DeliveryHistoryRow[]> {
  const rows = await prisma.sftpDelivery.findMany({
    where: { organizationId },
    orderBy: { id: "desc" },
    take: limit,
    select: { id: true, createdAt: true, fileName: true, recordCount: true, byteSize: true, status: true, attempts: true, deliveredAt: true, lastError: true },
  });
  return rows.map((r) => ({
    id: r.id.toString(),
    createdAt: r.createdAt,
    fileName: r.fileName,
    records: r.recordCount,
    bytes: r.byteSize === null ? null : Number(r.byteSize),
    status: r.status,
    attempts: r.attempts,
    deliveredAt: r.deliveredAt,
    lastError: r.lastError,
  }));
}
