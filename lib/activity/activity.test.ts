import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { createCollege, createMember, releaseInputs } from "@/lib/test/factories";
import type { AuthorizedInstitution } from "@/lib/auth/gate";

useTestDatabase();

describe("institution activity", () => {
  let org: AuthorizedInstitution;
  let otherOrg: AuthorizedInstitution;
  let alice: { id: string; email: string };
  let bob: { id: string; email: string };

  beforeAll(async () => {
    const { prisma } = await import("@/lib/db");
    const { releaseScoreReports } = await import("@/lib/reports/release");
    org = await createCollege("Activity University");
    otherOrg = await createCollege("Elsewhere College");
    alice = await createMember(org, { firstName: "Alice" });
    bob = await createMember(org, { firstName: "=HYPERLINK(1)" });
    const definition = { watermark: 0n };
    await prisma.bulkFile.createMany({
      data: [
        {
          userId: alice.id,
          organizationId: org.id,
          channel: "WEB_SERVICE",
          type: "INCREMENTAL",
          format: "TXT",
          fileName: "ws-incremental.txt",
          recordCount: 42,
          createdAt: new Date("2026-11-20T15:00:00Z"),
          loggedAt: new Date("2026-11-20T15:01:00Z"),
          ...definition,
        },
        {
          userId: alice.id,
          organizationId: org.id,
          channel: "WEB_SERVICE",
          type: "FULL",
          format: "CSV",
          fileName: "ws-full.csv",
          recordCount: 500,
          createdAt: new Date("2026-11-18T15:00:00Z"),
          ...definition,
        },
        {
          userId: bob.id,
          organizationId: org.id,
          channel: "PORTAL",
          type: "CUSTOM",
          format: "CSV",
          fileName: 'custom "range".csv',
          recordCount: 7,
          createdAt: new Date("2026-11-10T15:00:00Z"),
          loggedAt: new Date("2026-11-10T15:00:05Z"),
          ...definition,
        },
        {
          userId: alice.id,
          organizationId: otherOrg.id,
          channel: "PORTAL",
          type: "FULL",
          format: "TXT",
          fileName: "elsewhere.txt",
          recordCount: 9,
          createdAt: new Date("2026-11-19T15:00:00Z"),
          ...definition,
        },
      ],
    });
    const released = await releaseScoreReports(releaseInputs(org.diCode, 3, new Date("2026-11-01T12:00:00Z")));
    const downloadedAt = new Date("2026-11-21T16:30:00Z");
    await prisma.pdfDownload.createMany({
      data: released.map((r) => ({ userId: bob.id, organizationId: org.id, reportId: BigInt(r.reportId), version: r.version, downloadedAt })),
    });
  });

  it("lists bulk files of both channels and PDF downloads grouped per download, newest first, only of this institution", async () => {
    const { listActivity } = await import("@/lib/activity/queries");
    const { rows, total } = await listActivity(org.id, {});
    expect(total).toBe(4);
    expect(rows.map((r) => [r.type, r.channel, r.format, r.records, r.userEmail])).toEqual([
      ["PDF", "PORTAL", "PDF", 3, bob.email],
      ["INCREMENTAL", "WEB_SERVICE", "TXT", 42, alice.email],
      ["FULL", "WEB_SERVICE", "CSV", 500, alice.email],
      ["CUSTOM", "PORTAL", "CSV", 7, bob.email],
    ]);
    expect(rows[2]!.loggedAt).toBeNull();
    expect(rows.some((r) => r.fileName === "elsewhere.txt")).toBe(false);
  });

  it("filters by user, type, channel and date range (inclusive, New York dates)", async () => {
    const { listActivity } = await import("@/lib/activity/queries");
    expect((await listActivity(org.id, { user: bob.id })).rows.map((r) => r.type)).toEqual(["PDF", "CUSTOM"]);
    expect((await listActivity(org.id, { type: "PDF" })).rows).toHaveLength(1);
    expect((await listActivity(org.id, { type: "FULL" })).rows.map((r) => r.fileName)).toEqual(["ws-full.csv"]);
    expect((await listActivity(org.id, { channel: "WEB_SERVICE" })).rows.map((r) => r.fileName)).toEqual(["ws-incremental.txt", "ws-full.csv"]);
    expect((await listActivity(org.id, { from: "2026-11-18", to: "2026-11-20" })).rows.map((r) => r.fileName)).toEqual(["ws-incremental.txt", "ws-full.csv"]);
    expect((await listActivity(org.id, { from: "2026-11-22" })).total).toBe(0);
  });

  it("exports CSV with every field quoted and formulas neutralized", async () => {
    const { listActivity, activityCsv } = await import("@/lib/activity/queries");
    const csv = activityCsv((await listActivity(org.id, {})).rows);
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe(
      '"Date and Time (America/New_York)","User","Email","Channel","Activity","Format","Records","Logged","Logged At (America/New_York)","File Name","Download ID"',
    );
    expect(lines).toHaveLength(6);
    expect(lines.at(-1)).toBe("");
    for (const line of lines.slice(1, -1)) expect(line).toMatch(/^"(?:[^"]|"")*"(?:,"(?:[^"]|"")*")*$/);
    expect(lines[2]).toContain('"Alice Registrar","' + alice.email + '","Web service","Incremental File","TXT","42","Yes"');
    expect(csv).toContain('"\'=HYPERLINK(1) Registrar"');
    expect(csv).toContain('"custom ""range"".csv"');
  });

  it("validates filters", async () => {
    const { ActivityFilterSchema } = await import("@/lib/activity/schema");
    expect(ActivityFilterSchema.safeParse({ type: "ZIP" }).success).toBe(false);
    expect(ActivityFilterSchema.safeParse({ from: "2026-02-30" }).success).toBe(false);
    expect(ActivityFilterSchema.safeParse({ from: "2026-11-20", to: "2026-11-01" }).success).toBe(false);
    expect(ActivityFilterSchema.parse({ type: "", user: "", from: "2026-11-01" })).toEqual({ from: "2026-11-01" });
  });
});
