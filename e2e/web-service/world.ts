/**
 * Set-up for the web-service specs: a fresh institution (admin API), a fresh account that has
 * accepted the terms and redeemed the institution's access code (enrollment API), and score
 * reports released to it (admin API). Fresh institutions keep each test's "new" files its own.
 */
import crypto from "node:crypto";
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { CURRENT_TERMS_VERSION } from "../../lib/accounts/constants";
import { adminApi, signUp, uniqueApId, type NewUser } from "../fixtures";

export const AUTHN = { "X-CB-Catapult-Authentication-Token": "CBLogin Web Service" };

export function uniqueDiCode(): string {
  return `9${crypto.randomInt(0, 100_000).toString().padStart(5, "0")}`;
}

export interface Institution {
  id: string;
  diCode: string;
}

export async function newInstitution(request: APIRequestContext): Promise<Institution> {
  for (let attempt = 0; ; attempt++) {
    const diCode = uniqueDiCode();
    const response = await adminApi(request).post("/api/admin/institutions", { diCode, name: `WS Test ${diCode}`, city: "Albany", state: "NY", zip: "12203" });
    if (response.status() === 409 && attempt < 5) continue;
    expect(response.status(), await response.text()).toBe(201);
    const { institution } = (await response.json()) as { institution: { id: string } };
    return { id: institution.id, diCode };
  }
}

/** Issues an access code for the institution and redeems it as the page's signed-in user. */
export async function enroll(page: Page, institution: Institution): Promise<void> {
  const issued = await adminApi(page.request).post(`/api/admin/institutions/${institution.diCode}/access-codes`, {});
  expect(issued.status(), await issued.text()).toBe(201);
  const { accessCode } = (await issued.json()) as { accessCode: { code: string } };
  const redeemed = await page.request.post("/api/enrollment/redeem", { data: { organizationId: institution.id, accessCode: accessCode.code } });
  expect(redeemed.status(), await redeemed.text()).toBe(201);
}

export async function acceptTermsByApi(page: Page): Promise<void> {
  const response = await page.request.post("/api/account/terms", { data: { version: CURRENT_TERMS_VERSION, accept: true } });
  expect(response.status(), await response.text()).toBe(200);
}

/** A new account with the terms accepted and the APOSRD HED Admin role at a new institution. */
export async function webServiceAccount(page: Page): Promise<{ user: NewUser; institution: Institution }> {
  const user = await signUp(page);
  await acceptTermsByApi(page);
  const institution = await newInstitution(page.request);
  await enroll(page, institution);
  return { user, institution };
}

export interface Release {
  apId: string;
  firstName: string;
}

/** Releases score reports; the first name carries a version marker the specs read back from files. */
export async function release(request: APIRequestContext, diCode: string, reports: Release[]): Promise<void> {
  const body = {
    reports: reports.map((r) => ({
      diCode,
      student: { apId: r.apId, firstName: r.firstName, lastName: "Webservice", dateOfBirth: "2007-12-10" },
      exams: [{ adminYear: 2025, examCode: "66", score: 5 }],
    })),
  };
  const response = await adminApi(request).post("/api/admin/score-reports", body);
  expect(response.status(), await response.text()).toBe(201);
}

export function freshReports(count: number, firstName = "V1"): Release[] {
  return Array.from({ length: count }, () => ({ apId: uniqueApId(), firstName }));
}

/** The web service as a script calls it, against one server. */
export function webService(request: APIRequestContext, base = "") {
  const post = async (path: string, authorization: string, data: unknown) => {
    const response = await request.post(`${base}/aposrd-api-prod/${path}`, { headers: { ...AUTHN, "X-CB-Catapult-Authorization-Token": authorization }, data });
    return {
      status: response.status(),
      headers: response.headers(),
      body: (await response.json()) as Record<string, unknown> & { success: boolean; message: string },
    };
  };
  return {
    auth: (u: string, password: string) => post("webServiceAuth", "CBLogin", { u, p: Buffer.from(password, "utf8").toString("base64") }),
    generate: (token: string, data: Record<string, unknown>) => post("fileGeneration", token, data),
    logged: (token: string, data: Record<string, unknown>) => post("webServiceDownloaded", token, data),
    list: (token: string, diCode: string) => post("fileList", token, { diCode }),
    async token(u: string, password: string): Promise<string> {
      const answer = await post("webServiceAuth", "CBLogin", { u, p: Buffer.from(password, "utf8").toString("base64") });
      expect(answer.body, JSON.stringify(answer.body)).toMatchObject({ success: true });
      return answer.body.authToken as string;
    },
  };
}

/** AP ID → first name (the version marker) of every record in a TXT or CSV file. */
export function recordsOf(text: string, format: "TXT" | "CSV"): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split("\r\n").filter(Boolean);
  if (format === "TXT") {
    for (const line of lines) {
      expect(line).toHaveLength(950);
      out.set(line.slice(0, 8).trim(), line.slice(23, 35).trim());
    }
    return out;
  }
  const cells = (line: string) => line.slice(1, -1).split('","');
  const header = cells(lines[0] ?? "");
  const apCol = header.indexOf("AP ID");
  const firstCol = header.indexOf("First Name");
  expect(apCol).toBeGreaterThanOrEqual(0);
  expect(firstCol).toBeGreaterThanOrEqual(0);
  for (const line of lines.slice(1)) {
    const row = cells(line);
    out.set(row[apCol]!.trim(), row[firstCol]!.trim());
  }
  return out;
}
