import type { core } from "zod";

/**
 * A validation problem as the server sends it: which field, what went wrong (zod's issue code, with
 * the origin or format that refines it) and the figures the message needs. The browser and the
 * server turn it into text through the catalogues, so nobody reads zod's English.
 */
export interface FieldIssue {
  field: string;
  code: string;
  params: Record<string, string | number>;
}

/** Keys of custom checks (refine / addIssue); each has `validation.custom.<key>` in both catalogues. */
export const customIssueKeys = ["passwordCommon", "wellFormed", "blank", "topicOrForum", "sharesSum"] as const;
export type CustomIssueKey = (typeof customIssueKeys)[number];

/** The `params` of a custom check, so its message comes from the catalogue. */
export const issueKey = (key: CustomIssueKey) => ({ params: { key } });

type Origin = "string" | "number" | "array" | "date";
const sizeOrigin = (origin: string): Origin =>
  origin === "string" || origin === "array" || origin === "date" ? origin : "number";
/** Formats with their own wording; any other format reads `invalid_format.other`. */
export const namedFormats = ["email", "regex", "url", "datetime", "date"] as const;

/** Every issue code zod can raise, mapped to a catalogue key under `validation`; the type keeps it exhaustive. */
const codeKeys: Record<core.$ZodIssue["code"], (issue: FieldIssue) => string> = {
  invalid_type: () => "invalid_type",
  too_small: (issue) =>
    issue.params.origin === "string" && issue.params.minimum === 1
      ? "required"
      : `too_small.${sizeOrigin(String(issue.params.origin))}`,
  too_big: (issue) => `too_big.${sizeOrigin(String(issue.params.origin))}`,
  invalid_format: (issue) =>
    `invalid_format.${(namedFormats as readonly string[]).includes(String(issue.params.format)) ? issue.params.format : "other"}`,
  not_multiple_of: () => "not_multiple_of",
  unrecognized_keys: () => "unrecognized_keys",
  invalid_union: () => "invalid_value",
  invalid_key: () => "invalid_value",
  invalid_element: () => "invalid_value",
  invalid_value: () => "invalid_value",
  custom: (issue) =>
    (customIssueKeys as readonly string[]).includes(String(issue.params.key))
      ? `custom.${issue.params.key}`
      : "custom.default",
};

/** Every key `validationKey` can return (besides field overrides), for the catalogue test. */
export const allValidationKeys: string[] = [
  "required",
  "invalid_type",
  "not_multiple_of",
  "unrecognized_keys",
  "invalid_value",
  "custom.default",
  ...customIssueKeys.map((key) => `custom.${key}`),
  ...(["string", "number", "array", "date"] as const).flatMap((origin) => [`too_small.${origin}`, `too_big.${origin}`]),
  ...[...namedFormats, "other"].map((format) => `invalid_format.${format}`),
];

/** The structured form of a zod issue, keeping only figures a message may show. */
export function toFieldIssue(issue: core.$ZodIssue): FieldIssue {
  const params: Record<string, string | number> = {};
  const raw = issue as unknown as Record<string, unknown>;
  for (const name of ["origin", "format", "minimum", "maximum", "divisor"] as const) {
    const value = raw[name];
    if (typeof value === "string" || typeof value === "number") params[name] = value;
    else if (typeof value === "bigint") params[name] = Number(value);
  }
  if (issue.code === "custom" && typeof issue.params?.key === "string") params.key = issue.params.key;
  return { field: issue.path.map(String).join("."), code: issue.code, params };
}

/**
 * The catalogue key (under `validation`) for an issue: a field's own wording where the catalogue has
 * one (`fields.<last path segment>.<code>`), else the issue's general wording.
 */
export function validationKey(issue: FieldIssue, has: (key: string) => boolean): string {
  const last = issue.field
    .split(".")
    .filter((part) => !/^\d+$/.test(part))
    .pop();
  const own = last ? `fields.${last}.${issue.code}` : null;
  if (own && has(own)) return own;
  const general = codeKeys[issue.code as core.$ZodIssue["code"]];
  return general ? general(issue) : "invalid_value";
}

type Translate = ((key: string, values?: Record<string, string | number>) => string) & {
  has: (key: string) => boolean;
};

/** The text of an issue in the translator's language (a translator scoped to `validation`). */
export function describeIssue(issue: FieldIssue, t: Translate): string {
  const key = validationKey(issue, (k) => t.has(k));
  return t(key, {
    minimum: issue.params.minimum ?? "",
    maximum: issue.params.maximum ?? "",
    divisor: issue.params.divisor ?? "",
  });
}
