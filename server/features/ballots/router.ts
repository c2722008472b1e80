import {
  ballotIdInput,
  callIdInput,
  castVoteInput,
  closeBallotInput,
  consentInput,
  newRoundInput,
  openBallotInput,
  openPortfolioBallotInput,
  proposePlanInput,
  proposeRevisionInput,
  startingPlanInput,
} from "./contract";
import { answeredWithPage } from "@/server/features/projects";
import { projectIdInput } from "@/server/features/projects/contract";
import { exportResultCsv, exportResultJson, getBallot, getResult, listProjectBallots } from "./ballot-results";
import { listPlans, proposePlan, startingPlan } from "./plans/benefit-plans";
import { castVote, myVotes } from "./cast-vote";
import { closeBallot } from "./close-ballot";
import { concludeWithoutAgreement, openBallot, openNewRound } from "./open-ballot";
import { openingState, setSimpleMajorityConsent } from "./plans/simple-majority-consent";
import { listCallBallots, openPortfolioBallot } from "./portfolio-ballot";
import { proposeRevision } from "./revision-ballot";
import { streamKey } from "@/server/domain/stream-access";
import { readAtStreamHead } from "@/server/infra/realtime/catch-up";
import {
  memberProcedure,
  publicProcedure,
  researcherProcedure,
  router,
  signedInProcedure,
  type Context,
} from "@/server/trpc/init";

/** The ballot page with the ballot stream's head from the same snapshot: the page follows from it. */
const ballotPage = (ctx: Pick<Context, "db" | "user">, ballotId: number) =>
  readAtStreamHead(ctx.db, streamKey({ kind: "ballot", id: ballotId }), (db) => getBallot({ db }, ctx.user, ballotId));

const openingPage = (ctx: Pick<Context, "db" | "user">, projectId: number) =>
  readAtStreamHead(ctx.db, streamKey({ kind: "project", id: projectId }), (db) =>
    openingState({ db }, ctx.user, projectId),
  );

/**
 * Benefit-sharing plans and the ballots on them. Roles are checked here; who the caller is to the
 * project (proposer, co-proposer), to the ballot (chair) and to its electorate is checked in the
 * services.
 */
const plansRouter = router({
  list: publicProcedure.input(projectIdInput).query(({ ctx, input }) => listPlans(ctx, ctx.user, input.projectId)),
  startingPlan: publicProcedure.input(startingPlanInput).query(({ ctx, input }) => startingPlan(ctx, ctx.user, input)),
  // Researchers may propose when they are the project's proposers; the service checks that.
  propose: researcherProcedure.input(proposePlanInput).mutation(({ ctx, input }) => proposePlan(ctx, ctx.user, input)),
});

export const ballotsRouter = router({
  plans: plansRouter,
  forProject: publicProcedure
    .input(projectIdInput)
    .query(({ ctx, input }) => listProjectBallots(ctx, ctx.user, input.projectId)),
  get: publicProcedure.input(ballotIdInput).query(({ ctx, input }) => ballotPage(ctx, input.ballotId)),
  result: publicProcedure.input(ballotIdInput).query(({ ctx, input }) => getResult(ctx, ctx.user, input.ballotId)),
  exportCsv: publicProcedure
    .input(ballotIdInput)
    .query(({ ctx, input }) => exportResultCsv(ctx, ctx.user, input.ballotId)),
  exportJson: publicProcedure
    .input(ballotIdInput)
    .query(({ ctx, input }) => exportResultJson(ctx, ctx.user, input.ballotId)),
  myVotes: signedInProcedure.input(ballotIdInput).query(({ ctx, input }) => myVotes(ctx, ctx.user, input.ballotId)),

  // With the project page as the chair now sees it (voting), which the page sets instead of reading again.
  open: memberProcedure
    .input(openBallotInput)
    .mutation(({ ctx, input }) =>
      answeredWithPage(ctx.db, ctx.user, input.projectId, openBallot(ctx, ctx.user, input)),
    ),
  // Admins pass the role check but are never in the electorate, so the service refuses them too.
  castVote: memberProcedure.input(castVoteInput).mutation(({ ctx, input }) => castVote(ctx, ctx.user, input)),
  // With the ballot page as the chair now sees it, read after the commit: the panel sets it instead of reading again.
  // Only the page: the stored result holds what a secret ballot's page hides from everyone, the chair included.
  close: memberProcedure.input(closeBallotInput).mutation(async ({ ctx, input }) => {
    const { ballotId, closedNow } = await closeBallot(ctx, ctx.user, input.ballotId, {
      confirmEarlyClose: input.confirmEarlyClose,
    });
    return { ballotId, closedNow, page: await ballotPage(ctx, input.ballotId) };
  }),
  /**
   * Before the vote: the regions' consents to simple majority and what the caller may do, with the
   * project stream's head (consents change on it); `consent` gives or withdraws their region's and
   * answers with the same read after its commit, which the panel sets instead of reading again.
   */
  opening: publicProcedure.input(projectIdInput).query(({ ctx, input }) => openingPage(ctx, input.projectId)),
  consent: memberProcedure.input(consentInput).mutation(async ({ ctx, input }) => {
    await setSimpleMajorityConsent(ctx, ctx.user, input);
    return openingPage(ctx, input.projectId);
  }),
  /** A fund call's portfolio ballots (issue #19.3); the fund's managers (admin or chair) open one, checked in the service. */
  forCall: publicProcedure.input(callIdInput).query(({ ctx, input }) => listCallBallots(ctx, ctx.user, input.callId)),
  openPortfolio: memberProcedure
    .input(openPortfolioBallotInput)
    .mutation(({ ctx, input }) => openPortfolioBallot(ctx, ctx.user, input)),
  /** A funded project's cost shares put back to its regions when payments drifted (issue #19); team or fund managers, checked in the service. */
  proposeRevision: researcherProcedure
    .input(proposeRevisionInput)
    .mutation(({ ctx, input }) => proposeRevision(ctx, ctx.user, input)),
  newRound: memberProcedure.input(newRoundInput).mutation(({ ctx, input }) => openNewRound(ctx, ctx.user, input)),
  concludeWithoutAgreement: memberProcedure
    .input(ballotIdInput)
    .mutation(({ ctx, input }) => concludeWithoutAgreement(ctx, ctx.user, input.ballotId)),
});
