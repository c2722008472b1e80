import { Secret, TOTP } from "otpauth";
import type { Role } from "@/shared/vocabulary";

/**
 * Rules of two-factor sign-in: RFC 6238 codes (6 digits, 30 s, SHA-1, what every authenticator app
 * speaks), one step of clock drift either way, and ten single-use recovery codes.
 */
export const totpSettings = { algorithm: "SHA1", digits: 6, period: 30 } as const;
export const recoveryCodeCount = 10;
export const totpIssuer = "Xietong";

/** Moderators and admins can silence people and change roles, so they must use it outside demo mode. */
export function requiresTwoFactor(role: Role, demo: boolean): boolean {
  return !demo && (role === "moderator" || role === "admin");
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUri(secret: string, accountLabel: string): string {
  return new TOTP({
    ...totpSettings,
    issuer: totpIssuer,
    label: accountLabel,
    secret: Secret.fromBase32(secret),
  }).toString();
}

export function isTotpCode(code: string): boolean {
  return /^\d{6}$/.test(code);
}

/** True when `code` is the code for `at`, or for the 30-second step just before or after it. */
export function verifyTotp(secret: string, code: string, at: Date): boolean {
  if (!isTotpCode(code)) return false;
  const delta = TOTP.validate({
    ...totpSettings,
    secret: Secret.fromBase32(secret),
    token: code,
    timestamp: at.getTime(),
    window: 1,
  });
  return delta !== null;
}

export function totpCodeAt(secret: string, at: Date): string {
  return TOTP.generate({ ...totpSettings, secret: Secret.fromBase32(secret), timestamp: at.getTime() });
}

// No 0/o, 1/l/i: the codes are read off paper.
const recoveryAlphabet = "23456789abcdefghjkmnpqrstuvwxyz";

/** Ten codes like `7k3mq-x9p2a` (about 49 bits each), from the caller's random bytes. */
export function recoveryCodesFrom(randomBytes: (n: number) => Uint8Array): string[] {
  return Array.from({ length: recoveryCodeCount }, () => {
    const bytes = randomBytes(10);
    const chars = [...bytes].map((b) => recoveryAlphabet[b % recoveryAlphabet.length]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** What a person types, in whatever case and spacing, as the form the codes were hashed in. */
export function normaliseRecoveryCode(input: string): string | null {
  const compact = input.toLowerCase().replace(/[\s-]/g, "");
  if (compact.length !== 10 || [...compact].some((c) => !recoveryAlphabet.includes(c))) return null;
  return `${compact.slice(0, 5)}-${compact.slice(5)}`;
}
