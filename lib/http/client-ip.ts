import { headers } from "next/headers";
import { env } from "@/lib/env";

/**
 * The client's address for throttling and the audit log. Behind a proxy, the first
 * X-Forwarded-For entry (set TRUST_PROXY=false to ignore the header when the app is
 * reachable directly and clients could forge it).
 */
export function clientIp(headers: Headers): string {
  if (env().TRUST_PROXY) {
    const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
    const real = headers.get("x-real-ip")?.trim();
    if (real) return real;
  }
  return "local";
}

/** The same, for pages (server components), from the request being rendered. */
export async function requestIp(): Promise<string> {
  return clientIp(await headers());
}
