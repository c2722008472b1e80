import { createHash, randomBytes } from "node:crypto";
import { and, count, desc, eq, isNull } from "drizzle-orm";
import type { z } from "zod";
import { accounts, calendarFeeds, regions } from "@/db/schema";
import { calendarFeedLimit } from "@/shared/calendar-feed-vocabulary";
import { AppError } from "../../errors";
import { recordAudit } from "../../infra/audit";
import type { SessionUser } from "../../infra/auth/session";
import { retryTransaction } from "../../infra/transact";
import type { ServiceDeps } from "../../infra/deps";
import type { createFeedInput, feedIdInput } from "./contract";
import { feedRefusal } from "./rules";

type Deps = Pick<ServiceDeps, "db" | "now" | "onTransactionRetry">;

/** Only this hash of a feed's token is stored: 32 random bytes cannot be found again by guessing. */
export const hashFeedToken = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

/**
 * Creates a feed and answers its token once, as API keys are issued. The caller's role and region
 * are read from the row, so a region feed follows the region the account has now.
 */
export async function createFeed(deps: Deps, user: SessionUser, input: z.output<typeof createFeedInput>) {
  // Drawn once, outside: a retried attempt stores the same token it answers.
  const token = randomBytes(32).toString("base64url");
  return retryTransaction(deps, async (tx) => {
    const [owner] = await tx
      .select({ role: accounts.role, regionId: accounts.regionId })
      .from(accounts)
      .where(eq(accounts.id, user.id))
      // Serialises one account's creations, so two at once cannot both pass the limit below.
      .for("update");
    if (!owner) throw new AppError("ACCOUNT_NOT_FOUND", "That account no longer exists");
    const refusal = feedRefusal(owner, input);
    if (refusal) throw new AppError(refusal, "A region feed is for your own region");
    const regionId = input.scope === "region" ? input.regionId! : null;
    if (regionId !== null) {
      const [region] = await tx.select({ id: regions.id }).from(regions).where(eq(regions.id, regionId));
      if (!region) throw new AppError("REGION_NOT_FOUND", "No such region");
    }
    const [active] = await tx
      .select({ n: count() })
      .from(calendarFeeds)
      .where(and(eq(calendarFeeds.accountId, user.id), isNull(calendarFeeds.revokedAt)));
    if ((active?.n ?? 0) >= calendarFeedLimit)
      throw new AppError("CALENDAR_FEED_LIMIT", `At most ${calendarFeedLimit} active calendar feeds per account`);
    const [row] = await tx
      .insert(calendarFeeds)
      .values({
        accountId: user.id,
        scope: input.scope,
        regionId,
        tokenHash: hashFeedToken(token),
        locale: input.locale,
        createdAt: deps.now(),
      })
      .returning({ id: calendarFeeds.id });
    await recordAudit(tx, {
      actorId: user.id,
      action: "calendar_feed.create",
      targetType: "calendar_feed",
      targetId: row!.id,
      after: { scope: input.scope, regionId, locale: input.locale },
    });
    return { id: row!.id, token };
  });
}

/** The caller's own feeds, newest first, revoked ones included so the page shows what was turned off. */
export async function listFeeds(deps: Pick<Deps, "db">, user: SessionUser) {
  return deps.db
    .select({
      id: calendarFeeds.id,
      scope: calendarFeeds.scope,
      regionId: calendarFeeds.regionId,
      locale: calendarFeeds.locale,
      createdAt: calendarFeeds.createdAt,
      lastUsedAt: calendarFeeds.lastUsedAt,
      revokedAt: calendarFeeds.revokedAt,
    })
    .from(calendarFeeds)
    .where(eq(calendarFeeds.accountId, user.id))
    .orderBy(desc(calendarFeeds.id))
    .limit(100);
}

/** Turns a feed off for good: by its owner, or by an admin (role read from the row). Unknown to others. */
export async function revokeFeed(deps: Deps, user: SessionUser, input: z.output<typeof feedIdInput>) {
  await retryTransaction(deps, async (tx) => {
    const [actor] = await tx.select({ role: accounts.role }).from(accounts).where(eq(accounts.id, user.id));
    const [feed] = await tx.select().from(calendarFeeds).where(eq(calendarFeeds.id, input.feedId)).for("update");
    if (!feed || !actor || (feed.accountId !== user.id && actor.role !== "admin"))
      throw new AppError("NOT_FOUND", "No such calendar feed");
    if (feed.revokedAt) return;
    await tx.update(calendarFeeds).set({ revokedAt: deps.now() }).where(eq(calendarFeeds.id, feed.id));
    await recordAudit(tx, {
      actorId: user.id,
      action: "calendar_feed.revoke",
      targetType: "calendar_feed",
      targetId: feed.id,
      before: { ownerId: feed.accountId, scope: feed.scope, regionId: feed.regionId },
    });
  });
}
