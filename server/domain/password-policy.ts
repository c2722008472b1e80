/**
 * What makes a password acceptable, without knowing where the list of common passwords comes from:
 * long enough, not absurdly long, and neither a common password nor a common password with digits
 * and signs stuck on the end ("dragon123456!"), which is how people stretch one past a length rule.
 */
export const passwordMinLength = 12;
export const passwordMaxLength = 200;

export type PasswordProblem = "tooShort" | "tooLong" | "common";

export function normalisePassword(password: string): string {
  return password.normalize("NFKC").toLowerCase();
}

/** The forms a guessed password takes that a common-password list should be checked against. */
export function passwordVariants(password: string): string[] {
  const lower = normalisePassword(password);
  const stem = lower.replace(/[\d\p{P}\p{S}\s]+$/u, "");
  const trimmed = lower.trim();
  return [...new Set([lower, trimmed, stem].filter((v) => v.length >= 4))];
}

export function passwordProblem(password: string, isCommon: (lowercased: string) => boolean): PasswordProblem | null {
  const length = [...password].length;
  if (length < passwordMinLength) return "tooShort";
  if (length > passwordMaxLength) return "tooLong";
  if (passwordVariants(password).some(isCommon)) return "common";
  // A single character or a two-character pattern repeated ("aaaaaaaaaaaa", "abababababab") is on
  // no list but is guessed as early.
  if (/^(.{1,2})\1+$/u.test(normalisePassword(password))) return "common";
  return null;
}
