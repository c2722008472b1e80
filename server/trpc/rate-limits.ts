import { randomBytes } from "node:crypto";
import { getRuntime } from "../runtime";
import type { SessionUser } from "@/server/infra/auth/session";
import { createMemoryRateLimitStore, limitEdits, type RateLimitStore } from "@/server/infra/rate-limit";

/**
 * Callers built without the server's runtime (tests) get demo mode off, a process-local limiter, and
 * NEXTAUTH_SECRET or else a process-local key.
 */
const fallback = { store: createMemoryRateLimitStore(), secret: randomBytes(32).toString("base64url") };
export function runtimeParts(): { demo: boolean; store: RateLimitStore; authSecret: string } {
  try {
    const runtime = getRuntime();
    return { demo: runtime.demo, store: runtime.rateLimits, authSecret: runtime.authSecret };
  } catch {
    return { demo: false, store: fallback.store, authSecret: process.env.NEXTAUTH_SECRET || fallback.secret };
  }
}

export const rateLimitStore = (): RateLimitStore => runtimeParts().store;

/** Called first by every edit procedure (comment, project, topic): one budget per person across them. */
export async function countEdit(user: SessionUser): Promise<void> {
  await limitEdits(rateLimitStore(), user.id);
}
