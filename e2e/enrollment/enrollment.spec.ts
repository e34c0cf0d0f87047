import { EnrollPage } from "../pages/enroll.page";
import { DEMO_ADMIN_TOKEN, DEMO_INSTITUTIONS, acceptTerms, expect, expectAccessible, signInAs, signUp, test } from "../fixtures";
import { enrollAt, institutionId, newInstitutionWithCode } from "./helpers";

const EXAMPLE = DEMO_INSTITUTIONS.example;
const NORTHERN = DEMO_INSTITUTIONS.northern;
/** MAX_INSTITUTIONS_PER_USER (lib/permissions.ts). */
const MAX_INSTITUTIONS = 20;

test.describe("Get Access (enrollment with an access code)", () => {
  // The only test that changes the shared demo newuser.
  test("the not-enrolled demo user accepts the terms, finds Example University by name and by ZIP, and enrolls with its code", async ({ page }) => {
    // Four accessibility scans and a dozen typeahead round trips: more than the default budget on a busy machine.
    test.slow();
    await signInAs(page, "newuser");
    // Seed 000's order: My Dashboard opens before the terms while not enrolled anywhere.
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/dashboard/);
    await expect(page.getByText("Your account is not enrolled at any institution yet.")).toBeVisible();
    await acceptTerms(page);
    await expect(page.getByText("Your account is not enrolled at any institution yet.")).toBeVisible();
    await expect(page.getByTestId("institution-switcher")).toHaveCount(0);

    await page.getByRole("link", { name: "Get Access" }).click();
    const enroll = new EnrollPage(page);
    await expect(page.getByRole("heading", { name: "Get access to AP Higher Ed Score Reports" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "AP Higher Ed Score Reports Enrollment Information" })).toBeVisible();
    await expect(page.getByText("Access to the AP Higher Ed Score Reports portal is currently restricted to invited schools only.")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Provide your access information" })).toBeVisible();
    await expect(page.getByText("Use the zip code search to help narrow down results.")).toBeVisible();
    await expect(enroll.yourAccess().getByRole("columnheader")).toHaveText(["Organization", "Position", "Expiration Date", "Actions"]);
    await expect(enroll.yourAccess()).toContainText("You do not have access to any institution yet.");
    await expect(page.getByRole("link", { name: "Enroll Later" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Finished" })).toBeVisible();
    // The profile says where newuser works, so that organization is selected by default.
    await expect(enroll.organization()).toHaveValue(EXAMPLE.name);
    await expect(enroll.organizationStatus()).toContainText(`Selected: ${EXAMPLE.name}`);
    await expectAccessible(page);

    // By name: typing suggests matches.
    await enroll.zip().fill("");
    await enroll.organization().fill("");
    await enroll.organization().fill("xample univ");
    await expect(enroll.suggestions().filter({ hasText: EXAMPLE.name })).toHaveCount(1);
    await expect(enroll.suggestions().filter({ hasText: NORTHERN.name })).toHaveCount(0);
    await expectAccessible(page);

    // By ZIP: the ZIP alone narrows the list to institutions there.
    await enroll.organization().fill("");
    await enroll.zip().fill(NORTHERN.zip);
    await enroll.organization().focus();
    await expect(enroll.suggestions().filter({ hasText: NORTHERN.name })).toHaveCount(1);
    await expect(enroll.suggestions().filter({ hasText: EXAMPLE.name })).toHaveCount(0);
    await enroll.zip().fill(EXAMPLE.zip);
    await enroll.organization().focus();
    await expect(enroll.suggestions().filter({ hasText: EXAMPLE.name })).toHaveCount(1);
    await expect(enroll.suggestions().filter({ hasText: NORTHERN.name })).toHaveCount(0);

    // Chosen with the keyboard.
    await enroll.organization().fill(EXAMPLE.name);
    await expect(enroll.suggestions().first()).toContainText(EXAMPLE.name);
    await enroll.organization().press("ArrowDown");
    await expect(enroll.organization()).toHaveAttribute("aria-activedescendant", /.+/);
    await enroll.organization().press("Enter");
    await expect(enroll.organizationStatus()).toContainText(`Selected: ${EXAMPLE.name}`);
    await expect(enroll.organizationStatus()).toContainText(`DI code ${EXAMPLE.code}`);

    const answer = page.waitForResponse("**/api/enrollment/redeem");
    await enroll.add(EXAMPLE.accessCode);
    expect((await answer).status()).toBe(201);
    await expect(enroll.success()).toHaveText(`You now have access to ${EXAMPLE.name} as APOSRD HED Admin.`);
    const row = enroll.yourAccess().getByRole("row", { name: new RegExp(EXAMPLE.name) });
    await expect(row.getByRole("cell")).toHaveText([`${EXAMPLE.name} (DI code ${EXAMPLE.code})`, "APOSRD HED Admin", "None", /Leave/]);
    await expect(page.getByLabel("Institution", { exact: true })).toHaveValue(await institutionId(page, "example"));
    await expectAccessible(page);

    await page.getByRole("link", { name: "Finished" }).click();
    await expect(page.getByRole("heading", { name: "My Dashboard" })).toBeVisible();
    await expect(page.getByTestId("institution-list")).toContainText(EXAMPLE.name);
  });

  test("a wrong code, another institution's code and a missing organization each get a clear message, and nothing changes", async ({ page }) => {
    await signUp(page);
    await acceptTerms(page);
    const enroll = new EnrollPage(page);
    await enroll.goto();
    await enroll.zip().fill("");
    await enroll.chooseOrganization(EXAMPLE.name, "Example Univ");

    let answer = page.waitForResponse("**/api/enrollment/redeem");
    await enroll.add("WRNG-0000-CODE");
    expect((await answer).status()).toBe(400);
    await expect(enroll.error()).toHaveText("Please correct the fields marked below.");
    await expect(enroll.accessCodeError()).toHaveText(
      `This access code is not valid for ${EXAMPLE.name}. Check the code in your email; codes work only for the institution they were issued to.`,
    );
    await expect(enroll.accessCode()).toHaveAttribute("aria-invalid", "true");

    answer = page.waitForResponse("**/api/enrollment/redeem");
    await enroll.add(NORTHERN.accessCode);
    expect((await answer).status()).toBe(400);
    // Another institution's real code gets the same answer as a made-up one.
    await expect(enroll.accessCodeError()).toHaveText(
      `This access code is not valid for ${EXAMPLE.name}. Check the code in your email; codes work only for the institution they were issued to.`,
    );
    await expectAccessible(page);

    await enroll.organization().fill("");
    answer = page.waitForResponse("**/api/enrollment/redeem");
    await enroll.add(EXAMPLE.accessCode);
    expect((await answer).status()).toBe(400);
    await expect(enroll.organizationError()).toHaveText("Select your professional organization from the list.");
    await expect(enroll.organization()).toHaveAttribute("aria-invalid", "true");

    await expect(enroll.yourAccess()).toContainText("You do not have access to any institution yet.");
    await page.getByRole("link", { name: "Enroll Later" }).click();
    await expect(page.getByRole("heading", { name: "My Dashboard" })).toBeVisible();
    await expect(page.getByText("Your account is not enrolled at any institution yet.")).toBeVisible();
  });

  test(`the ${MAX_INSTITUTIONS} institutions per account are enough; the next one is refused with a clear message`, async ({ page }) => {
    test.slow();
    await signUp(page);
    await acceptTerms(page);
    const stamp = crypto.randomUUID().slice(0, 8);
    const institutions = [];
    for (let i = 0; i <= MAX_INSTITUTIONS; i++)
      institutions.push(await newInstitutionWithCode(page.request, `Cap College ${stamp} ${String(i).padStart(2, "0")}`));
    for (const inst of institutions.slice(0, MAX_INSTITUTIONS)) {
      const r = await page.request.post("/api/enrollment/redeem", { data: { organizationId: inst.id, accessCode: inst.code } });
      expect(r.status(), await r.text()).toBe(201);
    }
    const last = institutions[MAX_INSTITUTIONS]!;

    const enroll = new EnrollPage(page);
    await enroll.goto();
    await expect(page.getByText(`Your account has access to ${MAX_INSTITUTIONS} institutions, the most one account may hold.`)).toBeVisible();
    await expect(page.getByLabel("Institution", { exact: true }).getByRole("option")).toHaveCount(MAX_INSTITUTIONS);
    await enroll.zip().fill("");
    await enroll.chooseOrganization(last.name, `Cap College ${stamp} ${MAX_INSTITUTIONS}`);
    const answer = page.waitForResponse("**/api/enrollment/redeem");
    await enroll.add(last.code);
    expect((await answer).status()).toBe(409);
    await expect(enroll.organizationError()).toHaveText(
      `Your account already has access to ${MAX_INSTITUTIONS} institutions, the most one account may hold. Leave an institution under Your access before adding another.`,
    );
    await expect(enroll.yourAccess()).not.toContainText(last.name);
    await expectAccessible(page);

    // Leaving one makes room.
    const left = await page.request.post("/api/enrollment/leave", { data: { organizationId: institutions[0]!.id, confirm: true } });
    expect(left.status()).toBe(200);
    const again = await page.request.post("/api/enrollment/redeem", { data: { organizationId: last.id, accessCode: last.code } });
    expect(again.status()).toBe(201);
  });

  test("a revoked code is refused with its own message", async ({ page }) => {
    await signUp(page);
    await acceptTerms(page);
    const inst = await newInstitutionWithCode(page.request, `Revoked Code College ${crypto.randomUUID().slice(0, 8)}`);
    const revoked = await page.request.delete(`/api/admin/institutions/${inst.diCode}/access-codes/${inst.accessCodeId}`, {
      headers: { Authorization: `Bearer ${DEMO_ADMIN_TOKEN}` },
    });
    expect(revoked.status(), await revoked.text()).toBe(200);
    const enroll = new EnrollPage(page);
    await enroll.goto();
    await enroll.zip().fill("");
    await enroll.chooseOrganization(inst.name);
    await enroll.add(inst.code);
    await expect(enroll.accessCodeError()).toHaveText(
      "This access code has been revoked. Ask your institution's primary AP contact (typically the Office of Admissions or the Office of the Registrar) for the current code.",
    );
    await expect(enroll.yourAccess()).toContainText("You do not have access to any institution yet.");
  });

  test("an already-enrolled user is told so instead of being enrolled twice", async ({ page }) => {
    await signUp(page);
    await acceptTerms(page);
    const organizationId = await enrollAt(page, "northern");
    const again = await page.request.post("/api/enrollment/redeem", { data: { organizationId, accessCode: NORTHERN.accessCode } });
    expect(again.status()).toBe(409);
    expect((await again.json()).error.message).toBe(`You already have access to ${NORTHERN.name}. It is listed under Your access.`);
  });

  test("the institution switcher lists only the user's institutions, works from the keyboard and remembers the choice", async ({ page }) => {
    await signUp(page);
    await acceptTerms(page);
    const exampleId = await enrollAt(page, "example");
    const northernId = await enrollAt(page, "northern");
    await page.goto("/dashboard");
    const select = page.getByLabel("Institution", { exact: true });
    await expect(select.getByRole("option")).toHaveText([`${EXAMPLE.name} (${EXAMPLE.code})`, `${NORTHERN.name} (${NORTHERN.code})`]);
    await expect(select).toHaveValue(exampleId);
    await expectAccessible(page);

    await select.focus();
    await select.selectOption(northernId);
    await page.keyboard.press("Tab");
    await expect(page.getByRole("button", { name: "Switch" })).toBeFocused();
    const answer = page.waitForResponse("**/api/enrollment/selection");
    await page.keyboard.press("Enter");
    expect((await answer).status()).toBe(200);

    await page.reload();
    await expect(page.getByLabel("Institution", { exact: true })).toHaveValue(northernId);
    await page.goto("/enroll");
    await expect(page.getByLabel("Institution", { exact: true })).toHaveValue(northernId);
  });

  test("a user leaves an institution from Your access after confirming", async ({ page }) => {
    await signUp(page);
    await acceptTerms(page);
    await enrollAt(page, "example");
    await enrollAt(page, "northern");
    const enroll = new EnrollPage(page);
    await enroll.goto();
    await expect(enroll.yourAccess()).toContainText(NORTHERN.name);

    await page.getByRole("button", { name: `Leave ${NORTHERN.name}` }).click();
    const confirm = page.getByRole("group", { name: `Confirm leaving ${NORTHERN.name}` });
    await expect(confirm).toContainText(`Leave ${NORTHERN.name}? You will no longer see its score reports.`);
    await expect(confirm.getByRole("button", { name: "Yes, leave" })).toBeFocused();
    await expectAccessible(page);
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(enroll.yourAccess()).toContainText(NORTHERN.name);

    await page.getByRole("button", { name: `Leave ${NORTHERN.name}` }).click();
    const answer = page.waitForResponse("**/api/enrollment/leave");
    await page.getByRole("button", { name: "Yes, leave" }).click();
    expect((await answer).status()).toBe(200);
    await expect(page.getByTestId("leave-success")).toHaveText(`You no longer have access to ${NORTHERN.name}.`);
    await expect(enroll.yourAccess()).not.toContainText(NORTHERN.name);
    await expect(enroll.yourAccess()).toContainText(EXAMPLE.name);
    await expect(page.getByLabel("Institution", { exact: true }).getByRole("option")).toHaveText([`${EXAMPLE.name} (${EXAMPLE.code})`]);

    // The confirmation is part of the request: without it nothing happens.
    const unconfirmed = await page.request.post("/api/enrollment/leave", { data: { organizationId: await institutionId(page, "example") } });
    expect(unconfirmed.status()).toBe(400);
    await page.goto("/dashboard");
    await expect(page.getByTestId("institution-list")).toContainText(EXAMPLE.name);
  });

  test("access-code attempts are throttled per user", async ({ page }) => {
    await signUp(page);
    await acceptTerms(page);
    const organizationId = await institutionId(page, "example");
    for (let i = 0; i < 30; i++) {
      const r = await page.request.post("/api/enrollment/redeem", { data: { organizationId, accessCode: `GUES-${String(i).padStart(4, "0")}-CODE` } });
      expect(r.status()).toBe(400);
    }
    // Even the right code is refused once the budget is spent: guessing cannot continue.
    const blocked = await page.request.post("/api/enrollment/redeem", { data: { organizationId, accessCode: EXAMPLE.accessCode } });
    expect(blocked.status()).toBe(429);
    expect(Number(blocked.headers()["retry-after"])).toBeGreaterThan(0);
    expect((await blocked.json()).error.message).toMatch(/Too many access code attempts/);
  });

  test("the organization search and enrollment endpoints validate input and require an account", async ({ page, request }) => {
    expect((await request.get("/api/organizations?q=Example")).status()).toBe(401);
    expect((await request.post("/api/enrollment/redeem", { data: { organizationId: crypto.randomUUID(), accessCode: "X" } })).status()).toBe(401);

    await signUp(page);
    // Terms not accepted yet: searching and adding access both work (seed 000: Get Access comes
    // before the terms), so an unknown organization is a 404, not a refusal for the terms.
    expect((await page.request.get("/api/organizations?q=Example")).status()).toBe(200);
    const early = await page.request.post("/api/enrollment/redeem", { data: { organizationId: crypto.randomUUID(), accessCode: "X" } });
    expect(early.status()).toBe(404);
    await acceptTerms(page);

    const short = await page.request.get("/api/organizations?q=E");
    expect(short.status()).toBe(400);
    expect((await short.json()).error.message).toMatch(/at least 2 characters/);
    const badZip = await page.request.get("/api/organizations?q=Example&zip=12ab");
    expect(badZip.status()).toBe(400);
    expect((await badZip.json()).error.message).toMatch(/5-digit U.S. ZIP code/);

    const notJson = await page.request.post("/api/enrollment/redeem", { headers: { "Content-Type": "application/json" }, data: "{nope" });
    expect(notJson.status()).toBe(400);
    const noCode = await page.request.post("/api/enrollment/redeem", { data: { organizationId: crypto.randomUUID(), accessCode: "  " } });
    expect(noCode.status()).toBe(400);
    expect((await noCode.json()).error.fieldErrors.accessCode).toBe("Enter the access code you were sent.");
    const unknownOrg = await page.request.post("/api/enrollment/redeem", { data: { organizationId: crypto.randomUUID(), accessCode: EXAMPLE.accessCode } });
    expect(unknownOrg.status()).toBe(404);
    const notMember = await page.request.post("/api/enrollment/leave", { data: { organizationId: crypto.randomUUID(), confirm: true } });
    expect(notMember.status()).toBe(404);
  });
});
