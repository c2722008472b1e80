import { initTRPC } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import type { Role } from "@/db/schema/core/enums";
import type { SessionUser } from "@/server/infra/auth/session";
import { containsUnstorableText } from "../domain/input-text";
import { toFieldIssue } from "@/i18n/validation-messages";
import type { Locale } from "@/shared/vocabulary";
import { AppError, toTrpcError } from "../errors";
import { serverMessage } from "./messages";
import type { Metrics } from "@/server/infra/observability/metrics";
import type { ServiceDeps } from "@/server/infra/deps";
import type { RateLimitStore } from "@/server/infra/rate-limit";

export interface Context extends ServiceDeps {
  user: SessionUser | null;
  /** The language of the page that asked (its cookie or the browser's), for every message sent back. */
  locale: Locale;
  /** The caller's peer address, for per-address abuse limits; null where there is no HTTP request. */
  address: string | null;
  /** The HTTP request's id (X-Request-Id), so a person can quote what support finds in the log. */
  requestId: string | null;
  /** Signs and encrypts what the server keeps secret (two-factor secrets); from the app's runtime. */
  authSecret?: string;
  /** Demo mode (XIETONG_DEMO): staff may skip two-factor enrolment. */
  demo?: boolean;
  /** Procedure timings for /api/metrics; absent in tests, where timing costs nothing. */
  metrics?: Metrics | null;
}

/** What createApp hands every context besides the use-cases' deps. */
export type ContextDeps = ServiceDeps & Pick<Context, "authSecret" | "demo" | "metrics">;

/** Pure, so tests build a caller without HTTP: `appRouter.createCaller(createContextInner(...))`. */
export function createContextInner(
  deps: ContextDeps,
  user: SessionUser | null,
  request: { locale?: Locale; address?: string | null; rateLimits?: RateLimitStore; requestId?: string | null } = {},
): Context {
  return {
    ...deps,
    rateLimits: request.rateLimits ?? deps.rateLimits,
    user,
    locale: request.locale ?? user?.locale ?? "zh-CN",
    address: request.address ?? null,
    requestId: request.requestId ?? null,
  };
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  // Never send stack traces, in any mode.
  isDev: false,
  errorFormatter({ shape, error, ctx }) {
    const zodError = error.cause instanceof ZodError ? error.cause : null;
    const reason = error.cause instanceof AppError ? error.cause.reason : null;
    const fieldErrors = zodError ? zodError.issues.map(toFieldIssue) : null;
    return {
      ...shape,
      // Clients show the structured data in their own catalogue; the message is for anyone else, in the page's language.
      message: serverMessage(ctx?.locale ?? "zh-CN", { code: shape.data.code, reason, fieldErrors }),
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        reason,
        fieldErrors,
        // Only for failures of ours: the reference a person quotes, which finds the logged line.
        requestId: shape.data.code === "INTERNAL_SERVER_ERROR" ? (ctx?.requestId ?? null) : null,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Expected failures (AppError) become their tRPC code once, here, for every procedure. */
const mapAppErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) throw toTrpcError(result.error.cause);
  return result;
});

/** Durations by procedure for /api/metrics; a no-op where no metrics registry runs (tests). */
const timeProcedure = t.middleware(async ({ ctx, path, type, next }) => {
  const metrics = ctx.metrics;
  if (!metrics) return next();
  const end = metrics.procedureDuration.startTimer({ procedure: path, type });
  const result = await next();
  end({ outcome: result.ok ? "ok" : result.error.code });
  return result;
});

/** Runs before input validation, on the raw input, for every procedure. */
const refuseUnstorableText = t.middleware(async ({ getRawInput, next }) => {
  if (containsUnstorableText(await getRawInput()))
    throw toTrpcError(
      new AppError(
        "UNSTORABLE_TEXT",
        "Text cannot contain the NUL character (U+0000) or half of a character (a lone surrogate).",
      ),
    );
  return next();
});

export const publicProcedure = t.procedure.use(timeProcedure).use(mapAppErrors).use(refuseUnstorableText);

/** What a moderator or admin who has not yet set up two-factor sign-in may still reach. */
const beforeEnrolment = ["account.", "twoFactor."];

export const signedInProcedure = publicProcedure.use(({ ctx, path, next }) => {
  if (!ctx.user) throw toTrpcError(new AppError("NOT_SIGNED_IN", "Please sign in to continue."));
  if (ctx.user.enrolmentRequired && !beforeEnrolment.some((prefix) => path.startsWith(prefix))) {
    throw toTrpcError(
      new AppError("TWO_FACTOR_REQUIRED", "Set up two-factor sign-in on your profile page before anything else."),
    );
  }
  // tRPC merges the override into the context: naming only `user` narrows its type without a copy of the whole context.
  return next({ ctx: { user: ctx.user } });
});

export function roleProcedure(...allowed: readonly Role[]) {
  return signedInProcedure.use(({ ctx, next }) => {
    if (!allowed.includes(ctx.user.role)) {
      throw toTrpcError(new AppError("ROLE_REQUIRED", `This action is for ${allowed.join(" or ")} accounts.`));
    }
    return next();
  });
}

export const memberProcedure = roleProcedure("member", "admin");
export const researcherProcedure = roleProcedure("researcher", "member", "admin");
export const moderatorProcedure = roleProcedure("moderator", "admin");
export const adminProcedure = roleProcedure("admin");
