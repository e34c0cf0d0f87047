import pino from "pino";

// Structured JSON logs on stdout; secrets and credentials never reach them.
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { service: "ap-score-reports" },
  redact: {
    paths: ["password", "p", "*.password", "*.p", "authToken", "*.authToken", "headers.cookie", "headers.authorization", "*.accessCode"],
    censor: "[redacted]",
  },
});
