import { z } from "zod";
import { achievementLimits } from "@/shared/achievement-vocabulary";
import { normaliseTags } from "@/server/features/projects/rules/project-rules";
import {
  achievementKinds,
  ipStatuses,
  regionStrengths,
  organisationTypes,
  transferModes,
} from "@/shared/achievement-vocabulary";
import { idInput } from "@/server/features/accounts/contract";
import { trlRange } from "./rules/trl";

export { achievementLimits };

const text = (max: number) => z.string().trim().min(1).max(max);
const trl = z.number().int().min(trlRange.min).max(trlRange.max);
const yuan = z.number().int().positive().max(achievementLimits.yuanMax);
const sectors = z
  .array(z.string().max(60))
  .max(achievementLimits.sectorsMax)
  .transform((tags) => normaliseTags(tags));

export const ownerInput = z.object({
  organisation: text(achievementLimits.organisationMax),
  regionId: idInput,
});

const achievementFields = {
  kind: z.enum(achievementKinds),
  titleZh: text(achievementLimits.titleMax),
  titleEn: text(achievementLimits.titleMax),
  summaryZh: text(achievementLimits.summaryMax),
  summaryEn: text(achievementLimits.summaryMax),
  trl,
  ipStatus: z.enum(ipStatuses),
  /** Required when the IP is filed or granted (checked by the use-case, which says so at the field). */
  ipNumber: z.string().trim().max(achievementLimits.ipNumberMax).nullable(),
  transferModes: z.array(z.enum(transferModes)).min(1).max(transferModes.length),
  /** Null: "negotiable". */
  priceYuan: yuan.nullable(),
  sectors,
  owners: z.array(ownerInput).min(1).max(achievementLimits.ownersMax),
  /** A draft stays with its owners; published goes to the showcase. */
  publish: z.boolean(),
};

export const createAchievementInput = z.object({ ...achievementFields, originProjectId: idInput.nullable() });
export type CreateAchievementInput = z.input<typeof createAchievementInput>;

export const updateAchievementInput = z.object({
  achievementId: idInput,
  /** The version the editor started from; a newer one means someone else edited meanwhile. */
  baseVersion: z.number().int().positive(),
  ...achievementFields,
  withdraw: z.boolean().default(false),
});

export const achievementIdInput = z.object({ achievementId: idInput });
export const achievementVersionInput = z.object({ achievementId: idInput, version: z.number().int().positive() });

export const listAchievementsInput = z.object({
  q: z.string().trim().max(200).nullish(),
  kind: z.enum(achievementKinds).nullish(),
  minTrl: trl.nullish(),
  regionId: idInput.nullish(),
  sector: z.string().max(60).nullish(),
  mode: z.enum(transferModes).nullish(),
  /** Only the viewer's own (drafts included). */
  mine: z.boolean().default(false),
  offset: z.number().int().min(0).max(100_000).default(0),
  limit: z.number().int().min(1).max(100).default(30),
});

export const publishFromProjectInput = z.object({
  projectId: idInput,
  outcomes: z
    .array(
      z.object({
        kind: z.enum(achievementKinds),
        titleZh: text(achievementLimits.titleMax),
        titleEn: text(achievementLimits.titleMax),
        summaryZh: text(achievementLimits.summaryMax),
        summaryEn: text(achievementLimits.summaryMax),
        trl,
      }),
    )
    .min(1)
    .max(achievementLimits.outcomesMax),
  transferModes: z.array(z.enum(transferModes)).min(1).max(transferModes.length),
});

export const createNeedInput = z.object({
  title: text(achievementLimits.titleMax),
  problem: text(achievementLimits.problemMax),
  sectors,
  budgetMinYuan: yuan.nullable(),
  budgetMaxYuan: yuan.nullable(),
  timelineMonths: z.number().int().min(1).max(120),
  minTrl: trl,
});
export const needIdInput = z.object({ needId: idInput });
export const listNeedsInput = z.object({ mine: z.boolean().default(false) });

export const startEnquiryInput = z.object({
  achievementId: idInput,
  needId: idInput.nullable(),
  body: text(achievementLimits.messageMax),
});
export const postMessageInput = z.object({ enquiryId: idInput, body: text(achievementLimits.messageMax) });
export const enquiryIdInput = z.object({ enquiryId: idInput });
export const messageIdInput = z.object({ messageId: idInput });
export const hideMessageInput = z.object({ messageId: idInput, reason: text(achievementLimits.reasonMax) });

export const revenueShareInput = z.object({
  regionId: idInput,
  revenueBp: z.number().int().min(0).max(10_000),
});
export const proposeTermsInput = z.object({
  enquiryId: idInput,
  mode: z.enum(transferModes),
  valueYuan: yuan.nullable(),
  shares: z.array(revenueShareInput).min(1).max(achievementLimits.dealRegionsMax),
  note: z.string().trim().max(achievementLimits.termsNoteMax).default(""),
});
export const respondToTermsInput = z.object({ termsId: idInput, response: z.enum(["accept", "decline"]) });

/** What a `joint_project` deal's draft needs that the terms do not say. */
export const jointProjectInput = z.object({
  budgetYuan: z.number().int().positive().max(1_000_000_000_000),
  durationMonths: z.number().int().min(1).max(120),
});
export const recordDealInput = z.object({
  termsId: idInput,
  signedOn: z.iso.date(),
  /** The owners' side's yes to publishing the value; the buyer gives theirs separately. */
  publishValue: z.boolean(),
  project: jointProjectInput.nullable().default(null),
});

export const recordTransferInput = z.object({
  achievementId: idInput,
  /** The enquiry it came out of: its asker is the buyer and alone may agree to publish the value. */
  enquiryId: idInput.nullable(),
  mode: z.enum(transferModes),
  buyerOrganisation: text(achievementLimits.organisationMax),
  buyerRegionId: idInput,
  valueYuan: yuan.nullable(),
  publishValue: z.boolean(),
  signedOn: z.iso.date(),
  project: jointProjectInput.nullable().default(null),
});
export const transferPublishInput = z.object({ transferId: idInput, publish: z.boolean() });

export const setRegionStrengthInput = z.object({ regionId: idInput, strength: z.enum(regionStrengths) });
export const setOrganisationTypeInput = z.object({
  accountId: idInput,
  organisationType: z.enum(organisationTypes).nullable(),
});

export const exportFormats = ["csv", "json"] as const;

/** The showcase's filters (published only: an export has no "mine"), and the file format. */
export const exportRegistryInput = listAchievementsInput
  .omit({ mine: true, offset: true, limit: true })
  .extend({ format: z.enum(exportFormats) });

export const exportDealsInput = z.object({ format: z.enum(exportFormats) });

export const regionDealsInput = z.object({ regionId: idInput });
