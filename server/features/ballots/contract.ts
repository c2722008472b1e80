import { z } from "zod";
import { issueKey } from "@/i18n/validation-messages";
import {
  ballotRules,
  ballotVisibilities,
  defaultQuorumBp,
  voteChoices,
} from "@/server/features/ballots/rules/ballot-rules";
import { idInput } from "@/server/features/accounts/contract";
import { decidePortfolioInput } from "@/server/features/fund/contract";

export const planLimits = { rationaleMax: 2_000, termsMax: 5_000, plansPerRound: 20 } as const;

const shareInput = z.object({
  regionId: idInput,
  costBp: z.number().int("Shares are whole basis points").min(0).max(10_000),
  benefitBp: z.number().int("Shares are whole basis points").min(0).max(10_000),
});

/** The sums are checked by server/features/ballots/rules/benefit-shares.ts in the service, which knows the regions. */
export const planDraftInput = z.object({
  shares: z.array(shareInput).min(1).max(50),
  rationale: z
    .string()
    .max(planLimits.rationaleMax, `The rationale must be at most ${planLimits.rationaleMax} characters`)
    .refine((v) => v.trim().length > 0, { message: "The rationale cannot be empty", ...issueKey("blank") }),
  terms: z.string().max(planLimits.termsMax, `The terms must be at most ${planLimits.termsMax} characters`).optional(),
});
export type PlanDraftInput = z.infer<typeof planDraftInput>;

export const proposePlanInput = planDraftInput.extend({ projectId: idInput });
export type ProposePlanInput = z.infer<typeof proposePlanInput>;

export const startingPlanInput = z.object({
  projectId: idInput,
  /** Each region's contribution in yuan; costs follow them. Equal shares when absent. */
  contributions: z
    .array(z.object({ regionId: idInput, yuan: z.number().int().min(0).max(1_000_000_000_000) }))
    .max(50)
    .optional(),
});

export const openBallotInput = z.object({
  projectId: idInput,
  closesAt: z.coerce.date(),
  rule: z.enum(ballotRules).default("regional_consent"),
  /** Share of each region's electorate that must vote, in basis points; half by default. The minimum is the domain's (QUORUM_TOO_LOW). */
  quorumBp: z.number().int().min(0).max(10_000).default(defaultQuorumBp),
  visibility: z.enum(ballotVisibilities).default("secret"),
  showRunningTallies: z.boolean().default(false),
});
export type OpenBallotInput = z.infer<typeof openBallotInput>;

export const newRoundInput = openBallotInput.omit({ projectId: true }).extend({
  ballotId: idInput,
  plans: z.array(planDraftInput).min(1).max(planLimits.plansPerRound),
});
export type NewRoundInput = z.infer<typeof newRoundInput>;

export const ballotIdInput = z.object({ ballotId: idInput });

/** `confirmEarlyClose`: an admin closes before every region met quorum; refused from anyone else. */
export const closeBallotInput = ballotIdInput.extend({ confirmEarlyClose: z.boolean().default(false) });
export type CloseBallotInput = z.infer<typeof closeBallotInput>;

export const consentInput = z.object({ projectId: idInput, consent: z.boolean() });
export type ConsentInput = z.infer<typeof consentInput>;

export const castVoteInput = z.object({
  ballotId: idInput,
  choices: z
    .array(z.object({ planId: idInput, choice: z.enum(voteChoices) }))
    .min(1)
    .max(planLimits.plansPerRound)
    .refine((list) => new Set(list.map((c) => c.planId)).size === list.length, "Mark each plan only once"),
});
export type CastVoteInput = z.infer<typeof castVoteInput>;

/**
 * A fund call's portfolio put to the regions: always under regional consent (issue #19.3), so no
 * rule is chosen; the method names which of the three portfolios, frozen when the ballot opens.
 */
export const openPortfolioBallotInput = openBallotInput
  .omit({ projectId: true, rule: true })
  .extend({ callId: idInput, method: decidePortfolioInput.shape.method, reason: decidePortfolioInput.shape.reason });
export type OpenPortfolioBallotInput = z.infer<typeof openPortfolioBallotInput>;

export const callIdInput = z.object({ callId: idInput });

/**
 * A revision of a funded project's cost shares (issue #19): new shares per region summing to 100 %
 * (the regions themselves are checked against the project in the service), and why. Always under
 * regional consent, like a portfolio ballot.
 */
export const proposeRevisionInput = openBallotInput.omit({ projectId: true, rule: true }).extend({
  submissionId: idInput,
  shares: z
    .array(z.object({ regionId: idInput, costBp: z.number().int("Shares are whole basis points").min(0).max(10_000) }))
    .min(1)
    .max(50)
    .refine((list) => list.reduce((sum, s) => sum + s.costBp, 0) === 10_000, {
      message: "The shares must add up to 10 000 basis points",
      ...issueKey("sharesSum"),
    }),
  reason: z
    .string()
    .max(planLimits.rationaleMax)
    .refine((v) => v.trim().length > 0, { message: "The reason cannot be empty", ...issueKey("blank") }),
});
export type ProposeRevisionInput = z.infer<typeof proposeRevisionInput>;
