import { z } from "zod";

/**
 * Numbered pages for the admin lists (users, institutions): small tables that an administrator
 * browses and whose total matters ("All institutions (1,204)"), so OFFSET paging with a COUNT is
 * right here. The append-only logs (audit, outbox) page by key instead (lib/audit-log).
 */
export const ADMIN_PAGE_SIZE = 50;

/** ?page= from a query string: a positive whole number; anything else is page 1. */
export const PageNumberSchema = z.coerce.number().int().min(1).max(1_000_000).catch(1);

export interface PageOf<T> {
  rows: T[];
  /** Every matching row, not only this page's. */
  total: number;
  page: number;
  pageSize: number;
  pages: number;
}

export function pageWindow(page: number, pageSize: number): { skip: number; take: number } {
  return { skip: (page - 1) * pageSize, take: pageSize };
}

export function pageOf<T>(rows: T[], total: number, page: number, pageSize: number): PageOf<T> {
  return { rows, total, page, pageSize, pages: Math.max(1, Math.ceil(total / pageSize)) };
}

/** "Showing 51–100 of 1,204" (or "No results"). */
export function describePage(p: Pick<PageOf<unknown>, "total" | "page" | "pageSize"> & { shown: number }): string {
  if (p.total === 0 || p.shown === 0) return "No results";
  const first = (p.page - 1) * p.pageSize + 1;
  const n = (v: number) => v.toLocaleString("en-US");
  return `Showing ${n(first)}–${n(first + p.shown - 1)} of ${n(p.total)}`;
}
