import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { prisma } from "@/lib/db";
import { findProfileOrganization, searchOrganizations } from "@/lib/enrollment/queries";
import { OrganizationSearchSchema } from "@/lib/enrollment/schema";

useTestDatabase();

const search = (input: Record<string, string>) => searchOrganizations(OrganizationSearchSchema.parse(input));

describe("searchOrganizations", () => {
  beforeAll(async () => {
    const college = (code: string, name: string, zip: string) => ({ kind: "COLLEGE" as const, code, name, zip, addressLines: [] });
    await prisma.organization.createMany({
      data: [
        college("5818", "Example University", "10023"),
        college("5819", "Example State College", "55812"),
        college("4866", "Northern Test College", "55812"),
        college("4867", "The Example Institute", "10023"),
        college("4868", "100% Online_College", "94105"),
        { kind: "SCHOOL", code: "330001", name: "Example High School", zip: "10023", addressLines: [] },
        ...Array.from({ length: 30 }, (_, i) => college(String(6000 + i), `Many Campus ${String(i).padStart(2, "0")}`, "73301")),
      ],
    });
  });

  it("finds colleges by any part of the name, any case, names starting with the text first", async () => {
    const names = (await search({ q: "example" })).map((o) => o.name);
    expect(names.slice(0, 2)).toEqual(["Example State College", "Example University"]);
    expect(names).toContain("The Example Institute");
    expect(names).not.toContain("Example High School");
  });

  it("narrows by ZIP code, alone or with a name", async () => {
    expect((await search({ zip: "10023" })).map((o) => o.name)).toEqual(["Example University", "The Example Institute"]);
    expect((await search({ q: "college", zip: "55812" })).map((o) => o.diCode)).toEqual(["5819", "4866"]);
    expect((await search({ q: "Example", zip: "55812-1234" })).map((o) => o.name)).toEqual(["Example State College"]);
  });

  it("returns at most 20 suggestions and only directory fields", async () => {
    const many = await search({ q: "many campus" });
    expect(many).toHaveLength(20);
    expect(Object.keys(many[0]!).sort()).toEqual(["city", "diCode", "id", "name", "state", "zip"]);
  });

  it("treats % and _ as letters", async () => {
    expect((await search({ q: "100%" })).map((o) => o.name)).toEqual(["100% Online_College"]);
    expect(await search({ q: "%%" })).toEqual([]);
    expect((await search({ q: "e_c" })).map((o) => o.name)).toEqual(["100% Online_College"]);
  });

  it("preselects the profile's organization only on an exact, unique match", async () => {
    expect((await findProfileOrganization({ organizationName: "example university", orgZip: "10023" }))?.diCode).toBe("5818");
    expect(await findProfileOrganization({ organizationName: "Example University", orgZip: "99999" })).toBeNull();
    expect(await findProfileOrganization({ organizationName: "Example", orgZip: null })).toBeNull();
  });
});

describe("OrganizationSearchSchema", () => {
  it("asks for 2 letters or a ZIP code, and a well-formed ZIP", () => {
    expect(OrganizationSearchSchema.safeParse({ q: "e" }).success).toBe(false);
    expect(OrganizationSearchSchema.safeParse({ q: "", zip: "" }).success).toBe(false);
    expect(OrganizationSearchSchema.safeParse({ zip: "1002" }).success).toBe(false);
    expect(OrganizationSearchSchema.safeParse({ q: "ex", zip: "" }).data).toEqual({ q: "ex" });
    expect(OrganizationSearchSchema.safeParse({ q: "x".repeat(101) }).success).toBe(false);
  });
});
