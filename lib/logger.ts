import pino from "pino";
import { env } from "@/lib/env";

// Structured JSON logs on stdout; secrets and credentials never reach them.
export const logger = pino({
  level: env().LOG_LEVEL ?? (env().NODE_ENV === "test" ? "silent" : "info"),
  base: { service: "ap-score-reports" },
  redact: {
    paths: ["password", "p", "*.password", "*.p", "authToken", "*.authToken", "headers.cookie", "headers.authorization", "*.accessCode"],
    censor: "[redacted]",
  },
});
