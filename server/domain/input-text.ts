/**
 * PostgreSQL text cannot hold U+0000: a string carrying it fails deep in the database as an
 * internal error. Inputs are checked for it once, at the door, so the caller hears why.
 */
export function containsNulCharacter(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (depth > 32 || value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) return value.some((item) => containsNulCharacter(item, depth + 1));
  return Object.entries(value).some(([key, item]) => key.includes("\u0000") || containsNulCharacter(item, depth + 1));
}
