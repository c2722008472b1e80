import { twoFactorChangeInput } from "./contract";
import { beginEnrolment, confirmEnrolment, disableTwoFactor, twoFactorStatus, type TwoFactorDeps } from "./two-factor";
import type { RateLimitStore } from "@/server/infra/rate-limit";
import { router, signedInProcedure, type Context } from "@/server/trpc/init";
import { runtimeParts } from "@/server/trpc/rate-limits";

function deps(ctx: Context): TwoFactorDeps & { store: RateLimitStore } {
  return { ...ctx, ...runtimeParts() };
}

export const twoFactorRouter = router({
  status: signedInProcedure.query(({ ctx }) => twoFactorStatus(deps(ctx), ctx.user)),
  begin: signedInProcedure.mutation(({ ctx }) => beginEnrolment(deps(ctx), ctx.user)),
  confirm: signedInProcedure.input(twoFactorChangeInput).mutation(({ ctx, input }) => {
    const d = deps(ctx);
    return confirmEnrolment(d, d.store, ctx.user, input);
  }),
  disable: signedInProcedure.input(twoFactorChangeInput).mutation(({ ctx, input }) => {
    const d = deps(ctx);
    return disableTwoFactor(d, d.store, ctx.user, input);
  }),
});
