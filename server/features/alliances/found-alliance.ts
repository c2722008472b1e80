import { eq } from "drizzle-orm";
import type { ListedForum } from "@/server/features/deliberation/events";
import { onTheWire } from "@/shared/on-the-wire";
import type { z } from "zod";
import { allianceMembers, alliances, forums } from "@/db/schema";
import { streamKey } from "@/server/domain/stream-access";
import { AppError } from "@/server/errors";
import { organisationOf } from "@/server/features/organisations";
import { recordAudit } from "@/server/infra/audit";
import type { SessionUser } from "@/server/infra/auth/session";
import type { ServiceDeps } from "@/server/infra/deps";
import { transact } from "@/server/infra/transact";
import type { foundAllianceInput } from "./contract";
import { liveState } from "./read-alliances";

type Deps = Pick<ServiceDeps, "db" | "publisher">;

/**
 * Someone acting for an organisation founds an alliance: the alliance, its own forum (discussion
 * reuses forums and topics) and the founder's organisation as its first, accepted member.
 */
export async function foundAlliance(deps: Deps, user: SessionUser, input: z.output<typeof foundAllianceInput>) {
  return transact(deps, async (tx, emit) => {
    const organisationId = await organisationOf(tx, user.id);
    if (organisationId === null)
      throw new AppError("ORGANISATION_REQUIRED", "Only someone who acts for an organisation can found an alliance");
    // The slug needs the alliance's id, which needs the forum's: a placeholder first, then its final name.
    const [forum] = await tx
      .insert(forums)
      .values({
        slug: `alliance-new-${user.id}-${Date.now()}`,
        titleZh: input.nameZh,
        titleEn: input.nameEn,
        descriptionZh: input.descriptionZh,
        descriptionEn: input.descriptionEn,
        createdById: user.id,
      })
      .returning();
    const [alliance] = await tx
      .insert(alliances)
      .values({
        nameZh: input.nameZh,
        nameEn: input.nameEn,
        descriptionZh: input.descriptionZh,
        descriptionEn: input.descriptionEn,
        sectors: input.sectors,
        founderOrganisationId: organisationId,
        forumId: forum!.id,
        createdById: user.id,
      })
      .returning();
    const [named] = await tx
      .update(forums)
      .set({ slug: `alliance-${alliance!.id}` })
      .where(eq(forums.id, forum!.id))
      .returning();
    await tx.insert(allianceMembers).values({
      allianceId: alliance!.id,
      organisationId,
      chainRole: input.chainRole,
      contribution: input.contribution,
      status: "accepted",
      invitedById: user.id,
      answeredById: user.id,
      answeredAt: new Date(),
    });
    await recordAudit(tx, {
      actorId: user.id,
      action: "alliance.found",
      targetType: "alliance",
      targetId: alliance!.id,
      after: { nameZh: input.nameZh, nameEn: input.nameEn, organisationId, chainRole: input.chainRole },
    });
    // Its list row as forums.list reads it: a new forum has no recommendation and no topics yet.
    const listed: ListedForum = { ...named!, recommendation: null, topicCount: 0 };
    await emit(streamKey({ kind: "forums" }), "forum:created", { forumId: forum!.id, forum: onTheWire(listed) });
    await emit(
      streamKey({ kind: "alliance", id: alliance!.id }),
      "alliance:changed",
      await liveState(tx, alliance!.id),
    );
    return alliance!;
  });
}
