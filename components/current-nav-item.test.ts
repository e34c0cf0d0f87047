import { describe, expect, it } from "vitest";
import { currentNavHref } from "@/components/current-nav-item";

const ADMIN = ["/admin", "/admin/institutions", "/admin/users", "/admin/audit"];
const K12 = ["/k12", "/k12/roster", "/k12/planning"];
const PORTAL = ["/dashboard", "/bulk", "/pdf", "/activity"];

describe("the current navigation item", () => {
  it("is the exact page", () => {
    expect(currentNavHref("/admin", ADMIN)).toBe("/admin");
    expect(currentNavHref("/k12", K12)).toBe("/k12");
    expect(currentNavHref("/pdf", PORTAL)).toBe("/pdf");
  });

  it("is the longest leading part of a deeper page, never the section's home", () => {
    expect(currentNavHref("/admin/institutions/5818", ADMIN)).toBe("/admin/institutions");
    expect(currentNavHref("/k12/roster", K12)).toBe("/k12/roster");
    expect(currentNavHref("/admin/users/", ADMIN)).toBe("/admin/users");
  });

  it("matches whole segments only, and nothing on pages outside the navigation", () => {
    expect(currentNavHref("/bulkfoo", PORTAL)).toBeNull();
    expect(currentNavHref("/settings", PORTAL)).toBeNull();
    expect(currentNavHref("/k12/organizations", K12)).toBe("/k12");
  });
});
