import { readFile } from "node:fs/promises";
import { expect, type Download, type Page } from "@playwright/test";

export type BulkOption = "Incremental File:" | "Full File:" | "Custom Date Range:";

/** The Bulk Reports (TXT / CSV) tab. */
export class BulkPage {
  constructor(readonly page: Page) {}

  async goto(institutionId?: string): Promise<void> {
    await this.page.goto(institutionId ? `/bulk?institution=${institutionId}` : "/bulk");
    await expect(this.page.getByRole("heading", { name: "Bulk Score Reports (TXT or CSV File)" })).toBeVisible();
  }

  format(format: "TXT" | "CSV") {
    return this.page.getByRole("radio", { name: `${format}:` });
  }

  option(option: BulkOption) {
    return this.page.getByRole("radio", { name: option });
  }

  progress() {
    return this.page.getByTestId("bulk-progress");
  }

  error() {
    return this.page.getByTestId("bulk-error");
  }

  /** The count in "N new score report(s) since your last … download on …" (null when not offered yet). */
  async incrementalCount(): Promise<number | null> {
    const count = this.page.getByTestId("incremental-count");
    if (!(await count.isVisible())) return null;
    return Number(await count.textContent());
  }

  async customRange(start: string, end: string): Promise<void> {
    await this.option("Custom Date Range:").check();
    await this.page.getByLabel("Start Date").fill(start);
    await this.page.getByLabel("End Date").fill(end);
  }

  /** Chooses format and option, clicks Download and returns the saved file's name and text. */
  async download(format: "TXT" | "CSV", option: BulkOption, range?: { start: string; end: string }): Promise<{ name: string; text: string }> {
    await this.format(format).check();
    if (range) await this.customRange(range.start, range.end);
    else await this.option(option).check();
    const [download] = await Promise.all([this.page.waitForEvent("download"), this.page.getByRole("button", { name: "Download" }).click()]);
    await expect(this.progress()).toContainText("Download complete");
    return { name: download.suggestedFilename(), text: await BulkPage.text(download) };
  }

  static async text(download: Download): Promise<string> {
    return readFile(await download.path(), "latin1");
  }
}

/** AP IDs (positions 1-8) of a TXT file's records. */
export function apIdsOfTxt(text: string): string[] {
  return text
    .split("\r\n")
    .filter(Boolean)
    .map((line) => line.slice(0, 8))
    .sort();
}
