import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { makeUser } from "@/lib/test/factories";
import { prisma } from "@/lib/db";
import { ProfileSchema } from "@/lib/accounts/schema";
import { readProfile, updateProfile } from "@/lib/accounts/profile";

useTestDatabase();

const valid = {
  firstName: " Riley ",
  lastName: "Registrar-Smith",
  orgZip: "10023",
  organizationName: "Example University",
  jobFunction: "Higher Education: Admissions",
};

describe("View/Edit My Profile", () => {
  it("saves the changed fields and records which ones changed", async () => {
    const user = await makeUser({
      firstName: "Riley",
      lastName: "Registrar",
      organizationName: "Example University",
      jobFunction: "Higher Education: Registrar",
    });
    await updateProfile(user.id, ProfileSchema.parse(valid), "192.0.2.1");
    expect(await readProfile(user.id)).toMatchObject({
      firstName: "Riley",
      lastName: "Registrar-Smith",
      orgZip: "10023",
      jobFunction: "Higher Education: Admissions",
    });
    const events = await prisma.auditEvent.findMany({ where: { actorUserId: user.id, action: "account.profile-updated" } });
    expect(events).toHaveLength(1);
    expect((events[0]!.details as { fields: string[] }).fields.sort()).toEqual(["jobFunction", "lastName", "orgZip"]);

    // Submitting the same values again changes nothing and records nothing.
    await updateProfile(user.id, ProfileSchema.parse(valid), "192.0.2.1");
    expect(await prisma.auditEvent.count({ where: { actorUserId: user.id, action: "account.profile-updated" } })).toBe(1);
    // A blank ZIP clears it.
    await updateProfile(user.id, ProfileSchema.parse({ ...valid, orgZip: "" }), "192.0.2.1");
    expect((await readProfile(user.id))?.orgZip).toBeNull();
  });

  it("refuses bad input with a message per field", () => {
    const result = ProfileSchema.safeParse({ firstName: "", lastName: "x", orgZip: "12ab", organizationName: "U", jobFunction: "Wizard" });
    expect(result.success).toBe(false);
    const fields = new Set(result.error!.issues.map((i) => i.path.join(".")));
    expect(fields).toEqual(new Set(["firstName", "orgZip", "jobFunction"]));
  });
});
