import { expect, type Page } from "@playwright/test";

/** "Get access to AP Higher Ed Score Reports" (/enroll). */
export class EnrollPage {
  constructor(private readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto("/enroll");
    await expect(this.page.getByRole("heading", { name: "Get access to AP Higher Ed Score Reports" })).toBeVisible();
  }

  zip() {
    return this.page.getByLabel("U.S. ZIP code:");
  }

  organization() {
    return this.page.getByRole("combobox", { name: /Professional Organization:/ });
  }

  suggestions() {
    return this.page.getByRole("listbox", { name: "Matching organizations" }).getByRole("option");
  }

  organizationStatus() {
    return this.page.getByTestId("organization-status");
  }

  accessCode() {
    return this.page.getByLabel("Access Code:");
  }

  /** Types into the typeahead and picks the suggestion whose text starts with `name`. */
  async chooseOrganization(name: string, typed = name): Promise<void> {
    await this.organization().fill("");
    await this.organization().fill(typed);
    await this.suggestions().filter({ hasText: name }).first().click();
    await expect(this.organizationStatus()).toContainText(`Selected: ${name}`);
  }

  async add(code: string): Promise<void> {
    await this.accessCode().fill(code);
    await this.page.getByRole("button", { name: "Add", exact: true }).click();
  }

  /** The form's summary (points at the field messages, or says what went wrong when no field is at fault). */
  error() {
    return this.page.getByTestId("enroll-error");
  }

  accessCodeError() {
    return this.page.getByTestId("access-code-error");
  }

  organizationError() {
    return this.page.getByTestId("organization-error");
  }

  success() {
    return this.page.getByTestId("enroll-success");
  }

  yourAccess() {
    return this.page.getByTestId("your-access");
  }
}
