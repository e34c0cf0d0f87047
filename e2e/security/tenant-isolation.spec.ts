/**
 * Tenant isolation: a user enrolled only at Northern Test College (4866) names Example
 * University (5818) in every way the portal accepts — ids in query strings and bodies, DI codes —
 * and must get either a refusal (403/404) or their own institution, never anything of 5818.
 *
 * Add your pages and endpoints to TARGETS (one row each). `victim` has 5818's id and DI code.
 */
import type { APIResponse, Page } from "@playwright/test";
import { DEMO_INSTITUTIONS, DEMO_STUDENT, acceptTerms, confirmEmail, expect, test, uniqueEmail } from "../fixtures";
import { enrollAt, institutionId } from "../enrollment/helpers";

const VICTIM = DEMO_INSTITUTIONS.example;
const OWN = DEMO_INSTITUTIONS.northern;

interface Victim {
  id: string;
  diCode: string;
}

interface Target {
  name: string;
  request: (page: Page, victim: Victim) => Promise<APIResponse>;
  /** Acceptable statuses: a refusal, or 200 showing only the user's own institution. */
  statuses: number[];
  /** The response may name 5818 because the user named it (e.g. a message about the code they typed); its data still must not appear. */
  mayNameVictim?: boolean;
  /** Markers the request itself sends (e.g. a searched last name a form shows again); 5818's other data still must not appear. */
  echoes?: string[];
}

/** Text that only 5818's data contains. */
const VICTIM_MARKERS = [VICTIM.contactEmail, VICTIM.accessCode, DEMO_STUDENT.apId, DEMO_STUDENT.lastName, `DI code ${VICTIM.code}`];
const VICTIM_NAME = VICTIM.name;

const OK_OR_REFUSED = [200, 403, 404];

const TARGETS: Target[] = [
  // Portal pages, with 5818 named in the query string.
  { name: "page /dashboard?institution=", request: (p, v) => p.request.get(`/dashboard?institution=${v.id}`), statuses: OK_OR_REFUSED },
  { name: "page /enroll", request: (p) => p.request.get("/enroll"), statuses: OK_OR_REFUSED },
  { name: "page /settings", request: (p) => p.request.get("/settings"), statuses: OK_OR_REFUSED },
  { name: "page /bulk?institution=", request: (p, v) => p.request.get(`/bulk?institution=${v.id}`), statuses: OK_OR_REFUSED },
  { name: "page /bulk?diCode=", request: (p, v) => p.request.get(`/bulk?diCode=${v.diCode}`), statuses: OK_OR_REFUSED },
  { name: "page /pdf?institution=", request: (p, v) => p.request.get(`/pdf?institution=${v.id}`), statuses: OK_OR_REFUSED },
  { name: "page /activity?institution=", request: (p, v) => p.request.get(`/activity?institution=${v.id}`), statuses: OK_OR_REFUSED },
  // Enrollment endpoints.
  {
    name: "POST /api/enrollment/selection (switcher)",
    request: (p, v) => p.request.post("/api/enrollment/selection", { data: { organizationId: v.id } }),
    statuses: [403],
  },
  {
    name: "POST /api/enrollment/leave",
    request: (p, v) => p.request.post("/api/enrollment/leave", { data: { organizationId: v.id, confirm: true } }),
    statuses: [404],
  },
  {
    name: "POST /api/enrollment/redeem with the user's own code",
    request: (p, v) => p.request.post("/api/enrollment/redeem", { data: { organizationId: v.id, accessCode: OWN.accessCode } }),
    statuses: [400],
    mayNameVictim: true,
  },
  // Individual reports (PDF): 5818's student looked up, 5818's reports requested by id (the seed
  // releases 5818 first, so the lowest report ids are 5818's).
  {
    name: "page /pdf?lastName= (own institution)",
    request: (p) => p.request.get(`/pdf?lastName=${DEMO_STUDENT.lastName}`),
    statuses: OK_OR_REFUSED,
    echoes: [DEMO_STUDENT.lastName],
  },
  {
    name: "page /pdf?institution=&lastName=",
    request: (p, v) => p.request.get(`/pdf?institution=${v.id}&lastName=${DEMO_STUDENT.lastName}`),
    statuses: OK_OR_REFUSED,
    echoes: [DEMO_STUDENT.lastName],
  },
  {
    name: "GET /api/pdf/reports (own institution)",
    request: (p) => p.request.get(`/api/pdf/reports?lastName=${DEMO_STUDENT.lastName}`),
    statuses: OK_OR_REFUSED,
    echoes: [DEMO_STUDENT.lastName],
  },
  {
    name: "GET /api/pdf/reports?institutionId=",
    request: (p, v) => p.request.get(`/api/pdf/reports?institutionId=${v.id}&lastName=${DEMO_STUDENT.lastName}`),
    statuses: [403, 404],
    echoes: [DEMO_STUDENT.lastName],
  },
  {
    name: "POST /api/pdf/download of 5818's report ids",
    request: (p) => p.request.post("/api/pdf/download", { data: { reportIds: [1, 2, 3] } }),
    statuses: [400, 403, 404],
  },
  {
    name: "POST /api/pdf/download with institutionId",
    request: (p, v) => p.request.post("/api/pdf/download", { data: { reportIds: [1], institutionId: v.id } }),
    statuses: [403, 404],
  },
  // Institution activity, notifications, webhooks.
  { name: "GET /api/activity/export (own institution)", request: (p) => p.request.get("/api/activity/export"), statuses: OK_OR_REFUSED },
  { name: "GET /api/activity/export?institution=", request: (p, v) => p.request.get(`/api/activity/export?institution=${v.id}`), statuses: [403, 404] },
  { name: "page /notifications?institution=", request: (p, v) => p.request.get(`/notifications?institution=${v.id}`), statuses: OK_OR_REFUSED },
  {
    name: "POST /api/notifications/settings",
    request: (p, v) => p.request.post("/api/notifications/settings", { data: { institutionId: v.id, enabled: false } }),
    statuses: [403, 404],
  },
  {
    name: "POST /api/notifications/test",
    request: (p, v) => p.request.post("/api/notifications/test", { data: { institutionId: v.id } }),
    statuses: [403, 404],
  },
  {
    name: "POST /api/webhooks",
    request: (p, v) => p.request.post("/api/webhooks", { data: { institutionId: v.id, url: "https://hooks.example.com/ap" } }),
    statuses: [403, 404],
  },
  {
    name: "DELETE /api/webhooks/<id>?institution=",
    request: (p, v) => p.request.delete(`/api/webhooks/${crypto.randomUUID()}?institution=${v.id}`),
    statuses: [403, 404],
  },
  // Program administrators' console and API: a registrar's session is refused (pages redirect to the dashboard).
  { name: "page /admin/institutions/<DI code>", request: (p, v) => p.request.get(`/admin/institutions/${v.diCode}`), statuses: OK_OR_REFUSED },
  { name: "page /admin/institutions?q=", request: (p) => p.request.get(`/admin/institutions?q=${encodeURIComponent(VICTIM_NAME)}`), statuses: OK_OR_REFUSED },
  { name: "page /admin/audit?institution=", request: (p, v) => p.request.get(`/admin/audit?institution=${v.diCode}`), statuses: OK_OR_REFUSED },
  { name: "page /admin/users", request: (p) => p.request.get("/admin/users"), statuses: OK_OR_REFUSED },
  { name: "GET /api/admin/institutions/<DI code>", request: (p, v) => p.request.get(`/api/admin/institutions/${v.diCode}`), statuses: [401, 403] },
  {
    name: "GET /api/admin/institutions?q=",
    request: (p) => p.request.get(`/api/admin/institutions?q=${encodeURIComponent(VICTIM_NAME)}`),
    statuses: [401, 403],
  },
  {
    name: "GET /api/admin/institutions/<DI code>/access-codes",
    request: (p, v) => p.request.get(`/api/admin/institutions/${v.diCode}/access-codes`),
    statuses: [401, 403],
  },
  {
    name: "POST /api/admin/institutions/<DI code>/access-codes",
    request: (p, v) => p.request.post(`/api/admin/institutions/${v.diCode}/access-codes`, { data: {} }),
    statuses: [401, 403],
  },
  { name: "GET /api/admin/audit?institution=", request: (p, v) => p.request.get(`/api/admin/audit?institution=${v.diCode}`), statuses: [401, 403] },
  { name: "GET /api/admin/users", request: (p) => p.request.get("/api/admin/users"), statuses: [401, 403] },
];

async function signUpAtNorthern(page: Page): Promise<void> {
  // Profile names Northern, so nothing about 5818 is preselected on the enrollment page.
  const password = `Pass-${crypto.randomUUID()}`;
  const email = uniqueEmail("tenant");
  const response = await page.request.post("/api/account/sign-up", {
    data: {
      email,
      password,
      confirmPassword: password,
      firstName: "Tenant",
      lastName: "Isolation",
      organizationName: OWN.name,
      orgZip: OWN.zip,
      jobFunction: "Higher Education: Registrar",
    },
  });
  expect(response.status(), await response.text()).toBe(202);
  await confirmEmail(page, email, password);
  await acceptTerms(page);
  await enrollAt(page, "northern");
}

test.describe("tenant isolation: a 4866 user asking for 5818", () => {
  for (const target of TARGETS) {
    test(target.name, async ({ page }) => {
      await signUpAtNorthern(page);
      const victim = { id: await institutionId(page, "example"), diCode: VICTIM.code };
      const ownId = await institutionId(page, "northern");

      const response = await target.request(page, victim);
      const body = await response.text();
      expect(target.statuses, `${target.name} answered ${response.status()}: ${body.slice(0, 300)}`).toContain(response.status());
      for (const marker of VICTIM_MARKERS.filter((m) => !target.echoes?.includes(m))) expect(body, `${target.name} leaked "${marker}"`).not.toContain(marker);
      if (!target.mayNameVictim) expect(body, `${target.name} named ${VICTIM_NAME}`).not.toContain(VICTIM_NAME);

      // Nothing changed: still enrolled only at 4866, with 4866 selected.
      await page.goto("/dashboard");
      await expect(page.getByTestId("institution-list")).toContainText(OWN.name);
      await expect(page.getByTestId("institution-list")).not.toContainText(VICTIM_NAME);
      await expect(page.getByLabel("Institution", { exact: true })).toHaveValue(ownId);
      await expect(page.getByLabel("Institution", { exact: true }).getByRole("option")).toHaveCount(1);
    });
  }

  test("the organization directory gives names and places only, never contacts or codes", async ({ page }) => {
    await signUpAtNorthern(page);
    const response = await page.request.get(`/api/organizations?q=${encodeURIComponent(VICTIM.name)}`);
    expect(response.status()).toBe(200);
    const { organizations } = (await response.json()) as { organizations: Array<Record<string, unknown>> };
    const entry = organizations.find((o) => o.diCode === VICTIM.code);
    expect(entry).toBeDefined();
    expect(Object.keys(entry!).sort()).toEqual(["city", "diCode", "id", "name", "state", "zip"]);
    const text = JSON.stringify(organizations);
    for (const marker of [VICTIM.contactEmail, VICTIM.contactName, VICTIM.accessCode]) expect(text).not.toContain(marker);
  });
});
