import { describe, expect, it } from "vitest";
import { changePasswordInput, redeemInvitationInput } from "@/server/features/accounts/contract";
import { demoAccounts } from "@/db/seed";
import { passwordProblem } from "./password-policy";
import { commonPasswords } from "./common-passwords";

describe("common passwords", () => {
  it("loads zxcvbn's list, lowercased", async () => {
    const listed = await commonPasswords();
    expect(listed.size).toBeGreaterThan(20_000);
    expect(listed.has("password")).toBe(true);
    expect([...listed].every((p) => p === p.toLowerCase())).toBe(true);
  });

  it("refuses real common passwords of 12+ characters and keeps the demo passwords valid", async () => {
    const listed = await commonPasswords();
    const isCommon = (p: string) => listed.has(p);
    for (const weak of ["Password1234", "qwertyuiop123", "1q2w3e4r5t6y", "iloveyou2026!", "sunshine12345"]) {
      expect(passwordProblem(weak, isCommon), weak).toBe("common");
    }
    for (const demo of demoAccounts) expect(passwordProblem(demo.password, isCommon), demo.password).toBeNull();
  });

  it("is applied by the contracts for a new password, on invitation and on change", async () => {
    const change = await changePasswordInput.safeParseAsync({ currentPassword: "x", newPassword: "Password1234" });
    expect(change.success).toBe(false);
    expect(change.error?.issues[0]?.path).toEqual(["newPassword"]);
    const redeem = await redeemInvitationInput.safeParseAsync({
      token: "t".repeat(30),
      displayName: "A",
      organisation: "B",
      password: "dragon123456",
    });
    expect(redeem.success).toBe(false);
    expect(
      (await changePasswordInput.safeParseAsync({ currentPassword: "x", newPassword: "river delta tide 2026" }))
        .success,
    ).toBe(true);
  });
});
