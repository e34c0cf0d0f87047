import { expect, type Page } from "@playwright/test";
import { DEMO_INSTITUTIONS } from "../fixtures";

type DemoKey = keyof typeof DEMO_INSTITUTIONS;

/** A demo institution's id, found the way a user finds it: through the directory search. */
export async function institutionId(page: Page, key: DemoKey): Promise<string> {
  const inst = DEMO_INSTITUTIONS[key];
  const response = await page.request.get(`/api/organizations?${new URLSearchParams({ q: inst.name, zip: inst.zip })}`);
  expect(response.status(), await response.text()).toBe(200);
  const { organizations } = (await response.json()) as { organizations: Array<{ id: string; diCode: string }> };
  const match = organizations.find((o) => o.diCode === inst.code);
  if (!match) throw new Error(`${inst.name} is not in the directory`);
  return match.id;
}

/** Redeems a demo institution's access code through the API for the signed-in user. */
export async function enrollAt(page: Page, key: DemoKey): Promise<string> {
  const organizationId = await institutionId(page, key);
  const response = await page.request.post("/api/enrollment/redeem", { data: { organizationId, accessCode: DEMO_INSTITUTIONS[key].accessCode } });
  expect(response.status(), await response.text()).toBe(201);
  return organizationId;
}
