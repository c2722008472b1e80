import { describe, expect, it } from "vitest";
import { z } from "zod";
import { catalogues } from "@/i18n/catalogue";
import { allValidationKeys, toFieldIssue, validationKey } from "@/i18n/validation-messages";
import { appErrorCodes, appErrorReasons } from "../errors";
import { serverMessage } from "./messages";
import { appRouter } from "./root";

const locales = ["zh-CN", "en"] as const;

function has(catalogue: Record<string, unknown>, key: string): boolean {
  const leaf = key
    .split(".")
    .reduce<unknown>(
      (node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined),
      catalogue,
    );
  return typeof leaf === "string" && leaf.trim() !== "";
}

const inBoth = (key: string) => locales.every((locale) => has(catalogues[locale], key));

const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { inputs: unknown[] } }>,
)
  .map(([path, procedure]) => ({ path, schema: procedure._def.inputs[0] as z.ZodType | undefined }))
  .filter((entry): entry is { path: string; schema: z.ZodType } => entry.schema !== undefined);

/** Values that break most fields: empty, blank, too long, wrong types, out of range, duplicates. */
const hostile: unknown[] = [
  "",
  "   ",
  "x".repeat(100_001),
  "not an email",
  -1,
  0,
  1.5,
  10 ** 13,
  [],
  [0, 0],
  Array.from({ length: 60 }, (_, i) => String(i)),
  {},
  null,
  true,
  "9999-99-99",
];

describe("server messages", () => {
  it("have a text for every AppError reason and every error code in both catalogues", () => {
    const missing = [
      ...appErrorReasons.map((reason) => `errors.reasons.${reason}`),
      ...Object.keys(appErrorCodes).map((code) => `errors.codes.${code}`),
      "errors.codes.INTERNAL_SERVER_ERROR",
    ].filter((key) => !inBoth(key));
    expect(missing).toEqual([]);
  });

  it("have a text for every validation key in both catalogues", () => {
    expect(allValidationKeys.map((key) => `validation.${key}`).filter((key) => !inBoth(key))).toEqual([]);
  });

  it("word every validation problem any procedure can raise from the catalogues, never with a catch-all for a check", async () => {
    const seen = new Set<string>();
    const unworded: string[] = [];
    for (const { path, schema } of procedures) {
      const shape = schema instanceof z.ZodObject ? (schema.shape as Record<string, unknown>) : {};
      const inputs: unknown[] = [
        undefined,
        "x",
        ...Object.keys(shape).flatMap((field) => hostile.map((value) => ({ [field]: value }))),
      ];
      for (const input of inputs) {
        const result = await schema.safeParseAsync(input);
        if (result.success) continue;
        for (const issue of result.error.issues) {
          const key = validationKey(toFieldIssue(issue), (k) => inBoth(`validation.${k}`));
          seen.add(issue.code);
          // A custom check without its own key would be shown as "This value is not accepted".
          if (key === "custom.default" || !inBoth(`validation.${key}`))
            unworded.push(`${path} ${issue.path.join(".")} ${issue.code}: ${issue.message}`);
        }
      }
    }
    expect([...new Set(unworded)]).toEqual([]);
    // The sweep reached the checks that matter, so an empty list above means something.
    expect([...seen]).toEqual(
      expect.arrayContaining(["invalid_type", "too_small", "too_big", "invalid_format", "custom", "invalid_value"]),
    );
  });

  it("are sent in the page's language, with the field and code, not zod's English", async () => {
    const issue = toFieldIssue(
      (await z.object({ body: z.string().max(50_000) }).safeParseAsync({ body: "x".repeat(50_001) })).error!.issues[0]!,
    );
    expect(issue).toEqual({ field: "body", code: "too_big", params: { origin: "string", maximum: 50_000 } });
    expect(serverMessage("zh-CN", { code: "BAD_REQUEST", reason: null, fieldErrors: [issue] })).toBe(
      "最多可输入 50000 个字符。",
    );
    expect(serverMessage("en", { code: "BAD_REQUEST", reason: null, fieldErrors: [issue] })).toBe(
      "Enter at most 50000 characters.",
    );
    expect(serverMessage("zh-CN", { code: "NOT_FOUND", reason: "RESET_LINK_EXPIRED", fieldErrors: null })).toMatch(
      /[\u4e00-\u9fff]/,
    );
  });
});
