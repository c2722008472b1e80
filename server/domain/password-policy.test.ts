import { describe, expect, it } from "vitest";
import { passwordProblem, passwordVariants } from "./password-policy";

const list = new Set(["password", "dragon", "iloveyou", "qwertyuiop123", "correcthorse"]);
const isCommon = (p: string) => list.has(p);

describe("password policy", () => {
  it("asks for 12 to 200 characters, counting characters rather than UTF-16 units", () => {
    expect(passwordProblem("short-pass1", isCommon)).toBe("tooShort");
    expect(passwordProblem("长城长城长城长城长城长", isCommon)).toBe("tooShort");
    expect(passwordProblem("长城长城长城长城长城长江", isCommon)).toBeNull();
    expect(passwordProblem("x".repeat(100) + "y".repeat(101), isCommon)).toBe("tooLong");
  });

  it("refuses a listed password whatever its case", () => {
    expect(passwordProblem("QwertyUiop123", isCommon)).toBe("common");
  });

  it("refuses a listed password stretched with digits and signs on the end", () => {
    expect(passwordProblem("dragon123456", isCommon)).toBe("common");
    expect(passwordProblem("Password2026!!", isCommon)).toBe("common");
    expect(passwordProblem("iloveyou 2026 !", isCommon)).toBe("common");
  });

  it("refuses one or two characters repeated", () => {
    expect(passwordProblem("aaaaaaaaaaaaaa", isCommon)).toBe("common");
    expect(passwordProblem("abababababab", isCommon)).toBe("common");
  });

  it("accepts a long password that only contains a listed word inside it", () => {
    expect(passwordProblem("my dragon flies over Qingdao", isCommon)).toBeNull();
    // The demo accounts' passwords stay valid.
    expect(passwordProblem("demo-moderator-2026", isCommon)).toBeNull();
  });

  it("checks the whole password, its trimmed form and its stem", () => {
    expect(passwordVariants("Dragon-2026!")).toEqual(["dragon-2026!", "dragon"]);
  });
});
