/**
 * The demo data contract (README "Demo data"): plain constants, importable by the seed, by
 * tests and by end-to-end suites without touching the database.
 */
export const DEMO_SEED = 20261122;

export const DEMO_ACCOUNTS = {
  admin: { email: "admin@example.org", password: "Admin-Demo-2026!", firstName: "Program", lastName: "Administrator" },
  registrar: { email: "registrar@example.edu", password: "Registrar-Demo-2026!", firstName: "Riley", lastName: "Registrar" },
  colleague: { email: "colleague@example.edu", password: "Colleague-Demo-2026!", firstName: "Casey", lastName: "Colleague" },
  newuser: { email: "newuser@example.edu", password: "Newuser-Demo-2026!", firstName: "Noel", lastName: "Newuser" },
} as const;

export const DEMO_INSTITUTIONS = {
  example: {
    code: "5818",
    name: "Example University",
    addressLines: ["100 Example Plaza"],
    city: "New York",
    state: "NY",
    zip: "10023",
    contactName: "Office of Admissions",
    contactEmail: "admissions@example.edu",
    accessCode: "EXMP-5818-DEMO",
    students: 500,
  },
  northern: {
    code: "4866",
    name: "Northern Test College",
    addressLines: ["1 College Road"],
    city: "Duluth",
    state: "MN",
    zip: "55812",
    contactName: "Office of the Registrar",
    contactEmail: "registrar@northern.example.edu",
    accessCode: "NRTH-4866-DEMO",
    students: 200,
  },
} as const;

export const DEMO_ADMIN_TOKEN = "demo-admin-token";

/** The student in the seed document's screenshot, sent to 5818. */
export const DEMO_STUDENT = { apId: "UZW0Y52X", lastName: "Testcase-Thirtyone", firstName: "Collegeboard", dateOfBirth: "2006-04-05" } as const;

/** Every demo email, for the production start-up guard. */
export const DEMO_EMAILS: string[] = Object.values(DEMO_ACCOUNTS).map((a) => a.email);
