/** HTTP helpers for the scenarios: signing in, timed downloads, time to first byte. */
import http from "node:http";

/** Signs in through the portal's JSON route; returns the Cookie header for later requests. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/account/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl },
    body: JSON.stringify({ email, password }),
    redirect: "manual",
  });
  if (!res.ok) throw new Error(`sign-in as ${email} failed: HTTP ${res.status} ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(";")[0]!);
  if (!cookies.length) throw new Error("sign-in returned no session cookie");
  return cookies.join("; ");
}

export interface Download {
  status: number;
  bytes: number;
  /** Milliseconds from the request to the first body byte and to the last. */
  ttfbMs: number;
  totalMs: number;
  /** The body, only when asked for (small files). */
  body?: string;
}

/** GETs a URL, reading the body as it arrives and discarding it (optionally keeping it). */
export function download(url: string, headers: Record<string, string> = {}, keep = false, agent: http.Agent | false = false): Promise<Download> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent }, (res) => {
      let bytes = 0;
      let ttfb = 0;
      const parts: Buffer[] = [];
      res.on("data", (chunk: Buffer) => {
        if (!ttfb) ttfb = performance.now() - started;
        bytes += chunk.length;
        if (keep) parts.push(chunk);
      });
      res.on("end", () => {
        const totalMs = performance.now() - started;
        resolve({
          status: res.statusCode ?? 0,
          bytes,
          ttfbMs: ttfb || totalMs,
          totalMs,
          ...(keep ? { body: Buffer.concat(parts).toString("utf8") } : {}),
        });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown; ms: number }> {
  const started = performance.now();
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = { raw: text.slice(0, 500) };
  }
  return { status: res.status, json, ms: performance.now() - started };
}

/** Whether the server has a route at all (anything but 404/405 for the method). */
export async function routeExists(url: string, method: "GET" | "POST", headers: Record<string, string> = {}): Promise<boolean> {
  const res = await fetch(url, {
    method,
    headers: { "content-type": "application/json", ...headers },
    ...(method === "POST" ? { body: "{}" } : {}),
    redirect: "manual",
  });
  await res.arrayBuffer();
  return res.status !== 404 && res.status !== 405;
}

/** Finds the first string property with one of `keys` anywhere in a JSON value. */
export function findString(value: unknown, keys: string[]): string | null {
  if (!value || typeof value !== "object") return null;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (keys.includes(k) && (typeof v === "string" || typeof v === "number")) return String(v);
  }
  for (const v of Object.values(value as Record<string, unknown>)) {
    const found = findString(v, keys);
    if (found) return found;
  }
  return null;
}
