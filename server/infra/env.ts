import { z } from "zod";
import { oidcProvidersConfig } from "./auth/oidc-config";

/**
 * Configuration is parsed once at start; a bad value stops the process with a message that names the
 * variable, rather than failing later inside a request.
 */
const postgresUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === "postgres:" || url.protocol === "postgresql:";
  } catch {
    return false;
  }
}, "must be a postgres:// or postgresql:// URL, e.g. postgres://postgres@127.0.0.1:5432/test");

const redisUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === "redis:" || url.protocol === "rediss:";
  } catch {
    return false;
  }
}, "must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_URL: z.preprocess((v) => (v === "" ? undefined : v), postgresUrl.optional()),
  REDIS_URL: z.preprocess((v) => (v === "" ? undefined : v), redisUrl.optional()),
  /** Starts every Redis key and channel of this deployment, so several can share one Redis. */
  REDIS_PREFIX: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,64}$/, "letters, digits and _ . : - only, at most 64")
      .default("xietong"),
  ),
  XIETONG_DATA_DIR: z.string().min(1).default(".data"),
  XIETONG_DEMO: z
    .enum(["0", "1", "true", "false"])
    .default("0")
    .transform((v) => v === "1" || v === "true"),
  NEXTAUTH_SECRET: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.string().min(32, "must be at least 32 characters").optional(),
  ),
  NEXTAUTH_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Bearer token for /api/metrics; unset, the metrics are served to this machine (loopback) only. */
  METRICS_TOKEN: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.string().min(16, "must be at least 16 characters").optional(),
  ),
  /** Votes on one ballot or opinion round share transactions (group commit); `off` writes one transaction per vote, to compare. */
  VOTE_GROUP_COMMIT: z
    .enum(["on", "off"])
    .default("on")
    .transform((v) => v === "on"),
  /** Public pages as a signed-out visitor sees them are kept while the database has not changed; `off` renders every one. */
  PAGE_CACHE: z
    .enum(["on", "off"])
    .default("on")
    .transform((v) => v === "on"),
  INVITE_TTL_HOURS: z.coerce.number().int().positive().default(72),
  /** Unset: no email; notifications stay in the app and the preferences page says so. */
  SMTP_URL: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z
      .string()
      .refine(
        (value) => /^smtps?:\/\/[^\s]+$/.test(value),
        "must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.cn:587",
      )
      .optional(),
  ),
  MAIL_FROM: z.string().min(3).default("Xietong <noreply@localhost>"),
  /** A session ends after this long without a request, and in any case this long after sign-in. */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  /** The largest file one attachment may be. */
  ATTACHMENT_MAX_MB: z.coerce.number().positive().max(1024).default(20),
  /** Set S3_ENDPOINT and S3_BUCKET (with keys) to keep attachments in S3-compatible storage, not the data folder. */
  S3_ENDPOINT: z.preprocess((v) => (v === "" ? undefined : v), z.string().url().optional()),
  S3_BUCKET: z.preprocess((v) => (v === "" ? undefined : v), z.string().min(3).max(63).optional()),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_ACCESS_KEY_ID: z.string().default(""),
  S3_SECRET_ACCESS_KEY: z.string().default(""),
  /** Single sign-on: a JSON array of OpenID Connect providers (README, "Single sign-on"). */
  XIETONG_OIDC_PROVIDERS: oidcProvidersConfig,
});

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
  }
  return parsed.data;
}
