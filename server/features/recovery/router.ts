import {
  accountIdInput,
  invitationIdInput,
  requestPasswordResetInput,
  resetPasswordInput,
  resetTokenInput,
} from "./contract";
import { renewInvitation } from "@/server/features/accounts";
import { checkResetLink, recoveryHelp, requestPasswordReset, resetPassword, sendPasswordReset } from "./password-reset";
import { adminProcedure, publicProcedure, router } from "@/server/trpc/init";

export const recoveryRouter = router({
  help: publicProcedure.query(({ ctx }) => recoveryHelp(ctx)),
  /** Answers the same whether or not the address has an account. */
  request: publicProcedure
    .input(requestPasswordResetInput)
    .mutation(({ ctx, input }) => requestPasswordReset(ctx, input, ctx.address)),
  check: publicProcedure.input(resetTokenInput).query(({ ctx, input }) => checkResetLink(ctx, input.token)),
  reset: publicProcedure.input(resetPasswordInput).mutation(({ ctx, input }) => resetPassword(ctx, input)),
  sendReset: adminProcedure
    .input(accountIdInput)
    .mutation(({ ctx, input }) => sendPasswordReset(ctx, ctx.user, input.accountId)),
  renewInvitation: adminProcedure
    .input(invitationIdInput)
    .mutation(({ ctx, input }) => renewInvitation(ctx, ctx.user, input.invitationId, ctx.locale)),
});
