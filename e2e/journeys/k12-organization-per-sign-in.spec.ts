/**
 * Seed 002: "you will be prompted to select the organization ... when you log in". A user with
 * two organizations chooses one, signs out with the header's button and signs in again in the
 * same browser: the choice is gone and Select Organization comes first again.
 */
import { K12_DEMO_ACCOUNTS } from "../../prisma/demo-data-k12";
import { SignInPage } from "../pages/sign-in.page";
import { expect, test } from "../fixtures";

test("the dual-role user is asked for the organization again after signing out and in", async ({ page, context }) => {
  // Two sign-ins, each three page hops: more than the default budget on a busy machine.
  test.slow();
  const { email, password } = K12_DEMO_ACCOUNTS.dual;
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.submit(email, password);
  // Sign-in → home → K-12 home → Select Organization: three hops, slow on a busy machine.
  await page.waitForURL(/\/k12\/organizations/, { timeout: 30_000 });
  await page.getByRole("button", { name: "Select Springfield North High School" }).click();
  await expect(page.getByTestId("k12-organization")).toContainText("Springfield North High School (AP Teacher)");
  expect((await context.cookies()).map((c) => c.name)).toContain("k12-org");

  await page.getByRole("button", { name: "Sign Out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  expect((await context.cookies()).map((c) => c.name)).not.toContain("k12-org");

  await signIn.submit(email, password);
  await page.waitForURL(/\/k12\/organizations/, { timeout: 30_000 });
  await expect(page.getByRole("heading", { name: "Select Organization" })).toBeVisible();
  // Report pages ask for the choice too, until one is made.
  await page.goto("/k12/roster");
  await expect(page).toHaveURL(/\/k12\/organizations/);
});
