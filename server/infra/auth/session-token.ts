import { createDecipheriv, hkdfSync } from "node:crypto";
import type { JWT } from "next-auth/jwt";

/**
 * next-auth's session cookie is a JWE (alg "dir", enc "A256GCM") under a key it derives with HKDF
 * from the secret on every decode; deriving it once per secret takes that cost off every request.
 * Same checks as next-auth's decode: authentic ciphertext, and exp/nbf with its 15 s tolerance.
 */
const keys = new Map<string, Buffer>();
const clockToleranceSeconds = 15;

function keyFor(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, "", "NextAuth.js Generated Encryption Key", 32));
    keys.set(secret, key);
  }
  return key;
}

export function decodeSessionToken(token: string, secret: string, nowSeconds = Date.now() / 1000): JWT | null {
  const parts = token.split(".");
  if (parts.length !== 5) return null;
  const [protectedHeader = "", encryptedKey, iv = "", ciphertext = "", tag = ""] = parts;
  if (encryptedKey !== "") return null;
  try {
    const header = JSON.parse(Buffer.from(protectedHeader, "base64url").toString("utf8")) as Record<string, unknown>;
    if (header.alg !== "dir" || header.enc !== "A256GCM" || header.zip !== undefined || header.crit !== undefined)
      return null;
    const ivBytes = Buffer.from(iv, "base64url");
    const tagBytes = Buffer.from(tag, "base64url");
    if (ivBytes.length !== 12 || tagBytes.length !== 16) return null;
    const decipher = createDecipheriv("aes-256-gcm", keyFor(secret), ivBytes, { authTagLength: 16 });
    decipher.setAAD(Buffer.from(protectedHeader, "ascii"));
    decipher.setAuthTag(tagBytes);
    const payload = JSON.parse(
      Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8"),
    ) as unknown;
    if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return null;
    const { exp, nbf } = payload as { exp?: unknown; nbf?: unknown };
    if (exp !== undefined && (typeof exp !== "number" || exp <= nowSeconds - clockToleranceSeconds)) return null;
    if (nbf !== undefined && (typeof nbf !== "number" || nbf > nowSeconds + clockToleranceSeconds)) return null;
    return payload as JWT;
  } catch {
    // Tampered, another secret's, or not a token at all: no session.
    return null;
  }
}
