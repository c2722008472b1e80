import { appCodeInput } from "../../contracts/two-factor";
import { authSecretForTwoFactor } from "../../auth/two-factor-crypto";
import { getRuntime } from "../../runtime";
import { beginEnrolment, confirmEnrolment, disableTwoFactor, twoFactorStatus, type TwoFactorDeps } from "../../services/two-factor";
import { createMemoryRateLimitStore, type RateLimitStore } from "../../services/rate-limit";
import { router, signedInProcedure, type Context } from "../init";

/** Tests run without the server's runtime: demo off, and a process-local limiter. */
const fallbackStore = createMemoryRateLimitStore();
function runtimeParts(): { demo: boolean; store: RateLimitStore } {
  try {
    const runtime = getRuntime();
    return { demo: runtime.demo, store: runtime.rateLimits };
  } catch {
    return { demo: false, store: fallbackStore };
  }
}

function deps(ctx: Context): TwoFactorDeps & { store: RateLimitStore } {
  const { demo, store } = runtimeParts();
  return { ...ctx, authSecret: authSecretForTwoFactor(), demo, store };
}

export const twoFactorRouter = router({
  status: signedInProcedure.query(({ ctx }) => twoFactorStatus(deps(ctx), ctx.user)),
  begin: signedInProcedure.mutation(({ ctx }) => beginEnrolment(deps(ctx), ctx.user)),
  confirm: signedInProcedure.input(appCodeInput).mutation(({ ctx, input }) => {
    const d = deps(ctx);
    return confirmEnrolment(d, d.store, ctx.user, input);
  }),
  disable: signedInProcedure.input(appCodeInput).mutation(({ ctx, input }) => {
    const d = deps(ctx);
    return disableTwoFactor(d, d.store, ctx.user, input);
  }),
});
