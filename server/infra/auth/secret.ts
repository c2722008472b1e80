import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "../env";

/**
 * Production needs an explicit NEXTAUTH_SECRET; development and demo mode generate one and keep it
 * in the data folder so sessions survive a restart.
 */
export function resolveAuthSecret(options: {
  configured?: string;
  production: boolean;
  demo: boolean;
  dataDir: string;
}): string {
  if (options.configured) return options.configured;
  if (options.production && !options.demo) {
    throw new ConfigError([
      "NEXTAUTH_SECRET: required in production (at least 32 characters, e.g. `openssl rand -base64 32`)",
    ]);
  }
  const file = path.join(options.dataDir, "auth-secret");
  if (existsSync(file)) {
    const stored = readFileSync(file, "utf8").trim();
    if (stored.length >= 32) return stored;
  }
  mkdirSync(options.dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
