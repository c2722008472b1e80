import pino, { type Logger } from "pino";

/** JSON logs on stdout; redaction keeps secrets out even when a whole object is logged. */
export function createLogger(level: string = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino({
    level,
    base: { app: "xietong" },
    redact: {
      paths: [
        "password",
        "*.password",
        "passwordHash",
        "*.passwordHash",
        "token",
        "*.token",
        "headers.cookie",
        "*.headers.cookie",
      ],
      censor: "[redacted]",
    },
  });
}
export type { Logger };
