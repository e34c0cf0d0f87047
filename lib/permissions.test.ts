import { describe, expect, it } from "vitest";
import { allows, rolesWith, scopeOf } from "@/lib/permissions";

describe("the permissions table", () => {
  it("grants the console to the global administrator role only", () => {
    expect(allows({ globalRole: "ADMIN" }, "admin:console")).toBe(true);
    expect(allows({ globalRole: "USER" }, "admin:console")).toBe(false);
    expect(allows({ role: "HED_ADMIN" }, "admin:console")).toBe(false);
  });

  it("keeps student-level K-12 results from teachers their principal restricted, and only from them", () => {
    expect(allows({ role: "K12_TEACHER", restricted: false }, "k12:student-level")).toBe(true);
    expect(allows({ role: "K12_TEACHER", restricted: true }, "k12:student-level")).toBe(false);
    expect(allows({ role: "SCHOOL_ADMIN", restricted: true }, "k12:student-level")).toBe(true);
    // The restriction never takes the roster page itself away: it explains the restriction.
    expect(allows({ role: "K12_TEACHER", restricted: true }, "k12:roster")).toBe(true);
  });

  it("leaves the principal's and the superintendent's actions to them", () => {
    const principal = { role: "SCHOOL_ADMIN", kind: "SCHOOL", position: "Principal" } as const;
    const coordinator = { role: "SCHOOL_ADMIN", kind: "SCHOOL", position: "AP Coordinator" } as const;
    const superintendent = { role: "DISTRICT_ADMIN", kind: "DISTRICT", position: "Superintendent" } as const;
    const districtAdmin = { role: "DISTRICT_ADMIN", kind: "DISTRICT", position: "District Administrator" } as const;
    expect(allows(principal, "k12:restrict-teachers")).toBe(true);
    expect(allows(coordinator, "k12:restrict-teachers")).toBe(false);
    expect(allows(coordinator, "k12:manage-staff")).toBe(true);
    expect([principal, coordinator, superintendent, districtAdmin].map((h) => allows(h, "k12:remove-staff"))).toEqual([true, false, true, true]);
    expect([principal, superintendent, districtAdmin].map((h) => allows(h, "k12:authorize-district"))).toEqual([false, true, false]);
  });

  it("names the membership roles a permission needs, for queries, and where it is looked up", () => {
    expect(rolesWith("notifications:manage")).toEqual(["HED_ADMIN"]);
    expect(rolesWith("k12:roster").sort()).toEqual(["DISTRICT_ADMIN", "K12_TEACHER", "SCHOOL_ADMIN"]);
    expect([scopeOf("admin:console"), scopeOf("bulk:download"), scopeOf("k12:datafile")]).toEqual(["account", "institution", "k12"]);
  });
});
