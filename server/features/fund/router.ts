import {
  adminProcedure,
  memberProcedure,
  publicProcedure,
  researcherProcedure,
  router,
  signedInProcedure,
} from "@/server/trpc/init";
import {
  addMilestoneInput,
  advanceCallInput,
  assignmentIdInput,
  assignReviewerInput,
  callIdInput,
  completeMilestoneInput,
  createCallInput,
  declareInput,
  decidePortfolioInput,
  exportCallInput,
  fundAccountabilityInput,
  listCallsInput,
  moveMilestoneInput,
  postProgressInput,
  recordDisbursementInput,
  recordOutcomeInput,
  setDriftThresholdInput,
  setReviewDueInput,
  setReviewerInput,
  submitProposalInput,
  submitReviewInput,
} from "./contract";
import { advanceCall, createCall, getCall, listCalls, setReviewDue } from "./calls";
import { exportCall } from "./exports";
import { fundAccountability } from "./fund-accountability";
import { addMilestone, completeMilestone, moveMilestone } from "./milestones";
import { recordOutcome } from "./outcomes";
import { comparePortfolios, decidePortfolio } from "./portfolio";
import { accountability, exportResultsCsv, postProgress, recordDisbursement } from "./results";
import { setDriftThreshold } from "./revisions";
import {
  assignReviewer,
  declareNoConflict,
  getAssignment,
  listReviewerCandidates,
  myAssignments,
  setReviewer,
  submitReview,
} from "./reviews";
import { listProposals, mySubmittableProjects, submitProposal } from "./submissions";

/**
 * The joint fund. Roles are gated here; who the caller is to a call (manager: admin or chair), to a
 * proposal (its team) and to an assignment (its reviewer) is checked in the use-cases.
 */
export const fundRouter = router({
  list: publicProcedure.input(listCallsInput).query(({ ctx, input }) => listCalls(ctx, ctx.user, input)),
  get: publicProcedure.input(callIdInput).query(({ ctx, input }) => getCall(ctx, ctx.user, input.callId)),
  create: memberProcedure.input(createCallInput).mutation(({ ctx, input }) => createCall(ctx, ctx.user, input)),
  advance: memberProcedure.input(advanceCallInput).mutation(({ ctx, input }) => advanceCall(ctx, ctx.user, input)),
  proposals: publicProcedure.input(callIdInput).query(({ ctx, input }) => listProposals(ctx, ctx.user, input.callId)),
  submittable: researcherProcedure
    .input(callIdInput)
    .query(({ ctx, input }) => mySubmittableProjects(ctx, ctx.user, input.callId)),
  submit: researcherProcedure
    .input(submitProposalInput)
    .mutation(({ ctx, input }) => submitProposal(ctx, ctx.user, input)),
  reviewerCandidates: memberProcedure.query(({ ctx }) => listReviewerCandidates(ctx, ctx.user)),
  setReviewer: adminProcedure.input(setReviewerInput).mutation(({ ctx, input }) => setReviewer(ctx, ctx.user, input)),
  assign: memberProcedure.input(assignReviewerInput).mutation(({ ctx, input }) => assignReviewer(ctx, ctx.user, input)),
  myAssignments: signedInProcedure.query(({ ctx }) => myAssignments(ctx, ctx.user)),
  assignment: signedInProcedure.input(assignmentIdInput).query(({ ctx, input }) => getAssignment(ctx, ctx.user, input)),
  declare: signedInProcedure.input(declareInput).mutation(({ ctx, input }) => declareNoConflict(ctx, ctx.user, input)),
  review: signedInProcedure.input(submitReviewInput).mutation(({ ctx, input }) => submitReview(ctx, ctx.user, input)),
  portfolios: publicProcedure
    .input(callIdInput)
    .query(({ ctx, input }) => comparePortfolios(ctx, ctx.user, input.callId)),
  decide: memberProcedure
    .input(decidePortfolioInput)
    .mutation(({ ctx, input }) => decidePortfolio(ctx, ctx.user, input)),
  results: publicProcedure.input(callIdInput).query(({ ctx, input }) => accountability(ctx, ctx.user, input.callId)),
  exportCsv: publicProcedure
    .input(callIdInput)
    .query(({ ctx, input }) => exportResultsCsv(ctx, ctx.user, input.callId)),
  exportCall: publicProcedure.input(exportCallInput).query(({ ctx, input }) => exportCall(ctx, ctx.user, input)),
  addMilestone: researcherProcedure
    .input(addMilestoneInput)
    .mutation(({ ctx, input }) => addMilestone(ctx, ctx.user, input)),
  completeMilestone: researcherProcedure
    .input(completeMilestoneInput)
    .mutation(({ ctx, input }) => completeMilestone(ctx, ctx.user, input)),
  disburse: memberProcedure
    .input(recordDisbursementInput)
    .mutation(({ ctx, input }) => recordDisbursement(ctx, ctx.user, input)),
  progress: researcherProcedure
    .input(postProgressInput)
    .mutation(({ ctx, input }) => postProgress(ctx, ctx.user, input)),
  moveMilestone: researcherProcedure
    .input(moveMilestoneInput)
    .mutation(({ ctx, input }) => moveMilestone(ctx, ctx.user, input)),
  recordOutcome: researcherProcedure
    .input(recordOutcomeInput)
    .mutation(({ ctx, input }) => recordOutcome(ctx, ctx.user, input)),
  setReviewDue: memberProcedure
    .input(setReviewDueInput)
    .mutation(({ ctx, input }) => setReviewDue(ctx, ctx.user, input)),
  /** How far actual cost shares may drift before a revision may be proposed (issue #19); admins only. */
  setDriftThreshold: adminProcedure
    .input(setDriftThresholdInput)
    .mutation(({ ctx, input }) => setDriftThreshold(ctx, ctx.user, input)),
  accountability: publicProcedure
    .input(fundAccountabilityInput)
    .query(({ ctx, input }) => fundAccountability(ctx, input)),
});
