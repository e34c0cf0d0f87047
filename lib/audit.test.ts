import { describe, expect, it, vi } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { audit } from "@/lib/audit";
import { pool, prisma } from "@/lib/db";

useTestDatabase();

describe("audit events", () => {
  it("events appended together are stored together, each exactly as given, and each caller waits for its own", async () => {
    const before = new Date();
    const insert = vi.spyOn(pool(), "query");
    try {
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          audit({
            actorType: "web-service",
            actorLabel: `client-${i}@example.edu`,
            action: "web-service.file-generation",
            recordCount: i,
            ip: "203.0.113.7",
            details: { step: "fileGeneration", n: i, quote: 'a "b" \\ c' },
          }),
        ),
      );
      const queries = insert.mock.calls.map(([query]) => query as unknown as string | { name?: string; text: string });
      const inserts = queries.filter((query) => (typeof query === "string" ? query : query.text).includes("INSERT INTO audit_event"));
      expect(inserts.length).toBeGreaterThanOrEqual(1);
      expect(inserts.length).toBeLessThan(40);
      // A named (prepared) statement: each connection parses it once, not once per group.
      for (const query of inserts) expect(typeof query === "object" && query.name).toMatch(/^q_/);
    } finally {
      insert.mockRestore();
    }
    const rows = await prisma.auditEvent.findMany({ where: { action: "web-service.file-generation" }, orderBy: { recordCount: "asc" } });
    expect(rows).toHaveLength(40);
    for (const [i, row] of rows.entries()) {
      expect(row).toMatchObject({ actorType: "web-service", actorUserId: null, actorLabel: `client-${i}@example.edu`, recordCount: i, ip: "203.0.113.7" });
      expect(row.details).toEqual({ step: "fileGeneration", n: i, quote: 'a "b" \\ c' });
      // The moment of the call, read back as Prisma writes it.
      expect(row.at.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1);
      expect(row.at.getTime()).toBeLessThanOrEqual(Date.now() + 1);
    }
  });

  it("a bad event fails alone: the others appended with it are stored", async () => {
    const results = await Promise.allSettled([
      audit({ actorType: "system", action: "audit.retention-applied", details: { n: 1 } }),
      audit({ actorType: "system", action: "audit.retention-applied", organizationId: "not-a-uuid", details: { n: 2 } }),
      audit({ actorType: "system", action: "audit.retention-applied", details: { n: 3 } }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const stored = await prisma.auditEvent.findMany({ where: { action: "audit.retention-applied" } });
    expect(stored.map((r) => (r.details as { n: number }).n).sort()).toEqual([1, 3]);
  });
});
