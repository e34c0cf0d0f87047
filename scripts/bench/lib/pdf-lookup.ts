/**
 * The PDF tab's lookup function (lib/pdf-reports, from another branch) when this build has it;
 * otherwise null and the benchmark times the equivalent SQL (scripts/bench/lib/lookup.ts). Loaded by
 * path so this branch builds with or without it.
 */
import fs from "node:fs";
import path from "node:path";
import type { SqlQuery } from "@/lib/bulk/definition";
import type { LookupKind } from "@/scripts/bench/lib/lookup";

interface PdfReportsModule {
  lookupPdfReports(
    viewer: { organizationId: string; userId: string },
    lookup: { kind: "criteria"; field: LookupKind; value: string },
    refinement: { q: string; status: null; sort: "lastName"; dir: "asc"; page: number },
    context?: { ip?: string | null; now?: Date },
  ): Promise<{ total: number }>;
  buildLookup(
    viewer: { organizationId: string; userId: string },
    lookup: { kind: "criteria"; field: LookupKind; value: string },
    refinement: { q: string },
    firstLogin: Date,
    now: Date,
  ): { sql: string; params: unknown[] };
}

export interface PdfLookup {
  /** One lookup as the PDF tab runs it (counts by status, one page, audit event); returns the total. */
  lookup(kind: LookupKind, organizationId: string, userId: string, value: string): Promise<number>;
  /** The lookup's main SELECT, for EXPLAIN. */
  query(kind: LookupKind, organizationId: string, userId: string, value: string): SqlQuery;
}

export async function loadPdfLookup(root = path.resolve(import.meta.dirname, "../..")): Promise<PdfLookup | null> {
  const file = path.join(root, "lib/pdf-reports/queries.ts");
  if (!fs.existsSync(file)) return null;
  const mod = (await import(/* @vite-ignore */ file)) as Partial<PdfReportsModule>;
  if (typeof mod.lookupPdfReports !== "function" || typeof mod.buildLookup !== "function") return null;
  const { lookupPdfReports, buildLookup } = mod as PdfReportsModule;
  return {
    lookup: async (kind, organizationId, userId, value) =>
      (await lookupPdfReports({ organizationId, userId }, { kind: "criteria", field: kind, value }, { q: "", status: null, sort: "lastName", dir: "asc", page: 1 })).total,
    query: (kind, organizationId, userId, value) => {
      const built = buildLookup({ organizationId, userId }, { kind: "criteria", field: kind, value }, { q: "" }, new Date(0), new Date());
      return { text: built.sql, values: built.params };
    },
  };
}
