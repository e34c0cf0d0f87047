/**
 * Every page, as the user who sees it, at 1280 px (desktop) and 390 px (phone) wide: a
 * full-page screenshot into test-results/screenshots/<width>/ for review, and an axe scan with
 * no serious or critical violation (WCAG 2.1 A and AA). One test per page and width, so a
 * failure names the page and the tests spread over the workers.
 */
import path from "node:path";
import type { Page } from "@playwright/test";
import { K12_DEMO_ACCOUNTS } from "../../prisma/demo-data-k12";
import { DEMO_ACCOUNTS, expectAccessible, signIn, test } from "../fixtures";

const WIDTHS = [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
];

const AUDIENCES: Array<{ who: string; account: { email: string; password: string } | null; pages: string[] }> = [
  {
    who: "public",
    account: null,
    pages: ["/signin", "/signup", "/docs/web-service", "/docs/txt-layout", "/docs/csv-layout", "/docs/webhooks", "/docs/sftp-delivery", "/no-such-page"],
  },
  {
    who: "registrar",
    account: DEMO_ACCOUNTS.registrar,
    pages: ["/dashboard", "/bulk", "/pdf", "/activity", "/notifications", "/sftp-delivery", "/enroll", "/profile", "/settings"],
  },
  {
    who: "admin",
    account: DEMO_ACCOUNTS.admin,
    pages: ["/admin", "/admin/institutions", "/admin/users", "/admin/score-data", "/admin/audit", "/admin/tokens", "/admin/outbox"],
  },
  { who: "teacher", account: K12_DEMO_ACCOUNTS.teacher, pages: ["/k12", "/k12/roster", "/k12/planning"] },
  { who: "principal", account: K12_DEMO_ACCOUNTS.principal, pages: ["/k12", "/k12/staff", "/k12/datafile", "/k12/datafile/layout", "/k12/access"] },
];

async function capture(page: Page, width: number, name: string): Promise<void> {
  const file = `${name.replace(/^\//, "").replace(/\//g, "_") || "home"}.png`;
  await page.screenshot({ path: path.join("test-results", "screenshots", String(width), file), fullPage: true });
}

for (const viewport of WIDTHS) {
  for (const audience of AUDIENCES) {
    for (const address of audience.pages) {
      test(`${audience.who} ${address} at ${viewport.width} px: screenshot and no serious accessibility violations`, async ({ page }) => {
        test.slow();
        await page.setViewportSize(viewport);
        if (audience.account) await signIn(page, audience.account.email, audience.account.password);
        await page.goto(address);
        // "load", not "networkidle": Next.js prefetches links as they scroll into view, so a long page may never go quiet.
        await page.waitForLoadState("load");
        await capture(page, viewport.width, `${audience.who}${address}`);
        await expectAccessible(page);
      });
    }
  }
}
