import { readAtStreamHead } from "@/server/infra/realtime/catch-up";
import {
  moderatorProcedure,
  publicProcedure,
  researcherProcedure,
  roleProcedure,
  router,
  signedInProcedure,
} from "@/server/trpc/init";
import {
  addStatementInput,
  createRoundInput,
  exportInput,
  moderateStatementInput,
  opinionVoteInput,
  organisationKindInput,
  promoteInput,
  roundIdInput,
  roundsOfInput,
  statementFromCommentInput,
} from "./contract";
import { exportRound } from "./export-round";
import { myOrganisationKind, setOrganisationKind } from "./organisation-kind";
import { promoteStatement } from "./promote-statement";
import { roundStream } from "./round-access";
import { closeRound, createRound, getRound, listRounds, myCommentsForRound } from "./rounds";
import { addStatement, moderateStatement, statementFromComment } from "./statements";
import { nextStatementFor, voteOnStatement } from "./vote-statement";

/** Opinion rounds: reads are as public as the round's topic; contributions need an account. */
export const opinionsRouter = router({
  // With the round stream's head from the same snapshot: the page follows the stream from it.
  get: publicProcedure
    .input(roundIdInput)
    .query(({ ctx, input }) =>
      readAtStreamHead(ctx.db, roundStream(input.roundId), (db) => getRound(db, ctx.user, input.roundId)),
    ),
  list: publicProcedure.input(roundsOfInput).query(({ ctx, input }) => listRounds(ctx, ctx.user, input)),
  create: roleProcedure("member", "moderator", "admin")
    .input(createRoundInput)
    .mutation(({ ctx, input }) => createRound(ctx, ctx.user, input)),
  close: signedInProcedure.input(roundIdInput).mutation(({ ctx, input }) => closeRound(ctx, ctx.user, input.roundId)),
  addStatement: researcherProcedure
    .input(addStatementInput)
    .mutation(({ ctx, input }) => addStatement(ctx, ctx.user, input)),
  statementFromComment: researcherProcedure
    .input(statementFromCommentInput)
    .mutation(({ ctx, input }) => statementFromComment(ctx, ctx.user, input)),
  myComments: signedInProcedure
    .input(roundIdInput)
    .query(({ ctx, input }) => myCommentsForRound(ctx.db, ctx.user, input.roundId)),
  next: signedInProcedure.input(roundIdInput).query(({ ctx, input }) => nextStatementFor(ctx, ctx.user, input.roundId)),
  vote: signedInProcedure.input(opinionVoteInput).mutation(({ ctx, input }) => voteOnStatement(ctx, ctx.user, input)),
  moderate: moderatorProcedure
    .input(moderateStatementInput)
    .mutation(({ ctx, input }) => moderateStatement(ctx, ctx.user, input)),
  export: signedInProcedure
    .input(exportInput)
    .query(({ ctx, input }) => exportRound(ctx.db, ctx.user, input.roundId, input.format)),
  promote: researcherProcedure.input(promoteInput).mutation(({ ctx, input }) => promoteStatement(ctx, ctx.user, input)),
  myOrganisationKind: signedInProcedure.query(({ ctx }) => myOrganisationKind(ctx.db, ctx.user)),
  setOrganisationKind: signedInProcedure
    .input(organisationKindInput)
    .mutation(({ ctx, input }) => setOrganisationKind(ctx, ctx.user, input.kind)),
});
