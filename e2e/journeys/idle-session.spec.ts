/**
 * Two minutes before the 30-minute idle sign-out a dialog warns and offers to stay signed in;
 * left alone, the page signs out and the sign-in page says why. The browser's clock is the
 * test's (Playwright's clock), so no test waits half an hour.
 */
import { expect, signInAs, test } from "../fixtures";

test("the idle warning keeps the session on request, and signs out when ignored", async ({ page }) => {
  await page.clock.install();
  await signInAs(page, "registrar");
  await page.goto("/dashboard");
  const dialog = page.getByRole("dialog", { name: "Are you still there?" });
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(dialog).toBeHidden();

  await page.clock.fastForward("27:30");
  await expect(dialog).toBeHidden();
  await page.clock.fastForward("00:40");
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("You will be signed out in");
  // Focus is in the dialog, on the button that keeps the session: Enter is enough.
  await expect(dialog.getByRole("button", { name: "Stay signed in" })).toBeFocused();
  const refreshed = page.waitForResponse((r) => r.url().endsWith("/api/auth/session") && r.status() === 200);
  await page.keyboard.press("Enter");
  await refreshed;
  await expect(dialog).toBeHidden();

  // Ignored this time: signed out at 30 minutes, told so on the sign-in page.
  await page.clock.fastForward("28:10");
  await expect(dialog).toBeVisible();
  await page.clock.fastForward("02:00");
  await page.waitForURL(/\/signin\?idle=1/);
  await expect(page.getByTestId("idle-signed-out")).toContainText("You were signed out after 30 minutes without activity.");
  // The session really ended: a signed-in page sends the browser back to sign in.
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/signin/);
});
