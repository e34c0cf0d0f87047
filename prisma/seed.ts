/**
 * Demo data: a documented contract that end-to-end suites rely on (see README "Demo data").
 * `npm run db:seed` loads it into an empty database; `npm start` does so on first start.
 * Demo credentials exist only here.
 */
import { prisma, pool } from "@/lib/db";
import { encryptSecret, hashPassword } from "@/lib/crypto";
import { accessCodeHint, hashAccessCode, hashSecretToken } from "@/lib/access-codes/rules";
import { CURRENT_TERMS_VERSION } from "@/lib/accounts/constants";
import { createRng, createSampleRecord } from "@/prisma/factories/records";
import { generateScoreData, type TargetInstitution } from "@/prisma/factories/score-data";
import { reportingYearStart } from "@/lib/dates";
import { seedK12Demo } from "@/prisma/seed-k12";
import { DEMO_ACCOUNTS, DEMO_ADMIN_TOKEN, DEMO_INSTITUTIONS, DEMO_SEED, DEMO_STUDENT } from "@/prisma/demo-data";

export * from "@/prisma/demo-data";

export async function seedDemo(now = new Date()): Promise<void> {
  const users: Record<keyof typeof DEMO_ACCOUNTS, string> = { admin: "", registrar: "", colleague: "", newuser: "" };
  for (const [key, account] of Object.entries(DEMO_ACCOUNTS) as Array<[keyof typeof DEMO_ACCOUNTS, (typeof DEMO_ACCOUNTS)[keyof typeof DEMO_ACCOUNTS]]>) {
    const user = await prisma.user.create({
      data: {
        email: account.email,
        passwordHash: await hashPassword(account.password),
        firstName: account.firstName,
        lastName: account.lastName,
        organizationName: key === "admin" ? "AP Program" : "Example University",
        orgZip: key === "admin" ? null : "10023",
        jobFunction: key === "admin" ? "Other" : "Higher Education: Registrar",
        role: key === "admin" ? "ADMIN" : "USER",
        // Demo addresses are documented, not mailboxes: they are verified here so the README's demo sign-ins keep working.
        emailVerifiedAt: now,
      },
    });
    users[key] = user.id;
  }

  const orgs: Record<keyof typeof DEMO_INSTITUTIONS, string> = { example: "", northern: "" };
  for (const [key, inst] of Object.entries(DEMO_INSTITUTIONS) as Array<
    [keyof typeof DEMO_INSTITUTIONS, (typeof DEMO_INSTITUTIONS)[keyof typeof DEMO_INSTITUTIONS]]
  >) {
    const org = await prisma.organization.create({
      data: {
        kind: "COLLEGE",
        code: inst.code,
        name: inst.name,
        addressLines: [...inst.addressLines],
        city: inst.city,
        state: inst.state,
        zip: inst.zip,
        contactName: inst.contactName,
        contactEmail: inst.contactEmail,
      },
    });
    orgs[key] = org.id;
    await prisma.accessCode.create({
      // Sealed like an issued code, so the console can resend it to the contact.
      data: {
        organizationId: org.id,
        purpose: "HED",
        codeHash: hashAccessCode(inst.accessCode),
        hint: accessCodeHint(inst.accessCode),
        codeSealed: encryptSecret(inst.accessCode),
        createdById: users.admin,
      },
    });
  }

  const enrolledAt = new Date(now.getTime() - 30 * 86_400_000);
  for (const key of ["registrar", "colleague"] as const) {
    await prisma.termsAcceptance.create({ data: { userId: users[key], version: CURRENT_TERMS_VERSION, acceptedAt: enrolledAt } });
    await prisma.membership.create({
      data: {
        userId: users[key],
        organizationId: orgs.example,
        role: "HED_ADMIN",
        position: "APOSRD HED Admin",
        dashboardVisitedAt: enrolledAt,
      },
    });
    await prisma.user.update({ where: { id: users[key] }, data: { selectedOrganizationId: orgs.example } });
  }
  // The administrator reads the admin console; terms accepted so the portal opens too.
  await prisma.termsAcceptance.create({ data: { userId: users.admin, version: CURRENT_TERMS_VERSION, acceptedAt: enrolledAt } });

  await prisma.adminApiToken.create({
    data: {
      name: "Demo token (documented in the README)",
      tokenHash: hashSecretToken(DEMO_ADMIN_TOKEN),
      prefix: DEMO_ADMIN_TOKEN.slice(0, 8),
      createdById: users.admin,
    },
  });

  // The screenshot's student, released early in the current reporting year.
  const rng = createRng(DEMO_SEED);
  const yearStart = reportingYearStart(now);
  const testcase = createSampleRecord(rng, { reportYear: yearStart.getUTCFullYear() });
  Object.assign(testcase, { ...DEMO_STUDENT, middleInitial: "" });
  testcase.exams = [
    { adminYear: yearStart.getUTCFullYear(), examCode: "66", score: 4, irregularityCodes: [], suppression: "", classSection: "" },
    { adminYear: yearStart.getUTCFullYear(), examCode: "36", score: 5, irregularityCodes: [], suppression: "", classSection: "" },
    { adminYear: yearStart.getUTCFullYear() - 1, examCode: "07", score: 3, irregularityCodes: ["20"], suppression: "", classSection: "" },
    { adminYear: yearStart.getUTCFullYear() - 1, examCode: "90", score: null, irregularityCodes: ["98"], suppression: "", classSection: "" },
  ];
  testcase.awards = [{ type: "01", year: yearStart.getUTCFullYear() }];

  const targets: TargetInstitution[] = (Object.keys(DEMO_INSTITUTIONS) as Array<keyof typeof DEMO_INSTITUTIONS>).map((key) => {
    const inst = DEMO_INSTITUTIONS[key];
    return {
      id: orgs[key],
      code: inst.code,
      name: inst.name,
      contactName: inst.contactName,
      addressLines: [...inst.addressLines],
      city: inst.city,
      state: inst.state,
      zip: inst.zip,
      // The fixed student comes on top of the 500 synthetic ones.
      students: key === "example" ? inst.students + 1 : inst.students,
    };
  });

  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    await generateScoreData(client, targets, {
      seed: DEMO_SEED,
      now,
      fixedStudents: [
        { institutionCode: "5818", record: testcase, releasedAt: new Date(Math.min(yearStart.getTime() + 14 * 86_400_000, now.getTime() - 86_400_000)) },
      ],
    });
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }

  await seedK12Demo(now);
}

/** Loads the demo data only into an empty database. Returns whether it did. */
export async function seedDemoIfEmpty(now = new Date()): Promise<boolean> {
  if ((await prisma.user.count()) > 0) return false;
  await seedDemo(now);
  return true;
}

// `npm run db:seed` / `prisma db seed`
if (import.meta.url === `file://${process.argv[1]}`) {
  seedDemoIfEmpty()
    .then((seeded) => {
      process.stdout.write(seeded ? "Demo data loaded.\n" : "The database already has data; demo data not loaded.\n");
      process.exit(0);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    });
}
