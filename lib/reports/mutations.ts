import { actorFields, audit, type AdminActor } from "@/lib/audit";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { releaseScoreReports, type ReleasedReport } from "@/lib/reports/release";
import type { ReleaseInput } from "@/lib/reports/schema";

/**
 * Releases the reports (all or nothing) and records who loaded how many. `locate` names
 * report n as the caller knows it ("line 7", or "" for a single report) in error messages.
 */
export async function loadScoreReports(
  inputs: ReleaseInput[],
  actor: AdminActor,
  source: "json" | "txt",
  locate: (index: number) => string = (index) => `reports.${index}`,
): Promise<ReleasedReport[]> {
  let released: ReleasedReport[];
  try {
    released = await releaseScoreReports(inputs);
  } catch (error) {
    throw relocate(error, locate);
  }
  await auditScoreLoad(actor, source, [...new Set(released.map((r) => r.diCode))], released.length);
  return released;
}

/** Records who loaded how many reports to which institutions. */
export async function auditScoreLoad(actor: AdminActor, source: "json" | "txt", diCodes: string[], count: number): Promise<void> {
  const single =
    diCodes.length === 1 ? await prisma.organization.findUnique({ where: { kind_code: { kind: "COLLEGE", code: diCodes[0]! } }, select: { id: true } }) : null;
  await audit({
    ...actorFields(actor),
    action: "admin.score-reports.loaded",
    organizationId: single?.id ?? null,
    recordCount: count,
    details: { source, diCodes: diCodes.slice(0, 50) },
  });
}

export function relocate(error: unknown, locate: (index: number) => string): unknown {
  if (!(error instanceof AppError)) return error;
  const match = /^reports\.(\d+)\.(.+)$/.exec(error.details.field ?? "");
  if (!match) return error;
  const where = locate(Number(match[1]));
  const field = where ? (where.startsWith("line ") ? where : `${where}.${match[2]}`) : match[2]!;
  const message = error.message.replace(/^reports\.\d+\.[^:]+: /, "");
  const label = where.startsWith("line ") ? `Line ${where.slice(5)}: ${match[2]}` : field;
  return new AppError(error.code, `${label}: ${message}`, { ...error.details, field });
}
