import type { Download, Page } from "@playwright/test";

/** The Individual Reports (PDF) tab. */
export class PdfPage {
  constructor(private readonly page: Page) {}

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/pdf${query}`);
  }

  /** Fills exactly one criterion and presses the criteria form's Continue. */
  async searchBy(field: "Last Name" | "Date of Birth" | "Email Address", value: string): Promise<void> {
    await this.page.getByLabel(field, { exact: true }).fill(value);
    await this.criteriaForm().getByRole("button", { name: "Continue" }).click();
    await this.page.waitForURL(/\/pdf\?/);
  }

  criteriaForm() {
    return this.page.locator("form", { has: this.page.getByRole("heading", { name: "Individual Student Search Criteria" }) });
  }

  async chooseOption(label: RegExp): Promise<void> {
    await this.page.getByRole("radio", { name: label }).check();
    await this.page
      .locator("form", { has: this.page.getByRole("radio", { name: label }) })
      .getByRole("button", { name: "Continue" })
      .click();
    await this.page.waitForURL(/option=/);
  }

  row(apId: string) {
    return this.page.getByTestId(`pdf-row-${apId}`);
  }

  status(apId: string) {
    return this.row(apId).getByTestId("pdf-status");
  }

  async select(apId: string): Promise<void> {
    await this.row(apId).getByRole("checkbox").check();
  }

  selectAll() {
    return this.page.getByRole("checkbox", { name: "Select All" });
  }

  selectionCount() {
    return this.page.getByTestId("pdf-selection-count");
  }

  async download(): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent("download"), this.page.getByRole("button", { name: "Download" }).click()]);
    return download;
  }

  formErrors() {
    return this.page.getByTestId("pdf-form-errors");
  }
}
