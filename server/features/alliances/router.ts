import { streamKey } from "@/server/domain/stream-access";
import { readAtStreamHead } from "@/server/infra/realtime/catch-up";
import { publicProcedure, researcherProcedure, router, signedInProcedure } from "@/server/trpc/init";
import { countEdit } from "@/server/trpc/rate-limits";
import {
  allianceIdInput,
  answerInvitationInput,
  clusterMatrixInput,
  foundAllianceInput,
  homeProjectInput,
  inviteOrganisationInput,
  listAlliancesInput,
  matrixExportInput,
} from "./contract";
import { exportMatrix } from "./export-matrix";
import { foundAlliance } from "./found-alliance";
import { answerInvitation, homeProject, inviteOrganisation } from "./memberships";
import { allianceMatrix, clusterMatrix, getAlliance, homeableProjects, listAlliances } from "./read-alliances";

/**
 * Industrial alliances. Reading is public; founding needs a researcher or member who acts for an
 * organisation; who acts for which member is checked in the use-cases.
 */
export const alliancesRouter = router({
  list: publicProcedure.input(listAlliancesInput).query(({ ctx, input }) => listAlliances(ctx.db, input)),
  // With the alliance stream's head from the same snapshot: the page follows the stream from it.
  get: publicProcedure
    .input(allianceIdInput)
    .query(({ ctx, input }) =>
      readAtStreamHead(ctx.db, streamKey({ kind: "alliance", id: input.allianceId }), (db) =>
        getAlliance(db, ctx.user, input.allianceId),
      ),
    ),
  matrix: publicProcedure.input(allianceIdInput).query(({ ctx, input }) => allianceMatrix(ctx.db, input.allianceId)),
  clusterMatrix: publicProcedure
    .input(clusterMatrixInput)
    .query(({ ctx, input }) => clusterMatrix(ctx.db, input.clusterCode)),
  export: publicProcedure.input(matrixExportInput).query(({ ctx, input }) => exportMatrix(ctx.db, input)),
  homeableProjects: signedInProcedure.query(({ ctx }) => homeableProjects(ctx.db, ctx.user)),

  found: researcherProcedure.input(foundAllianceInput).mutation(async ({ ctx, input }) => {
    await countEdit(ctx, ctx.user);
    return foundAlliance(ctx, ctx.user, input);
  }),
  invite: signedInProcedure.input(inviteOrganisationInput).mutation(async ({ ctx, input }) => {
    await countEdit(ctx, ctx.user);
    return inviteOrganisation(ctx, ctx.user, input);
  }),
  answer: signedInProcedure
    .input(answerInvitationInput)
    .mutation(({ ctx, input }) => answerInvitation(ctx, ctx.user, input)),
  homeProject: signedInProcedure
    .input(homeProjectInput)
    .mutation(({ ctx, input }) => homeProject(ctx, ctx.user, input)),
});
