import { inArray } from "drizzle-orm";
import { achievements, needMatchNotices, technologyNeeds } from "@/db/schema";
import type { z } from "zod";
import type { SessionUser } from "@/server/infra/auth/session";
import type { ServiceDeps } from "@/server/infra/deps";
import type { createNeedInput } from "./contract";
import { notify } from "@/server/features/notifications";
import { transact } from "@/server/infra/transact";
import { matchNoticeThreshold } from "./rules/matching";
import { strongMatches } from "./match";
import { createNeed } from "./needs";

type Deps = Pick<ServiceDeps, "db" | "publisher" | "now">;

/**
 * After an achievement is published or a need posted (and committed, so the index holds it): each
 * need poster hears of a match above the threshold, once per need × achievement however often the
 * achievement is republished. The notice names the achievement, never a contact or a price.
 */
export async function announceMatches(
  deps: Deps,
  subject: { achievementIds: readonly number[] } | { needId: number },
): Promise<number> {
  const strong = await strongMatches(deps.db, subject, matchNoticeThreshold);
  if (strong.length === 0) return 0;
  return transact(deps, async (tx, emit) => {
    const fresh = await tx
      .insert(needMatchNotices)
      .values(strong.map((m) => ({ ...m, createdAt: deps.now() })))
      .onConflictDoNothing()
      .returning();
    if (fresh.length === 0) return 0;
    const needs = await tx
      .select({ id: technologyNeeds.id, postedById: technologyNeeds.postedById, title: technologyNeeds.title })
      .from(technologyNeeds)
      .where(inArray(technologyNeeds.id, [...new Set(fresh.map((f) => f.needId))]));
    const titles = await tx
      .select({ id: achievements.id, titleZh: achievements.titleZh, titleEn: achievements.titleEn })
      .from(achievements)
      .where(inArray(achievements.id, [...new Set(fresh.map((f) => f.achievementId))]));
    const needOf = new Map(needs.map((n) => [n.id, n]));
    const titleOf = new Map(titles.map((a) => [a.id, a]));
    // One call per notice: notify() keeps one draft per recipient, and a poster may have several new matches.
    for (const notice of fresh) {
      const need = needOf.get(notice.needId)!;
      const achievement = titleOf.get(notice.achievementId)!;
      await notify(tx, emit, [
        {
          recipientId: need.postedById,
          kind: "achievement_match",
          actorId: null,
          link: `/achievements/needs/${need.id}`,
          params: {
            where: need.title,
            achievement: `${achievement.titleZh} / ${achievement.titleEn}`,
            score: notice.score,
          },
          dedupeKey: `match:${notice.needId}:${notice.achievementId}`,
        },
      ]);
    }
    return fresh.length;
  });
}

/** Posting a need: the need commits, then its poster hears of strong matches already published. */
export async function postNeed(deps: Deps, user: SessionUser, input: z.output<typeof createNeedInput>) {
  const need = await createNeed(deps, user, input);
  await announceMatches(deps, { needId: need.id });
  return need;
}
