import { NextResponse } from "next/server";
import { auth } from "@/lib/auth/nextauth";
import { env } from "@/lib/env";
import { databaseUnavailablePage, pagesMayQueryDatabase } from "@/lib/http/database-gate";

// Optimistic redirect only: every page, action and route checks the user again on the server.
const PROTECTED = [
  "/dashboard",
  "/profile",
  "/bulk",
  "/pdf",
  "/enroll",
  "/settings",
  "/terms",
  "/admin",
  "/k12",
  "/activity",
  "/notifications",
  "/sftp-delivery",
];

function contentSecurityPolicy(nonce: string, https: boolean): string {
  const dev = env().NODE_ENV === "development";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Inline style attributes (chart bars, progress) are harmless; scripts stay nonce-only.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

export const proxy = auth(async (request) => {
  // While the database is away, browsers get a friendly 503 page rather than a failed render.
  if ((request.method === "GET" || request.method === "HEAD") && !(await pagesMayQueryDatabase())) return databaseUnavailablePage();
  const { pathname, search } = request.nextUrl;
  const needsSession = PROTECTED.some((p) => pathname === p || pathname.startsWith(`${p}/`));
  if (needsSession && !request.auth) {
    const url = new URL("/signin", request.nextUrl.origin);
    url.searchParams.set("callbackUrl", `${pathname}${search}`);
    return NextResponse.redirect(url);
  }

  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce, request.nextUrl.protocol === "https:");
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
});

export const config = {
  matcher: ["/((?!api/|aposrd-api-prod/|_next/static|_next/image|favicon.ico|robots.txt).*)"],
};
