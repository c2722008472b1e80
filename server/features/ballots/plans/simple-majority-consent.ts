import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { accounts, simpleMajorityConsents } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import type { ConsentInput } from "../contract";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/infra/audit";
import { chairsBallots } from "../ballot-chair";
import { participatingRegionIds } from "./benefit-plans";
import type { ServiceDeps } from "@/server/infra/deps";
import { loadVisibleProject } from "@/server/features/access";
import { transact } from "@/server/infra/transact";
import { streamKey } from "@/server/domain/stream-access";

export interface ConsentView {
  regionId: number;
  givenAt: Date;
  by: { id: number; displayName: string };
}

async function consentRows(db: Db | Tx, where: ReturnType<typeof and>): Promise<ConsentView[]> {
  const rows = await db
    .select({
      regionId: simpleMajorityConsents.regionId,
      givenAt: simpleMajorityConsents.givenAt,
      id: accounts.id,
      displayName: accounts.displayName,
    })
    .from(simpleMajorityConsents)
    .innerJoin(accounts, eq(accounts.id, simpleMajorityConsents.accountId))
    .where(where)
    .orderBy(asc(simpleMajorityConsents.regionId));
  return rows.map((r) => ({ regionId: r.regionId, givenAt: r.givenAt, by: { id: r.id, displayName: r.displayName } }));
}

/** Consents given for the project's next ballot. */
export const pendingConsents = (db: Db | Tx, projectId: number) =>
  consentRows(db, and(eq(simpleMajorityConsents.projectId, projectId), isNull(simpleMajorityConsents.ballotId)));

/** Consents a ballot opened with. */
export const ballotConsents = (db: Db | Tx, ballotId: number) =>
  consentRows(db, and(eq(simpleMajorityConsents.ballotId, ballotId)));

/** The opening ballot takes the pending consents, so the next round starts without any. */
export async function attachConsents(tx: Tx, projectId: number, ballotId: number): Promise<number[]> {
  const rows = await tx
    .update(simpleMajorityConsents)
    .set({ ballotId })
    .where(and(eq(simpleMajorityConsents.projectId, projectId), isNull(simpleMajorityConsents.ballotId)))
    .returning({ regionId: simpleMajorityConsents.regionId });
  return rows.map((r) => r.regionId);
}

/**
 * What the plans panel needs before a vote: the consents given so far, whether the viewer may open
 * the vote (chair or admin) and whether they may consent for their region.
 */
export async function openingState(
  deps: Pick<ServiceDeps, "db">,
  viewer: Pick<SessionUser, "id" | "role" | "regionId"> | null,
  projectId: number,
) {
  const { project } = await loadVisibleProject(deps.db, viewer, projectId);
  const regionIds = await participatingRegionIds(deps.db, project.id);
  return {
    consents: await pendingConsents(deps.db, project.id),
    mayChair: viewer ? await chairsBallots(deps.db, viewer) : false,
    consentRegionId: viewer?.role === "member" && regionIds.includes(viewer.regionId) ? viewer.regionId : null,
  };
}

/**
 * A coordination-body member gives (or withdraws) their region's consent to decide the project by
 * simple majority although its plans change cost shares. Only before the vote opens: the project row
 * is locked, as opening locks it, so a consent cannot slip in or out while the ballot opens.
 */
export async function setSimpleMajorityConsent(deps: ServiceDeps, actor: SessionUser, input: ConsentInput) {
  return transact(deps, async (tx, emit) => {
    const { project } = await loadVisibleProject(tx, actor, input.projectId, { forUpdate: true });
    const regionIds = await participatingRegionIds(tx, project.id);
    if (actor.role !== "member" || !regionIds.includes(actor.regionId)) {
      throw new AppError(
        "CONSENT_FORBIDDEN",
        "Only a coordination-body member of a participating region can consent for it",
      );
    }
    if (project.status !== "submitted")
      throw new AppError("CONSENT_CLOSED", "Consent can be given or withdrawn only before the vote opens");
    const mine = and(
      eq(simpleMajorityConsents.projectId, project.id),
      eq(simpleMajorityConsents.regionId, actor.regionId),
      isNull(simpleMajorityConsents.ballotId),
    );
    const changed = input.consent
      ? await tx
          .insert(simpleMajorityConsents)
          .values({ projectId: project.id, regionId: actor.regionId, accountId: actor.id, givenAt: deps.now() })
          .onConflictDoNothing()
          .returning({ id: simpleMajorityConsents.id })
      : await tx.delete(simpleMajorityConsents).where(mine).returning({ id: simpleMajorityConsents.id });
    if (changed.length > 0) {
      await recordAudit(tx, {
        actorId: actor.id,
        action: input.consent ? "ballot.consent_give" : "ballot.consent_withdraw",
        targetType: "project",
        targetId: project.id,
        after: { regionId: actor.regionId, rule: "simple_majority" },
      });
    }
    const consents = await pendingConsents(tx, project.id);
    // Under the project's row lock, as every consent and the opening are: the list is the one this seq commits.
    if (changed.length > 0)
      await emit(streamKey({ kind: "project", id: project.id }), "consent:changed", {
        projectId: project.id,
        consents: consents.map((c) => ({ ...c, givenAt: c.givenAt.toISOString() })),
      });
    return consents;
  });
}
