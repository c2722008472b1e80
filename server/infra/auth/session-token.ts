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

/**
 * Authentic tokens already decrypted, per secret: a browser sends the same cookie with every request
 * and socket handshake, and decrypting it each time was most of a handshake's session cost. Only tokens
 * that decrypted are kept (a forged one costs its full check every time); the time limits are judged
 * at each use. Bounded, the oldest first out.
 */
const decoded = new Map<string, Map<string, Record<string, unknown>>>();
const maxDecoded = 2_000;

function withinTime(payload: Record<string, unknown>, nowSeconds: number): boolean {
  const { exp, nbf } = payload;
  if (exp !== undefined && (typeof exp !== "number" || exp <= nowSeconds - clockToleranceSeconds)) return false;
  if (nbf !== undefined && (typeof nbf !== "number" || nbf > nowSeconds + clockToleranceSeconds)) return false;
  return true;
}

export function decodeSessionToken(token: string, secret: string, nowSeconds = Date.now() / 1000): JWT | null {
  let known = decoded.get(secret);
  const cached = known?.get(token);
  if (cached) return withinTime(cached, nowSeconds) ? { ...cached } : null;
  const payload = decryptSessionToken(token, secret);
  if (!payload) return null;
  if (!known) decoded.set(secret, (known = new Map<string, Record<string, unknown>>()));
  if (known.size >= maxDecoded) known.delete(known.keys().next().value!);
  known.set(token, payload);
  return withinTime(payload, nowSeconds) ? { ...payload } : null;
}

function decryptSessionToken(token: string, secret: string): Record<string, unknown> | null {
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
    return payload as Record<string, unknown>;
  } catch {
    // Tampered, another secret's, or not a token at all: no session.
    return null;
  }
}
