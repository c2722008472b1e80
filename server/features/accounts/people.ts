import type { Db } from "@/db/client";
import type { SessionUser } from "@/server/infra/auth/session";
import { AppError } from "@/server/errors";
import { publicProfile } from "./mentions";
import type { RateLimitStore } from "@/server/infra/rate-limit";

/** Profile views a signed-out address may make per window: enough to follow the authors of a thread, not to walk every id. */
const anonymousViews = { limit: 30, windowMs: 10 * 60 * 1000 };

export interface ProfileViewer {
  user: SessionUser | null;
  /** The peer address server/main.ts saw; null in-process without HTTP. */
  address: string | null;
  rateLimits?: RateLimitStore | null;
}

/**
 * A person's page. Names and regions are already public beside every comment; organisation, role and
 * joining date are for fellow participants, so a signed-out visitor sees only the former, and a limited
 * number of pages per address, which stops the sequential ids from being walked to list everyone.
 */
export async function viewProfile(db: Db, viewer: ProfileViewer, accountId: number) {
  if (!viewer.user && viewer.rateLimits) {
    const views = await viewer.rateLimits.hit(`people:${viewer.address ?? "unknown"}`, anonymousViews.windowMs);
    if (views > anonymousViews.limit)
      throw new AppError("RATE_LIMITED", "Too many profiles viewed; sign in or try again later");
  }
  const { organisation, role, createdAt, ...open } = await publicProfile(db, accountId);
  return { ...open, details: viewer.user ? { organisation, role, createdAt } : null };
}
