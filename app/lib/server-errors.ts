"use client";
import { useTranslations } from "next-intl";
import { describeIssue, type FieldIssue } from "@/i18n/validation-messages";
import { describeError, errorData } from "./errors";

/**
 * A failed request's problems, placed where the person looks: each validation problem at the field
 * it concerns, in the page's language, and a banner only for what belongs to no field of this form.
 * Derived from the latest result, so it clears as soon as the next request starts or succeeds.
 */
export function useServerErrors(error: unknown, fields: readonly string[]) {
  const tErrors = useTranslations("errors");
  const tValidation = useTranslations("validation");
  const issues = ((errorData(error)?.fieldErrors ?? []) as FieldIssue[]).filter(
    (issue) => typeof issue?.field === "string",
  );
  const byField = new Map<string, string>();
  const elsewhere: string[] = [];
  for (const issue of issues) {
    const text = describeIssue(issue, tValidation as Parameters<typeof describeIssue>[1]);
    if (fields.includes(issue.field) && !byField.has(issue.field)) byField.set(issue.field, text);
    else if (!fields.includes(issue.field)) elsewhere.push(text);
  }
  let banner: string | null = null;
  if (error) {
    if (issues.length === 0) banner = describeError(error, tErrors);
    else
      banner =
        elsewhere.length > 0
          ? `${tValidation("summary")} ${[...new Set(elsewhere)].join(" ")}`
          : tValidation("summary");
  }
  return { banner, at: (field: string) => byField.get(field) ?? null };
}
