/**
 * The admin lists page through every match and report the true total, not the first 50/100
 * (real database).
 */
import { describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));

import { useTestDatabase } from "@/lib/test/db";
import { makeCollege, makeUser } from "@/lib/test/factories";
import { listInstitutionsPage } from "@/lib/institutions/queries";
import { searchUsersPage } from "@/lib/accounts/queries";

useTestDatabase();

describe("admin list paging", () => {
  it("institutions: every page, a stable order, the total of all matches", async () => {
    for (let i = 0; i < 5; i++) await makeCollege(`71${i}0`, { name: `Pagetest College ${i}` });
    await makeCollege("7200", { name: "Unrelated University" });
    const first = await listInstitutionsPage({ q: "Pagetest" }, 1, 2);
    const last = await listInstitutionsPage({ q: "Pagetest" }, 3, 2);
    expect([first.total, first.pages, first.rows.length, last.rows.length]).toEqual([5, 3, 2, 1]);
    const all = [...first.rows, ...(await listInstitutionsPage({ q: "Pagetest" }, 2, 2)).rows, ...last.rows].map((r) => r.name);
    expect(all).toEqual([0, 1, 2, 3, 4].map((i) => `Pagetest College ${i}`));
    expect((await listInstitutionsPage({ q: "" }, 1, 2)).total).toBe(6);
  });

  it("users: the total counts every match beyond the page", async () => {
    for (let i = 0; i < 3; i++) await makeUser({ email: `pager-${i}@paging.example` });
    const page = await searchUsersPage("paging.example", 2, 2);
    expect([page.total, page.pages, page.rows.map((r) => r.email)]).toEqual([3, 2, ["pager-2@paging.example"]]);
  });
});
