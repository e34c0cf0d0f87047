import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { DEMO_INSTITUTIONS, adminApi } from "../fixtures";
import { uniqueDiCode } from "../pages/admin.page";

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

export interface IssuedInstitution {
  id: string;
  diCode: string;
  name: string;
  code: string;
  accessCodeId: string;
}

/** A fresh college with its own HED access code, through the admin API (retries a taken DI code). */
export async function newInstitutionWithCode(request: APIRequestContext, name: string, zip = "12203"): Promise<IssuedInstitution> {
  const api = adminApi(request);
  for (let attempt = 0; ; attempt++) {
    const diCode = uniqueDiCode();
    const created = await api.post("/api/admin/institutions", { diCode, name, city: "Albany", state: "NY", zip });
    if (created.status() === 409 && attempt < 5) continue;
    expect(created.status(), await created.text()).toBe(201);
    const { institution } = (await created.json()) as { institution: { id: string } };
    const issued = await api.post(`/api/admin/institutions/${diCode}/access-codes`, {});
    expect(issued.status(), await issued.text()).toBe(201);
    const { accessCode } = (await issued.json()) as { accessCode: { id: string; code: string } };
    return { id: institution.id, diCode, name, code: accessCode.code, accessCodeId: accessCode.id };
  }
}
