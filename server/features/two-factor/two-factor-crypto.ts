import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";

/**
 * TOTP secrets are stored encrypted (AES-256-GCM) under a key derived from the auth secret, so a
 * copy of the database (a backup, a replica) does not hand out second factors. Changing
 * NEXTAUTH_SECRET therefore makes stored secrets unreadable: everyone re-enrols.
 */
function keyFor(purpose: string, authSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", authSecret, "xietong", `two-factor ${purpose}`, 32));
}

export function encryptTotpSecret(secret: string, authSecret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFor("secret", authSecret), iv);
  const sealed = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return `v1.${iv.toString("base64url")}.${sealed.toString("base64url")}.${cipher.getAuthTag().toString("base64url")}`;
}

export function decryptTotpSecret(stored: string, authSecret: string): string | null {
  const [version, iv, sealed, tag] = stored.split(".");
  if (version !== "v1" || !iv || !sealed || !tag) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyFor("secret", authSecret), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(sealed, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

/**
 * Recovery codes carry ~49 random bits, so a keyed hash is enough (no slow hash needed against
 * guessing), and an exact hash lets the database remove a used code atomically.
 */
export function hashRecoveryCode(code: string, authSecret: string): string {
  return createHmac("sha256", keyFor("recovery", authSecret)).update(code).digest("base64url");
}
