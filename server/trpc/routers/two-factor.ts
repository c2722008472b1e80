import { randomBytes } from "node:crypto";
import { appCodeInput } from "../../contracts/two-factor";
import { getRuntime } from "../../runtime";
import { beginEnrolment, confirmEnrolment, disableTwoFactor, twoFactorStatus, type TwoFactorDeps } from "../../services/two-factor";
import { createMemoryRateLimitStore, type RateLimitStore } from "../../services/rate-limit";
import { router, signedInProcedure, type Context } from "../init";

/**
 * Callers built without the server's runtime (tests) get demo mode off, a process-local limiter, and
 * NEXTAUTH_SECRET or else a process-local key.
 */
const fallback = { store: createMemoryRateLimitStore(), secret: randomBytes(32).toString("base64url") };
function runtimeParts(): { demo: boolean; store: RateLimitStore; authSecret: string } {
  try {
    const runtime = getRuntime();
    return { demo: runtime.demo, store: runtime.rateLimits, authSecret: runtime.authSecret };
  } catch {
    return { demo: false, store: fallback.store, authSecret: process.env.NEXTAUTH_SECRET || fallback.secret };
  }
}

function deps(ctx: Context): TwoFactorDeps & { store: RateLimitStore } {
  return { ...ctx, ...runtimeParts() };
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
