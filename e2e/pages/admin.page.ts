import crypto from "node:crypto";
import { expect, type Page } from "@playwright/test";
import { toTxtRecord } from "../../lib/formats/txt";
import { sampleRecords } from "../../prisma/factories/records";
import { uniqueApId } from "../fixtures";

/** A DI code no other test uses: 6 digits starting with 9 (the demo data uses 4-digit codes). */
export function uniqueDiCode(): string {
  return `9${crypto.randomInt(0, 100_000).toString().padStart(5, "0")}`;
}

/** One score report in the admin API's JSON contract. */
export function scoreReport(diCode: string, apId = uniqueApId(), overrides: Record<string, unknown> = {}) {
  return {
    diCode,
    student: { apId, firstName: "Ada", lastName: "Lovelace", dateOfBirth: "2007-12-10", email: `${apId.toLowerCase()}@example.org` },
    exams: [{ adminYear: 2025, examCode: "66", score: 5 }],
    ...overrides,
  };
}

/** TXT lines (950 characters each) for `count` fresh students, addressed to `diCode`. */
export function txtLines(count: number, diCode: string): { apIds: string[]; lines: string[] } {
  const records = sampleRecords(count, crypto.randomInt(1, 1_000_000), { reportYear: 2025 }).map((r) => ({
    ...r,
    apId: uniqueApId(),
    college: { ...r.college, diCode },
  }));
  return { apIds: records.map((r) => r.apId), lines: records.map(toTxtRecord) };
}

/** The program administrators' console, as a user drives it. */
export class AdminConsole {
  constructor(private readonly page: Page) {
    // Rotate / revoke / remove ask for confirmation first.
    page.on("dialog", (dialog) => void dialog.accept());
  }

  async createInstitution(values: { diCode: string; name: string; zip?: string; city?: string; state?: string }): Promise<void> {
    await this.page.goto("/admin/institutions");
    const form = this.page.locator("form", { has: this.page.getByRole("button", { name: "Create Institution" }) });
    await form.getByLabel("DI code").fill(values.diCode);
    await form.getByRole("textbox", { name: "Name", exact: true }).fill(values.name);
    if (values.city) await form.getByLabel("City").fill(values.city);
    if (values.state) await form.getByLabel("State").fill(values.state);
    if (values.zip) await form.getByLabel("ZIP code").fill(values.zip);
    await form.getByRole("button", { name: "Create Institution" }).click();
    await expect(this.page.getByTestId("created-notice")).toBeVisible();
    await expect(this.page.getByRole("heading", { level: 1, name: values.name })).toBeVisible();
  }

  /** Issues a code on the institution page and returns it as shown (once). */
  async issueCode(): Promise<string> {
    await this.page.getByRole("button", { name: "Issue Access Code" }).click();
    return this.shownCode(/A new access code was issued/);
  }

  async rotateCode(code: string): Promise<string> {
    await this.page.getByRole("button", { name: `Rotate code …${hintOf(code)}` }).click();
    return this.shownCode(/The code was rotated/);
  }

  codeRow(code: string) {
    return this.page.getByTestId(`access-code-${hintOf(code)}`);
  }

  private async shownCode(title: RegExp): Promise<string> {
    const shown = this.page.getByTestId("issued-code");
    await expect(this.page.getByText(title)).toBeVisible();
    const code = (await shown.textContent())?.trim() ?? "";
    expect(code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    return code;
  }
}

export function hintOf(code: string): string {
  return code
    .replace(/[\s-]+/g, "")
    .toUpperCase()
    .slice(-4);
}
