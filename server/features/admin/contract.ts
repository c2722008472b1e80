import { z } from "zod";
import { issueKey } from "@/i18n/validation-messages";
import { idInput, organisationInput, roleInput } from "@/server/features/accounts/contract";

/** A lone UTF-16 surrogate is no character at all and cannot be stored; refuse it here rather than in the database. */
const wellFormed = (value: string) => !/\p{Cs}/u.test(value);
const name = (what: string) =>
  z.string().trim().min(1, `${what} is required`).max(80, `${what} must be at most 80 characters`);
const code = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9-]{1,39}$/, "A code is 2–40 lower-case letters, digits or dashes, starting with a letter");

export const listAccountsInput = z.object({
  query: z.string().trim().max(120).refine(wellFormed, issueKey("wellFormed")).default(""),
  role: roleInput.nullish(),
  regionId: idInput.nullish(),
  suspendedOnly: z.boolean().default(false),
});

export const updateAccountInput = z.object({
  accountId: idInput,
  role: roleInput.optional(),
  regionId: idInput.optional(),
  organisation: organisationInput.optional(),
  reason: z.string().trim().max(500).default(""),
});

export const setChairInput = z.object({
  accountId: idInput,
  chair: z.boolean(),
  reason: z.string().trim().max(500).default(""),
});

export const addClusterInput = z.object({ code, nameZh: name("Chinese name"), nameEn: name("English name") });
export const renameClusterInput = z.object({
  clusterId: idInput,
  nameZh: name("Chinese name"),
  nameEn: name("English name"),
});
export const retireClusterInput = z.object({ clusterId: idInput, retired: z.boolean() });
export const addRegionInput = z.object({
  code,
  clusterId: idInput,
  nameZh: name("Chinese name"),
  nameEn: name("English name"),
});
export const renameRegionInput = z.object({
  regionId: idInput,
  nameZh: name("Chinese name"),
  nameEn: name("English name"),
});
export const retireRegionInput = z.object({ regionId: idInput, retired: z.boolean() });

export const holdSettingsInput = z.object({
  forumId: idInput,
  newAccountDays: z.number().int().min(1).max(365).nullable(),
  holdBlockedWords: z.boolean(),
  holdLinks: z.boolean(),
});

export const blockedWordInput = z.object({
  word: z
    .string()
    .trim()
    .min(1, "Enter a word")
    .max(80, "A blocked word must be at most 80 characters")
    .refine(wellFormed, { message: "Enter a word", ...issueKey("wellFormed") }),
});
export const blockedWordIdInput = z.object({ id: idInput });

/** Dates PostgreSQL can compare with: the platform's own lifetime, not year −200000. */
const dateInput = z.coerce
  .date()
  .min(new Date("2000-01-01T00:00:00Z"), "That date is too early")
  .max(new Date("9999-12-31T00:00:00Z"), "That date is too late");
export const auditFilterInput = z.object({
  actorId: idInput.nullish(),
  action: z.string().trim().max(60).refine(wellFormed, issueKey("wellFormed")).nullish(),
  targetType: z.string().trim().max(40).refine(wellFormed, issueKey("wellFormed")).nullish(),
  targetId: z.string().trim().max(40).refine(wellFormed, issueKey("wellFormed")).nullish(),
  from: dateInput.nullish(),
  to: dateInput.nullish(),
});
export const auditPageInput = auditFilterInput.extend({
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(100).default(50),
});

export const activityInput = z.object({ weeks: z.number().int().min(2).max(52).default(12) });
