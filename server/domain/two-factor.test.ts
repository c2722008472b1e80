import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  newTotpSecret,
  normaliseRecoveryCode,
  recoveryCodesFrom,
  requiresTwoFactor,
  totpCodeAt,
  totpUri,
  verifyTotp,
} from "./two-factor";

describe("two-factor rules", () => {
  it("is required for moderators and admins, outside demo mode only", () => {
    expect(requiresTwoFactor("admin", false)).toBe(true);
    expect(requiresTwoFactor("moderator", false)).toBe(true);
    expect(requiresTwoFactor("member", false)).toBe(false);
    expect(requiresTwoFactor("researcher", false)).toBe(false);
    expect(requiresTwoFactor("admin", true)).toBe(false);
  });

  it("accepts the code of this 30-second step and its neighbours, and nothing further", () => {
    const secret = newTotpSecret();
    const now = new Date("2026-11-29T10:00:10Z");
    expect(verifyTotp(secret, totpCodeAt(secret, now), now)).toBe(true);
    expect(verifyTotp(secret, totpCodeAt(secret, new Date(now.getTime() - 30_000)), now)).toBe(true);
    expect(verifyTotp(secret, totpCodeAt(secret, new Date(now.getTime() + 30_000)), now)).toBe(true);
    expect(verifyTotp(secret, totpCodeAt(secret, new Date(now.getTime() - 90_000)), now)).toBe(false);
    expect(verifyTotp(newTotpSecret(), totpCodeAt(secret, now), now)).toBe(false);
    expect(verifyTotp(secret, "12345", now)).toBe(false);
  });

  it("writes an otpauth:// URI that authenticator apps read", () => {
    const uri = totpUri("JBSWY3DPEHPK3PXP", "chen@example.cn");
    expect(uri).toMatch(/^otpauth:\/\/totp\/Xietong:chen%40example\.cn\?/);
    expect(uri).toContain("secret=JBSWY3DPEHPK3PXP");
    expect(uri).toContain("digits=6");
  });

  it("makes ten distinct recovery codes and reads them back however they are typed", () => {
    const codes = recoveryCodesFrom((n) => randomBytes(n));
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(/^[2-9a-z]{5}-[2-9a-z]{5}$/);
      expect(normaliseRecoveryCode(` ${code.toUpperCase().replace("-", " ")} `)).toBe(code);
    }
    expect(normaliseRecoveryCode("0000000000")).toBeNull();
    expect(normaliseRecoveryCode("abc")).toBeNull();
  });
});
