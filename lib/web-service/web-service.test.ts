/**
 * The web service's endpoints, called as route handlers with real Requests against a real
 * database: the protocol (headers, bodies, statuses), every refusal, the download URL and the
 * watermark shared with the portal. (The e2e specs drive the same over HTTP.)
 */
import { beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";

vi.mock("server-only", () => ({}));
// The web service never reads a session cookie; the gate's session helpers are not needed here.
vi.mock("@/lib/auth/nextauth", () => ({ auth: async () => null }));
// Read once by lib/env: set before anything asks.
process.env.PASSWORD_MAX_AGE_DAYS = "365";

import { useTestDatabase } from "@/lib/test/db";
import { prisma } from "@/lib/db";
import { hashPassword, newTotpSecret, sealTotpSecret } from "@/lib/crypto";
import { CURRENT_TERMS_VERSION } from "@/lib/accounts/constants";
import { releaseScoreReports } from "@/lib/reports/release";
import type { ReleaseInput } from "@/lib/reports/schema";
import { SAMPLE_STUDENT, makeCollege, makeUser, releaseInput } from "@/lib/test/factories";
import { createBulkFile, logBulkFile } from "@/lib/bulk/mutations";
import type { AuthorizedInstitution } from "@/lib/auth/gate";
import { createAppPassword, revokeAppPassword } from "@/lib/accounts/mutations";
import { generateSync } from "otplib";
import { issueAuthToken, signDownloadUrl } from "@/lib/web-service/rules";
import { decodeBase64Password } from "@/lib/web-service/mutations";
import { openApiDocument } from "@/lib/web-service/openapi";
import { POST as authPost } from "@/app/aposrd-api-prod/webServiceAuth/route";
import { POST as generatePost } from "@/app/aposrd-api-prod/fileGeneration/route";
import { POST as loggedPost } from "@/app/aposrd-api-prod/webServiceDownloaded/route";
import { POST as listPost } from "@/app/aposrd-api-prod/fileList/route";
import { GET as fileGet } from "@/app/aposrd-api-prod/files/[downloadId]/[fileName]/route";

useTestDatabase();

const ORIGIN = "http://ws.test";
const PASSWORD = "Correct-Horse-Battery-9";
let college: AuthorizedInstitution;
// Created so the database holds a second institution the tests must never reach.
// eslint-disable-next-line @typescript-eslint/no-unused-vars
let otherCollege: AuthorizedInstitution;
let counter = 0;
// argon2 is slow on purpose: hash the shared test password once.
let passwordHash: string;

function nextApId(): string {
  counter++;
  return `W${String(counter).padStart(7, "0")}`;
}

function report(diCode: string, apId = nextApId(), firstName = "V1"): ReleaseInput {
  return releaseInput(diCode, { ...SAMPLE_STUDENT, apId, firstName, lastName: `Student${apId.slice(-4)}` });
}

interface Account {
  id: string;
  email: string;
}

async function makeAccount(options: { terms?: boolean; role?: AuthorizedInstitution | null; passwordChangedAt?: Date } = {}): Promise<Account> {
  counter++;
  const email = `ws${counter}@example.edu`;
  const user = await makeUser({
    email,
    passwordHash,
    firstName: "Web",
    lastName: "Service",
    ...(options.passwordChangedAt ? { passwordChangedAt: options.passwordChangedAt } : {}),
  });
  if (options.terms !== false) await prisma.termsAcceptance.create({ data: { userId: user.id, version: CURRENT_TERMS_VERSION } });
  const role = options.role === undefined ? college : options.role;
  if (role) await prisma.membership.create({ data: { userId: user.id, organizationId: role.id, role: "HED_ADMIN", position: "APOSRD HED Admin" } });
  return { id: user.id, email };
}

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

function request(path: string, body: unknown, authorization: string | null, extraHeaders: Record<string, string> = {}): Request {
  const headers: Record<string, string> = { "Content-Type": "application/json", "X-CB-Catapult-Authentication-Token": "CBLogin Web Service", ...extraHeaders };
  if (authorization !== null) headers["X-CB-Catapult-Authorization-Token"] = authorization;
  return new Request(`${ORIGIN}/aposrd-api-prod/${path}`, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
}

async function json(response: Response): Promise<{ status: number; body: Record<string, unknown> }> {
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function login(email: string, password = PASSWORD) {
  return json(await authPost(request("webServiceAuth", { u: email, p: b64(password) }, "CBLogin")));
}

async function token(account: Account): Promise<string> {
  const answer = await login(account.email);
  expect(answer.body, JSON.stringify(answer.body)).toMatchObject({ success: true });
  return answer.body.authToken as string;
}

async function generate(authToken: string, body: Record<string, unknown>) {
  return json(await generatePost(request("fileGeneration", body, authToken)));
}

async function logged(authToken: string, body: Record<string, unknown>) {
  return json(await loggedPost(request("webServiceDownloaded", body, authToken)));
}

async function download(url: string, headers: Record<string, string> = {}): Promise<Response> {
  const parsed = new URL(url);
  const [, , , downloadId, fileName] = parsed.pathname.split("/");
  return fileGet(new Request(url, { headers }), { params: Promise.resolve({ downloadId: downloadId!, fileName: fileName! }) });
}

function apIds(text: string): string[] {
  return text
    .split("\r\n")
    .filter(Boolean)
    .map((line) => line.slice(0, 8))
    .sort();
}

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
  college = await makeCollege("7301");
  otherCollege = await makeCollege("7302");
});

describe("webServiceAuth", () => {
  it("returns an authToken for the right email and base64 password", async () => {
    const account = await makeAccount();
    const answer = await login(account.email.toUpperCase());
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ success: true, message: expect.stringContaining("Authenticated") });
    expect(typeof answer.body.authToken).toBe("string");
    const events = await prisma.auditEvent.count({ where: { actorUserId: account.id, action: "web-service.auth" } });
    expect(events).toBe(1);
  });

  it("refuses each unmet requirement with its own message and status", async () => {
    const wrong = await login((await makeAccount()).email, "not the password");
    expect(wrong).toEqual({ status: 401, body: { success: false, message: "The email address or password is incorrect." } });

    const noTerms = await login((await makeAccount({ terms: false })).email);
    expect(noTerms.status).toBe(403);
    expect(noTerms.body.message).toMatch(/terms of use have not been accepted/);

    const noRole = await login((await makeAccount({ role: null })).email);
    expect(noRole.status).toBe(403);
    expect(noRole.body.message).toMatch(/does not hold the APOSRD HED Admin role at any institution/);

    const expired = await login((await makeAccount({ passwordChangedAt: new Date(Date.now() - 400 * 86_400_000) })).email);
    expect(expired.status).toBe(403);
    expect(expired.body.message).toMatch(/password has expired/);

    const mfa = await makeAccount();
    await prisma.user.update({ where: { id: mfa.id }, data: { mfaEnabled: true, mfaSecret: "sealed" } });
    const mfaAnswer = await login(mfa.email);
    expect(mfaAnswer.status).toBe(403);
    expect(mfaAnswer.body.message).toMatch(/Multifactor authentication \(MFA\) is enabled.*app password/);

    const locked = await makeAccount();
    await prisma.user.update({ where: { id: locked.id }, data: { lockedUntil: new Date(Date.now() + 10 * 60_000) } });
    const lockedAnswer = await authPost(request("webServiceAuth", { u: locked.email, p: b64(PASSWORD) }, "CBLogin"));
    expect(lockedAnswer.status).toBe(423);
    expect(Number(lockedAnswer.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(((await lockedAnswer.json()) as { message: string }).message).toMatch(/locked/);
  });

  it("refuses missing headers, a wrong login header, bad JSON, missing fields and non-base64 passwords", async () => {
    const account = await makeAccount();
    const noHeader = await json(
      await authPost(new Request(`${ORIGIN}/aposrd-api-prod/webServiceAuth`, { method: "POST", body: JSON.stringify({ u: account.email, p: b64(PASSWORD) }) })),
    );
    expect(noHeader.status).toBe(401);
    expect(noHeader.body.message).toMatch(/X-CB-Catapult-Authentication-Token/);
    const wrongLogin = await json(await authPost(request("webServiceAuth", { u: account.email, p: b64(PASSWORD) }, "Bearer x")));
    expect(wrongLogin.status).toBe(401);
    expect(wrongLogin.body.message).toMatch(/must be "CBLogin"/);
    expect((await json(await authPost(request("webServiceAuth", "{not json", "CBLogin")))).status).toBe(400);
    const missing = await json(await authPost(request("webServiceAuth", { u: account.email }, "CBLogin")));
    expect(missing).toMatchObject({ status: 400, body: { success: false, message: expect.stringMatching(/^p is required/) } });
    const notBase64 = await json(await authPost(request("webServiceAuth", { u: account.email, p: "this is not base64!" }, "CBLogin")));
    expect(notBase64).toMatchObject({ status: 400, body: { message: expect.stringMatching(/base64/) } });
  });

  it("rate-limits logins per account and client address with 429 and Retry-After", async () => {
    const account = await makeAccount();
    process.env.WS_AUTH_LIMIT = "3";
    try {
      for (let i = 0; i < 3; i++) expect((await login(account.email)).status).toBe(200);
      const limited = await authPost(request("webServiceAuth", { u: account.email, p: b64(PASSWORD) }, "CBLogin"));
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
      expect(((await limited.json()) as { success: boolean }).success).toBe(false);
      // A stranger's calls do not use up the owner's script's budget elsewhere.
      const elsewhere = await authPost(request("webServiceAuth", { u: account.email, p: b64(PASSWORD) }, "CBLogin", { "x-ap-client-address": "192.0.2.77" }));
      expect(elsewhere.status).toBe(200);
    } finally {
      delete process.env.WS_AUTH_LIMIT;
    }
  });

  it("decodes standard and URL-safe base64 and rejects anything else", () => {
    expect(decodeBase64Password(b64("pässwörd+/?"))).toBe("pässwörd+/?");
    expect(decodeBase64Password(Buffer.from("a?b>c").toString("base64url"))).toBe("a?b>c");
    expect(decodeBase64Password("plain password")).toBeNull();
    expect(decodeBase64Password("")).toBeNull();
  });
});

describe("authTokens", () => {
  it("refuses missing, forged and expired tokens, and tokens revoked by a password change", async () => {
    const account = await makeAccount();
    const body = { diCode: "7301", format: "TXT", downloadType: "full" };
    const missing = await json(await generatePost(request("fileGeneration", body, null)));
    expect(missing).toMatchObject({ status: 401, body: { success: false, message: expect.stringMatching(/authToken/) } });

    const good = await token(account);
    const forged = `${good.slice(0, good.lastIndexOf(".") + 1)}${"0".repeat(64)}`;
    expect(await generate(forged, body)).toMatchObject({ status: 401, body: { message: expect.stringMatching(/not valid/) } });
    const expiredToken = issueAuthToken({ userId: account.id, sessionVersion: 0, appPasswordId: null }, Date.now() - 2 * 3600_000).token;
    expect(await generate(expiredToken, body)).toMatchObject({ status: 401, body: { message: expect.stringMatching(/expired/) } });

    await prisma.user.update({ where: { id: account.id }, data: { sessionVersion: { increment: 1 } } });
    expect(await generate(good, body)).toMatchObject({ status: 401, body: { message: expect.stringMatching(/password was changed/) } });
  });

  it("re-read the account and its roles on every call: a lock, an expired or removed role, and a role at another college apply at once", async () => {
    // Stored times are UTC wall time; a server whose clock is in another zone must compare them the same.
    const zone = process.env.TZ;
    process.env.TZ = "America/Los_Angeles";
    onTestFinished(() => {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    });
    await releaseScoreReports([report("7301")]);
    const account = await makeAccount();
    const good = await token(account);
    const body = { diCode: "7301", format: "TXT", downloadType: "full" };
    const file = await generate(good, body);
    expect(file).toMatchObject({ status: 200, body: { success: true } });
    // Another college's DI code: no role there.
    expect(await generate(good, { ...body, diCode: "7302" })).toMatchObject({ status: 403, body: { success: false } });

    // A lock ten minutes ahead (the stored UTC time must not shift with time zones) stops the token.
    await prisma.user.update({ where: { id: account.id }, data: { lockedUntil: new Date(Date.now() + 10 * 60_000) } });
    expect(await generate(good, body)).toMatchObject({ status: 423, body: { message: expect.stringMatching(/locked/) } });
    // One that has passed does not.
    await prisma.user.update({ where: { id: account.id }, data: { lockedUntil: new Date(Date.now() - 60_000) } });
    expect(await generate(good, body)).toMatchObject({ status: 200 });

    // The role expired a minute ago: generation and logging are refused.
    await prisma.membership.updateMany({ where: { userId: account.id }, data: { expiresAt: new Date(Date.now() - 60_000) } });
    expect(await generate(good, body)).toMatchObject({ status: 403, body: { success: false } });
    const downloadId = String(file.body.downloadId);
    expect(await logged(good, { downloadId, format: "TXT" })).toMatchObject({ status: 403, body: { message: expect.stringMatching(/no longer holds/) } });
    // Expiring in an hour: allowed again.
    await prisma.membership.updateMany({ where: { userId: account.id }, data: { expiresAt: new Date(Date.now() + 3600_000) } });
    expect(await logged(good, { downloadId, format: "TXT" })).toMatchObject({ status: 200, body: { success: true } });
    // Removed: refused.
    await prisma.membership.deleteMany({ where: { userId: account.id } });
    expect(await generate(good, body)).toMatchObject({ status: 403 });
  });
});

describe("app passwords", () => {
  it("work with MFA on, ignore password expiry, stop when revoked, and never work for the account password check", async () => {
    const account = await makeAccount({ passwordChangedAt: new Date(Date.now() - 400 * 86_400_000) });
    const secret = newTotpSecret();
    await prisma.user.update({ where: { id: account.id }, data: { mfaEnabled: true, mfaSecret: sealTotpSecret(secret) } });
    const created = await createAppPassword(account.id, "Nightly SIS import", "192.0.2.1", { currentPassword: PASSWORD, code: generateSync({ secret }) });
    if (!created.ok) throw new Error(created.message);
    expect(created.secret.startsWith(created.password.prefix)).toBe(true);

    const answer = await login(account.email, created.secret);
    expect(answer).toMatchObject({ status: 200, body: { success: true } });
    const stored = await prisma.appPassword.findUniqueOrThrow({ where: { id: created.password.id } });
    expect(stored.lastUsedAt).not.toBeNull();
    expect(stored.secretHash).not.toContain(created.secret);

    // Another account's app password is not this account's password.
    const other = await makeAccount();
    expect((await login(other.email, created.secret)).status).toBe(401);

    const authToken = answer.body.authToken as string;
    await releaseScoreReports([report("7301")]);
    expect((await generate(authToken, { diCode: "7301", format: "TXT", downloadType: "full" })).body.success).toBe(true);
    expect(await revokeAppPassword(account.id, created.password.id, null)).toBe(true);
    expect((await generate(authToken, { diCode: "7301", format: "TXT", downloadType: "full" })).status).toBe(401);
    expect((await login(account.email, created.secret)).status).toBe(401);
  });

  it("a password token stops working once MFA is turned on", async () => {
    const account = await makeAccount();
    const authToken = await token(account);
    await prisma.user.update({ where: { id: account.id }, data: { mfaEnabled: true, mfaSecret: "sealed" } });
    const answer = await generate(authToken, { diCode: "7301", format: "TXT", downloadType: "full" });
    expect(answer.status).toBe(403);
    expect(answer.body.message).toMatch(/MFA/);
  });
});

describe("the four steps", () => {
  it("full then new in TXT and CSV; unlogged files come again; nothing new after logging; the URL is bound and short-lived", async () => {
    const college3 = await makeCollege("7303");
    const account = await makeAccount({ role: college3 });
    const authToken = await token(account);
    const first = Array.from({ length: 3 }, () => report("7303"));
    await releaseScoreReports(first);

    const full = await generate(authToken, { diCode: 7303, format: "txt", downloadType: "full" });
    expect(full.status).toBe(200);
    expect(full.body).toMatchObject({ success: true, recordCount: 3, fileName: expect.stringMatching(/^AP_7303_.*_full\.txt$/) });
    expect(typeof full.body.downloadId).toBe("number");
    const url = new URL(full.body.url as string);
    expect(url.origin).toBe(ORIGIN);
    expect(Number(url.searchParams.get("Expires"))).toBeGreaterThan(Date.now() / 1000 + 600);
    expect(Number(url.searchParams.get("Expires"))).toBeLessThanOrEqual(Date.now() / 1000 + 900 + 1);

    // The X-CB headers are accepted and ignored on the GET.
    const got = await download(full.body.url as string, {
      "X-CB-Catapult-Authentication-Token": "CBLogin Web Service",
      "X-CB-Catapult-Authorization-Token": authToken,
    });
    expect(got.status).toBe(200);
    expect(got.headers.get("Content-Length")).toBe(String(3 * 952));
    expect(got.headers.get("Content-Disposition")).toContain(full.body.fileName as string);
    const text = await got.text();
    expect(apIds(text)).toEqual(first.map((r) => r.student.apId).sort());
    // Downloading does not log.
    expect((await prisma.bulkFile.findFirstOrThrow({ where: { id: BigInt(full.body.downloadId as number) } })).loggedAt).toBeNull();

    // Not logged: "new" still holds everything (it is the whole year until a file is logged).
    const again = await generate(authToken, { diCode: "7303", format: "TXT", downloadType: "new" });
    expect(again.body).toMatchObject({ success: true, recordCount: 3 });

    expect(await logged(authToken, { downloadId: String(full.body.downloadId), format: "TXT" })).toMatchObject({ status: 200, body: { success: true } });
    expect(await logged(authToken, { downloadId: full.body.downloadId, format: "TXT" })).toMatchObject({
      status: 200,
      body: { success: true, message: expect.stringMatching(/already logged/) },
    });

    const none = await generate(authToken, { diCode: "7303", format: "TXT", downloadType: "new" });
    expect(none.status).toBe(200);
    expect(none.body.success).toBe(false);
    expect(none.body.message).toContain("There were no score orders found");

    const second = [report("7303"), { ...first[0]!, student: { ...first[0]!.student, firstName: "V2" } }];
    await releaseScoreReports(second);
    const csv = await generate(authToken, { diCode: "7303", format: "CSV", downloadType: "new" });
    expect(csv.body).toMatchObject({ success: true, recordCount: 2, fileName: expect.stringMatching(/_incremental\.csv$/) });
    const csvResponse = await download(csv.body.url as string);
    expect(csvResponse.headers.get("Content-Type")).toContain("text/csv");
    const rows = (await csvResponse.text()).split("\r\n").filter(Boolean);
    expect(rows).toHaveLength(3);
    expect(rows.slice(1).join("\n")).toContain(second[0]!.student.apId);
    expect(rows.slice(1).join("\n")).toContain("V2");

    // Logging with the wrong format is refused and changes nothing.
    expect((await logged(authToken, { downloadId: csv.body.downloadId, format: "TXT" })).status).toBe(400);
    expect((await generate(authToken, { diCode: "7303", format: "CSV", downloadType: "new" })).body.recordCount).toBe(2);
    expect((await logged(authToken, { downloadId: csv.body.downloadId, format: "CSV" })).body.success).toBe(true);
    expect((await generate(authToken, { diCode: "7303", format: "CSV", downloadType: "new" })).body.message).toContain("There were no score orders found");

    // The full file is still everything this year.
    expect((await generate(authToken, { diCode: "7303", format: "CSV", downloadType: "full" })).body.recordCount).toBe(4);

    const list = await json(await listPost(request("fileList", { diCode: "7303" }, authToken)));
    expect(list.status).toBe(200);
    const files = list.body.files as Array<Record<string, unknown>>;
    expect(files[0]).toMatchObject({ downloadType: "full", format: "CSV", loggedAt: null, recordCount: 4 });
    expect(files.find((f) => f.downloadId === full.body.downloadId)).toMatchObject({
      downloadType: "full",
      format: "TXT",
      recordCount: 3,
      loggedAt: expect.any(String),
    });
  });

  it("expired and altered URLs answer 403 with an object-store XML error", async () => {
    const account = await makeAccount();
    const authToken = await token(account);
    await releaseScoreReports([report("7301")]);
    const full = await generate(authToken, { diCode: "7301", format: "TXT", downloadType: "full" });
    const id = String(full.body.downloadId);
    const fileName = full.body.fileName as string;

    const expired = signDownloadUrl(ORIGIN, id, fileName, Date.now() - 3600_000).url;
    const expiredResponse = await download(expired);
    expect(expiredResponse.status).toBe(403);
    expect(expiredResponse.headers.get("Content-Type")).toBe("application/xml");
    const expiredXml = await expiredResponse.text();
    expect(expiredXml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(expiredXml).toContain("<Code>AccessDenied</Code><Message>Request has expired</Message>");

    const tampered = new URL(expired);
    tampered.searchParams.set("Expires", String(Math.floor(Date.now() / 1000) + 3600));
    const tamperedResponse = await download(tampered.toString());
    expect(tamperedResponse.status).toBe(403);
    expect(await tamperedResponse.text()).toContain("<Code>SignatureDoesNotMatch</Code>");

    // A valid signature for another file does not open this one.
    const otherId = new URL(full.body.url as string);
    otherId.pathname = otherId.pathname.replace(`/files/${id}/`, `/files/${Number(id) + 1000}/`);
    expect((await download(otherId.toString())).status).toBe(403);

    const unsigned = new URL(full.body.url as string);
    unsigned.search = "";
    expect((await download(unsigned.toString())).status).toBe(403);
  });

  it("a valid URL stops serving once its account's role has expired or was removed, and serves again when renewed", async () => {
    const account = await makeAccount();
    const authToken = await token(account);
    await releaseScoreReports([report("7301")]);
    const full = await generate(authToken, { diCode: "7301", format: "TXT", downloadType: "full" });
    const url = full.body.url as string;
    expect((await download(url)).status).toBe(200);

    await prisma.membership.updateMany({ where: { userId: account.id }, data: { expiresAt: new Date(Date.now() - 60_000) } });
    const expired = await download(url);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain(
      "<Code>AccessDenied</Code><Message>The account that generated this file no longer has access to its institution.</Message>",
    );
    await prisma.membership.updateMany({ where: { userId: account.id }, data: { expiresAt: new Date(Date.now() + 3600_000) } });
    const renewed = await download(url);
    expect(renewed.status).toBe(200);
    expect(await renewed.text()).toHaveLength((full.body.recordCount as number) * 952);
    // A role at another college does not open this college's file.
    const other = await prisma.organization.findFirstOrThrow({ where: { code: "7302" } });
    await prisma.membership.updateMany({ where: { userId: account.id }, data: { organizationId: other.id } });
    expect((await download(url)).status).toBe(403);
  });

  it("refuses bad values, other institutions and other accounts' downloadIds", async () => {
    const account = await makeAccount();
    const authToken = await token(account);
    const bad = await generate(authToken, { diCode: "58-18", format: "PDF", downloadType: "all" });
    expect(bad).toMatchObject({ status: 400, body: { success: false, message: expect.stringMatching(/diCode must be/) } });
    expect((await generate(authToken, { diCode: "7301", format: "PDF", downloadType: "full" })).body.message).toMatch(/format must be "TXT" or "CSV"/);
    expect((await generate(authToken, { diCode: "7301", format: "TXT", downloadType: "all" })).body.message).toMatch(/downloadType must be "new" or "full"/);
    const elsewhere = await generate(authToken, { diCode: "7302", format: "TXT", downloadType: "full" });
    expect(elsewhere).toMatchObject({ status: 403, body: { message: "This account does not hold the APOSRD HED Admin role for DI code 7302." } });
    expect((await json(await listPost(request("fileList", { diCode: "7302" }, authToken)))).status).toBe(403);

    await releaseScoreReports([report("7301")]);
    const mine = await generate(authToken, { diCode: "7301", format: "TXT", downloadType: "full" });
    const colleague = await makeAccount();
    const colleagueToken = await token(colleague);
    const stolen = await logged(colleagueToken, { downloadId: mine.body.downloadId, format: "TXT" });
    expect(stolen).toMatchObject({ status: 403, body: { success: false, message: expect.stringMatching(/not generated by this account/) } });
    expect((await prisma.bulkFile.findFirstOrThrow({ where: { id: BigInt(mine.body.downloadId as number) } })).loggedAt).toBeNull();
    expect(await logged(colleagueToken, { downloadId: 999999999, format: "TXT" })).toMatchObject({ status: 404 });
    expect(await logged(colleagueToken, { downloadId: "12abc", format: "TXT" })).toMatchObject({ status: 400 });
    // The owner naming the wrong format: refused, and the file stays unlogged until logged right.
    const id = String(mine.body.downloadId);
    expect(await logged(authToken, { downloadId: id, format: "CSV" })).toMatchObject({
      status: 400,
      body: { success: false, message: `The file with downloadId ${id} is a TXT file: send "format": "TXT".` },
    });
    expect((await prisma.bulkFile.findFirstOrThrow({ where: { id: BigInt(id) } })).loggedAt).toBeNull();
    expect(await logged(authToken, { downloadId: id, format: "TXT" })).toMatchObject({ status: 200, body: { message: expect.stringMatching(/is logged/) } });
  });

  it("rate-limits file generation per account", async () => {
    const account = await makeAccount();
    const authToken = await token(account);
    await releaseScoreReports([report("7301")]);
    process.env.WS_GENERATION_LIMIT = "2";
    try {
      expect((await generate(authToken, { diCode: "7301", format: "TXT", downloadType: "full" })).status).toBe(200);
      expect((await generate(authToken, { diCode: "7301", format: "TXT", downloadType: "full" })).status).toBe(200);
      const limited = await generatePost(request("fileGeneration", { diCode: "7301", format: "TXT", downloadType: "full" }, authToken));
      expect(limited.status).toBe(429);
      expect(limited.headers.get("Retry-After")).toMatch(/^\d+$/);
    } finally {
      delete process.env.WS_GENERATION_LIMIT;
    }
  });

  it("shares the watermark with the portal: a portal full download makes the web service's new file start after it", async () => {
    const college4 = await makeCollege("7304");
    const account = await makeAccount({ role: college4 });
    const authToken = await token(account);
    await releaseScoreReports([report("7304"), report("7304")]);
    const portal = await createBulkFile({
      userId: account.id,
      institution: college4,
      channel: "PORTAL",
      type: "FULL",
      format: "CSV",
      withoutBase: "refuse",
      refuseEmpty: false,
    });
    if (!portal.ok) throw new Error(portal.message);
    await logBulkFile(portal.file.id, account.id, null, "PORTAL");
    expect((await generate(authToken, { diCode: "7304", format: "TXT", downloadType: "new" })).body.message).toContain("There were no score orders found");
    const late = report("7304");
    await releaseScoreReports([late]);
    const ws = await generate(authToken, { diCode: "7304", format: "TXT", downloadType: "new" });
    expect(apIds(await (await download(ws.body.url as string)).text())).toEqual([late.student.apId]);
    await logged(authToken, { downloadId: ws.body.downloadId, format: "TXT" });
    // …and the portal's incremental now starts after the web service's logged file.
    const portalNew = await createBulkFile({
      userId: account.id,
      institution: college4,
      channel: "PORTAL",
      type: "INCREMENTAL",
      format: "TXT",
      withoutBase: "refuse",
      refuseEmpty: true,
    });
    expect(portalNew).toMatchObject({ ok: false, reason: "empty" });
  });

  it("the watermark is the newest logged file also beyond ten files (ids compare as numbers, not text)", async () => {
    const college5 = await makeCollege("7305");
    const account = await makeAccount({ role: college5 });
    const authToken = await token(account);
    for (let i = 0; i < 11; i++) {
      await releaseScoreReports([report("7305")]);
      const file = await generate(authToken, { diCode: "7305", format: "TXT", downloadType: "new" });
      expect(file.body).toMatchObject({ success: true, recordCount: 1 });
      expect((await logged(authToken, { downloadId: file.body.downloadId, format: "TXT" })).body.success).toBe(true);
    }
    expect((await generate(authToken, { diCode: "7305", format: "TXT", downloadType: "new" })).body.message).toContain("There were no score orders found");
  });

  it("audits every call with who, institution, type, records and downloadId", async () => {
    const account = await makeAccount();
    const authToken = await token(account);
    await releaseScoreReports([report("7301")]);
    const full = await generate(authToken, { diCode: "7301", format: "CSV", downloadType: "full" });
    await generate(authToken, { diCode: "7302", format: "CSV", downloadType: "full" });
    const events = await prisma.auditEvent.findMany({ where: { actorUserId: account.id, action: "web-service.file-generation" }, orderBy: { id: "asc" } });
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ organizationId: college.id, recordCount: full.body.recordCount, actorType: "web-service" });
    expect(events[0]!.details).toMatchObject({ success: true, downloadId: String(full.body.downloadId), type: "full", format: "CSV" });
    expect(events[1]!.details).toMatchObject({ success: false, status: 403 });
    // One event a call, stored with the file it made: the wrapper writes no second one.
    expect(
      await prisma.auditEvent.count({
        where: { action: "web-service.file-generation", details: { path: ["downloadId"], equals: String(full.body.downloadId) } },
      }),
    ).toBe(1);

    const id = String(full.body.downloadId);
    expect((await logged(authToken, { downloadId: id, format: "TXT" })).status).toBe(400);
    expect((await logged(authToken, { downloadId: id, format: "CSV" })).status).toBe(200);
    expect((await logged(authToken, { downloadId: id, format: "CSV" })).status).toBe(200);
    const logs = await prisma.auditEvent.findMany({ where: { actorUserId: account.id, action: "web-service.download-logged" }, orderBy: { id: "asc" } });
    expect(logs).toHaveLength(3);
    expect(logs[0]!.details).toMatchObject({ success: false, status: 400, downloadId: id, format: "TXT" });
    for (const event of logs.slice(1)) {
      expect(event).toMatchObject({ organizationId: college.id, recordCount: full.body.recordCount, actorType: "web-service", actorLabel: account.email });
      expect(event.details).toEqual({ step: "webServiceDownloaded", success: true, status: 200, downloadId: id, format: "CSV" });
    }
  });
});

describe("OpenAPI document", () => {
  it("describes the four steps with request bodies generated from the schemas", () => {
    const doc = openApiDocument("https://example.test") as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/aposrd-api-prod/webServiceAuth",
        "/aposrd-api-prod/fileGeneration",
        "/aposrd-api-prod/webServiceDownloaded",
        "/aposrd-api-prod/fileList",
      ]),
    );
    expect(doc.components.schemas.FileGenerationRequest!.required).toEqual(["diCode", "format", "downloadType"]);
    expect(doc.components.schemas.FileGenerationRequest!.properties!.format).toMatchObject({ enum: ["TXT", "CSV"] });
    expect(doc.components.schemas.AuthRequest!.required).toEqual(["u", "p"]);
  });
});
