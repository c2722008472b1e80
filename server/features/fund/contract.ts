import { z } from "zod";
import { issueKey } from "@/i18n/validation-messages";
import { callStatuses, outcomeTypes, portfolioMethods, progressStatuses } from "@/shared/fund-vocabulary";
import { idInput } from "@/server/features/accounts/contract";
import { callActions } from "./rules/call-lifecycle";
import { maxScore, minScore } from "./rules/review";

export const fundLimits = {
  titleMax: 200,
  descriptionMax: 5_000,
  commentMax: 2_000,
  reasonMax: 2_000,
  criteriaMax: 10,
  textMax: 1_000,
  /** ¥1 trillion: far above any programme, low enough that sums stay exact integers. */
  yuanMax: 1_000_000_000_000,
} as const;

const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((v) => v.trim().length > 0, { ...issueKey("blank") });
const yuan = z.number().int().min(0).max(fundLimits.yuanMax);
const isoDay = z.iso.date();

export const callIdInput = z.object({ callId: idInput });
export const exportCallInput = callIdInput.extend({ format: z.enum(["csv", "json"]) });
export const submissionIdInput = z.object({ submissionId: idInput });

export const criterionInput = z.object({
  key: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,31}$/)
    .max(32),
  nameZh: text(100),
  nameEn: text(100),
  weight: z.number().int().min(1).max(100),
});

export const createCallInput = z.object({
  titleZh: text(fundLimits.titleMax),
  titleEn: text(fundLimits.titleMax),
  descriptionZh: text(fundLimits.descriptionMax),
  descriptionEn: text(fundLimits.descriptionMax),
  deadline: z.coerce.date(),
  recommendations: z.array(z.number().int().min(1).max(99)).min(1).max(20),
  centralBp: z.number().int().min(0).max(10_000),
  centralYuan: yuan,
  contributions: z
    .array(z.object({ regionId: idInput, yuan }))
    .min(1)
    .max(60),
  criteria: z.array(criterionInput).min(1).max(fundLimits.criteriaMax),
  excludeProposalRegions: z.boolean().default(false),
  /** The China day reviews are due; may be set later, until the call is awarded. */
  reviewDueOn: isoDay.nullable().default(null),
});
export type CreateCallInput = z.infer<typeof createCallInput>;

export const advanceCallInput = callIdInput.extend({ action: z.enum(callActions) });
export const listCallsInput = z.object({ status: z.enum(callStatuses).optional() }).default({});

export const submitProposalInput = callIdInput.extend({ projectId: idInput, planId: idInput });

export const setReviewerInput = z.object({ accountId: idInput, reviewer: z.boolean() });
export const assignReviewerInput = submissionIdInput.extend({ reviewerId: idInput });
export const assignmentIdInput = z.object({ assignmentId: idInput });
export const declareInput = assignmentIdInput.extend({
  /** The reviewer's explicit statement that they have no conflict of interest with the proposal. */
  noConflict: z.literal(true),
});
export const submitReviewInput = assignmentIdInput.extend({
  scores: z
    .array(
      z.object({
        key: z.string().max(32),
        score: z.number().int().min(minScore).max(maxScore),
        comment: text(fundLimits.commentMax),
      }),
    )
    .min(1)
    .max(fundLimits.criteriaMax),
});
export type SubmitReviewInput = z.infer<typeof submitReviewInput>;

export const decidePortfolioInput = callIdInput.extend({
  method: z.enum(portfolioMethods),
  reason: text(fundLimits.reasonMax),
});

export const addMilestoneInput = submissionIdInput.extend({
  title: text(fundLimits.titleMax),
  deliverable: text(fundLimits.textMax),
  dueOn: isoDay,
});
export const completeMilestoneInput = z.object({
  milestoneId: idInput,
  doneOn: isoDay,
  evidenceUrl: z.url({ protocol: /^https?$/ }).max(2_000),
});
export const recordDisbursementInput = submissionIdInput.extend({
  /** null: the centre. */
  regionId: idInput.nullable(),
  amountYuan: z.number().int().min(1).max(fundLimits.yuanMax),
  paidOn: isoDay,
  note: z.string().max(fundLimits.textMax).default(""),
});
export const postProgressInput = submissionIdInput.extend({
  status: z.enum(progressStatuses),
  percent: z.number().int().min(0).max(100),
  body: text(fundLimits.textMax),
});

export const setReviewDueInput = callIdInput.extend({ reviewDueOn: isoDay });
export const moveMilestoneInput = z.object({ milestoneId: idInput, dueOn: isoDay });
export const recordOutcomeInput = submissionIdInput.extend({
  type: z.enum(outcomeTypes),
  count: z.number().int().min(1).max(10_000),
  achievedOn: isoDay,
  link: z
    .url({ protocol: /^https?$/ })
    .max(2_000)
    .nullable()
    .default(null),
  note: z.string().max(fundLimits.textMax).default(""),
});
export const fundAccountabilityInput = z
  .object({
    /** A cluster code, or a region code; neither: every region. */
    cluster: z.string().max(64).optional(),
    region: z.string().max(64).optional(),
  })
  .default({});

/** Basis points of share: 500 is five percentage points. */
export const setDriftThresholdInput = callIdInput.extend({ thresholdBp: z.number().int().min(1).max(10_000) });
