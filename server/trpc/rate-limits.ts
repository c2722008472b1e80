import type { SessionUser } from "@/server/infra/auth/session";
import { limitEdits, type RateLimitStore } from "@/server/infra/rate-limit";
import type { Context } from "./init";

/**
 * The process's abuse-limit store, from the context createApp (or a test's deps) built. A context without
 * one is a wiring mistake, refused loudly rather than given a limiter no other request shares.
 */
export function rateLimitStore(ctx: Pick<Context, "rateLimits">): RateLimitStore {
  if (!ctx.rateLimits) throw new Error("No rate-limit store in the request context: build it with createApp");
  return ctx.rateLimits;
}

/** Called first by every edit procedure (comment, project, topic): one budget per person across them. */
export async function countEdit(ctx: Pick<Context, "rateLimits">, user: SessionUser): Promise<void> {
  await limitEdits(rateLimitStore(ctx), user.id);
}
