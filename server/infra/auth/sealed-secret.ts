import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * Keys derived from the auth secret, one per purpose. The label keeps its first user's wording ("two-factor
 * <purpose>") so TOTP secrets sealed before other purposes existed stay readable. Changing
 * NEXTAUTH_SECRET therefore makes every sealed secret unreadable: people re-enrol, admins re-enter
 * webhook addresses.
 */
export function keyFor(purpose: string, authSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", authSecret, "xietong", `two-factor ${purpose}`, 32));
}

/**
 * Seals a short secret (AES-256-GCM) under a key derived from the auth secret for one purpose, so a
 * copy of the database does not hand it out; each purpose has its own key.
 */
export function sealSecret(purpose: string, secret: string, authSecret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFor(purpose, authSecret), iv);
  const sealed = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return `v1.${iv.toString("base64url")}.${sealed.toString("base64url")}.${cipher.getAuthTag().toString("base64url")}`;
}

export function openSecret(purpose: string, stored: string, authSecret: string): string | null {
  const [version, iv, sealed, tag] = stored.split(".");
  if (version !== "v1" || !iv || !sealed || !tag) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyFor(purpose, authSecret), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(sealed, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
