/**
 * Shared helpers for end-to-end tests. Each test makes its own data (unique users, its own
 * releases through the admin API) and signs in through the API, so tests never depend on
 * each other's leftovers and can run in parallel.
 */
import crypto from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, type APIRequestContext, type Page, test as base } from "@playwright/test";
import { DEMO_ACCOUNTS, DEMO_ADMIN_TOKEN, DEMO_INSTITUTIONS, DEMO_STUDENT } from "../prisma/demo-data";

export { DEMO_ACCOUNTS, DEMO_ADMIN_TOKEN, DEMO_INSTITUTIONS, DEMO_STUDENT };

export function uniqueEmail(prefix = "e2e"): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}@example.edu`;
}

/** A random 8-character AP ID (uppercase letters and digits). */
export function uniqueApId(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  return Array.from(crypto.randomBytes(8), (b) => alphabet[b % alphabet.length]).join("");
}

/** Signs the page's browser context in through the API (cookies land in the context). */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  const response = await page.request.post("/api/account/sign-in", { data: { email, password } });
  expect(response.status(), await response.text()).toBe(200);
}

export async function signInAs(page: Page, who: keyof typeof DEMO_ACCOUNTS): Promise<void> {
  await signIn(page, DEMO_ACCOUNTS[who].email, DEMO_ACCOUNTS[who].password);
}

export interface NewUser {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
}

/** The newest email to `to` in the outbox (where the e2e server's mail goes), waiting for it to arrive. */
export async function latestEmailTo(request: APIRequestContext, to: string, subject: RegExp = /./): Promise<{ subject: string; text: string }> {
  let found: { subject: string; text: string } | undefined;
  await expect
    .poll(async () => {
      const response = await adminApi(request).get("/api/admin/outbox?limit=200");
      const rows = ((await response.json()) as { rows: Array<{ to: string; subject: string; text: string }> }).rows;
      found = rows.find((r) => r.to === to.toLowerCase() && subject.test(r.subject));
      return found !== undefined;
    })
    .toBe(true);
  return found!;
}

/** The verification link's path and query from an email ("/verify-email?token=…"), to open on this server. */
export function verificationPath(text: string): string {
  const match = /https?:\/\/[^\s/]+(\/verify-email\?token=[\w%-]+)/.exec(text);
  expect(match, `no verification link in: ${text}`).not.toBeNull();
  return match![1]!;
}

/**
 * Creates a fresh account through the sign-up API and confirms its address with the emailed
 * link (read from the outbox); the page's context is then signed in as it.
 */
export async function signUp(page: Page, overrides: Partial<NewUser> = {}): Promise<NewUser> {
  const user: NewUser = {
    email: uniqueEmail(),
    password: `Pass-${crypto.randomUUID()}`,
    firstName: "Test",
    lastName: "User",
    ...overrides,
  };
  const response = await page.request.post("/api/account/sign-up", {
    data: { ...user, confirmPassword: user.password, organizationName: "Example University", orgZip: "10023", jobFunction: "Higher Education: Registrar" },
  });
  expect(response.status(), await response.text()).toBe(202);
  await confirmEmail(page, user.email, user.password);
  return user;
}

/** Opens the newest verification link sent to `email` through the API; the context is then signed in. */
export async function confirmEmail(page: Page, email: string, password: string): Promise<void> {
  const mail = await latestEmailTo(page.request, email, /Confirm your email address/);
  const token = new URL(verificationPath(mail.text), "http://x").searchParams.get("token");
  const verified = await page.request.post("/api/account/verify-email", { data: { token, password } });
  expect(verified.status(), await verified.text()).toBe(200);
}

/** Accepts the current terms of use for the signed-in context. */
export async function acceptTerms(page: Page): Promise<void> {
  await page.goto("/terms");
  await page.getByLabel("I have read and accept the site terms of use.").check();
  await page.getByRole("button", { name: "Accept and Continue" }).click();
  await page.waitForURL("**/dashboard");
}

/** Calls the admin API with the documented demo token. */
export function adminApi(request: APIRequestContext) {
  const headers = { Authorization: `Bearer ${DEMO_ADMIN_TOKEN}` };
  return {
    post: (path: string, data: unknown) => request.post(path, { headers, data }),
    get: (path: string) => request.get(path, { headers }),
  };
}

/** axe-core on the current page: no serious or critical accessibility violations. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    serious.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 3)
          .join(", ")}`,
    ),
  ).toEqual([]);
}

import { startClientProxy, type ClientProxy } from "./client-address";

/**
 * Every test is its own client: its browser and `request` reach the app from their own loopback
 * source address (see client-address.ts), so one test's failed sign-ins never throttle another's.
 */
export const test = base.extend<{ clientProxy: ClientProxy }>({
  clientProxy: async ({}, use) => {
    const client = await startClientProxy();
    await use(client);
    await client.close();
  },
  proxy: async ({ clientProxy }, use) => {
    await use(clientProxy.proxy);
  },
});
export { expect };
