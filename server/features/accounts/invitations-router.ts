import { z } from "zod";
import { idInput, invitationTokenInput, issueInvitationInput, redeemInvitationInput } from "./contract";
import { issueInvitation, listInvitations, previewInvitation, redeemInvitation, revokeInvitation } from "./invitations";
import { adminProcedure, publicProcedure, router } from "@/server/trpc/init";

export const invitationsRouter = router({
  issue: adminProcedure.input(issueInvitationInput).mutation(({ ctx, input }) => issueInvitation(ctx, ctx.user, input)),
  list: adminProcedure.query(({ ctx }) => listInvitations(ctx)),
  revoke: adminProcedure
    .input(z.object({ id: idInput }))
    .mutation(({ ctx, input }) => revokeInvitation(ctx, ctx.user, input.id)),
  preview: publicProcedure.input(invitationTokenInput).query(({ ctx, input }) => previewInvitation(ctx, input.token)),
  redeem: publicProcedure.input(redeemInvitationInput).mutation(({ ctx, input }) => redeemInvitation(ctx, input)),
});
