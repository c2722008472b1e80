import { z } from "zod";
import { allianceLimits, organisationTypes } from "@/shared/alliance-vocabulary";
import { idInput } from "@/server/features/accounts/contract";
import { normaliseTags } from "@/server/features/projects/rules/project-rules";

const name = z.string().trim().min(1).max(allianceLimits.nameMax);

export const sectorsInput = z
  .array(z.string().max(60))
  .max(allianceLimits.sectorsMax)
  .transform((tags) => normaliseTags(tags));

export const organisationIdInput = z.object({ organisationId: idInput });

export const listOrganisationsInput = z.object({
  query: z.string().trim().max(allianceLimits.nameMax).default(""),
  regionId: idInput.nullable().default(null),
});

export const createOrganisationInput = z.object({
  nameZh: name,
  nameEn: name,
  aliases: z.array(z.string().trim().min(1).max(allianceLimits.nameMax)).max(allianceLimits.aliasesMax).default([]),
  type: z.enum(organisationTypes),
  regionId: idInput,
  sectors: sectorsInput.default([]),
});

/** Links an account to an organisation; `rememberName` keeps the account's own text as an alias. */
export const linkAccountInput = z.object({
  accountId: idInput,
  organisationId: idInput,
  rememberName: z.boolean().default(true),
});
