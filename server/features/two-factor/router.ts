import { twoFactorChangeInput } from "./contract";
import { beginEnrolment, confirmEnrolment, disableTwoFactor, twoFactorStatus, type TwoFactorDeps } from "./two-factor";
import type { RateLimitStore } from "@/server/infra/rate-limit";
import { router, signedInProcedure, type Context } from "@/server/trpc/init";
import { rateLimitStore } from "@/server/trpc/rate-limits";

/** Two-factor secrets are encrypted with the auth secret: a context without it cannot serve these. */
function deps(ctx: Context): TwoFactorDeps & { store: RateLimitStore } {
  if (!ctx.authSecret) throw new Error("No auth secret in the request context: build it with createApp");
  return { ...ctx, authSecret: ctx.authSecret, demo: ctx.demo ?? false, store: rateLimitStore(ctx) };
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
