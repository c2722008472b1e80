import { createHmac } from "node:crypto";
import { keyFor, openSecret, sealSecret } from "@/server/infra/auth/sealed-secret";

/** TOTP secrets sealed like every stored secret (server/infra/auth/sealed-secret.ts): a database copy does not hand out second factors. */
export const encryptTotpSecret = (secret: string, authSecret: string) => sealSecret("secret", secret, authSecret);
export const decryptTotpSecret = (stored: string, authSecret: string) => openSecret("secret", stored, authSecret);

/**
 * Recovery codes carry ~49 random bits, so a keyed hash is enough (no slow hash needed against
 * guessing), and an exact hash lets the database remove a used code atomically.
 */
export function hashRecoveryCode(code: string, authSecret: string): string {
  return createHmac("sha256", keyFor("recovery", authSecret)).update(code).digest("base64url");
}
