import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { agendaItems, ballots, meetingDecisions, meetings, type Ballot } from "@/db/schema";
import type { Tx } from "@/db/client";
import type { SessionUser } from "../../../infra/auth/session";
import { AppError } from "../../../errors";
import { recordAudit } from "../../../infra/audit";
import type { ServiceDeps } from "../../../infra/deps";
import { transact } from "../../../infra/transact";
import { streamVisibleTo } from "../../access";
import type { DecisionInput, RegisterFilter } from "../contract";
import { recordsOf } from "./record-reads";
import { recordStatusOf, registerEntryMatches } from "./record-rules";
import { actorOf, emitAgenda, emitDecisions, runnableMeeting } from "../meeting-state";
import { meetingVisibleTo, minutesEditable } from "../rules";

type Deps = Pick<ServiceDeps, "db" | "publisher" | "now">;

async function itemOfRunnable(tx: Tx, user: SessionUser, itemId: number) {
  const [item] = await tx.select().from(agendaItems).where(eq(agendaItems.id, itemId));
  if (!item) throw new AppError("NOT_FOUND", "That agenda item does not exist");
  const { meeting } = await runnableMeeting(tx, user, item.meetingId);
  return { item, meeting };
}

/** The chair drafts an item's minutes while in session and until they are approved (which closes the meeting). */
export async function saveMinutes(deps: Deps, user: SessionUser, input: { itemId: number; minutes: string }) {
  return transact(deps, async (tx, emit) => {
    const { item, meeting } = await itemOfRunnable(tx, user, input.itemId);
    if (!minutesEditable(meeting.status))
      throw new AppError("MINUTES_LOCKED", "Minutes are written during the meeting and until they are approved");
    await tx.update(agendaItems).set({ minutes: input.minutes }).where(eq(agendaItems.id, item.id));
    return { items: await emitAgenda(tx, emit, meeting.id) };
  });
}

/**
 * Records a decision taken on an item. When it was voted, it names the ballot that carried it (the
 * existing ballot machinery); a ballot linked to the item's project must be that project's.
 */
export async function recordDecision(deps: Deps, user: SessionUser, input: DecisionInput) {
  return transact(deps, async (tx, emit) => {
    const { item, meeting } = await itemOfRunnable(tx, user, input.itemId);
    if (!minutesEditable(meeting.status))
      throw new AppError(
        "MINUTES_LOCKED",
        "Decisions are recorded during the meeting and until the minutes are approved",
      );
    if (input.ballotId !== null) {
      const [ballot] = await tx
        .select({ projectId: ballots.projectId })
        .from(ballots)
        .where(eq(ballots.id, input.ballotId));
      if (!ballot || (item.projectId !== null && ballot.projectId !== item.projectId))
        throw new AppError("BAD_AGENDA_LINK", "The ballot does not exist or is not about this item's project");
    }
    const [decision] = await tx
      .insert(meetingDecisions)
      .values({
        meetingId: meeting.id,
        itemId: item.id,
        textZh: input.textZh,
        textEn: input.textEn,
        ballotId: input.ballotId,
        recordedById: user.id,
        createdAt: deps.now(),
      })
      .returning({ id: meetingDecisions.id });
    await recordAudit(tx, {
      actorId: user.id,
      action: "meeting.decision",
      targetType: "meeting",
      targetId: meeting.id,
      after: { decisionId: decision!.id, itemId: item.id, ballotId: input.ballotId, textEn: input.textEn },
    });
    return { decisionId: decision!.id, decisions: await emitDecisions(tx, emit, meeting.id) };
  });
}

export interface RegionAgreement {
  regionId: number;
  approve: number;
  reject: number;
  abstain: number;
  /** Approvals outnumber rejections in the region (the ballot's own per-region verdict). */
  agreed: boolean;
  metQuorum: boolean;
}

/** What each region agreed to, from the ballot's stored result (its winning plan, else its first). */
function agreementsOf(ballot: Pick<Ballot, "status" | "result">): {
  outcome: string | null;
  regions: RegionAgreement[];
} {
  if (ballot.status !== "closed" || !ballot.result) return { outcome: null, regions: [] };
  const plan = ballot.result.plans.find((p) => p.planId === ballot.result!.winnerPlanId) ?? ballot.result.plans[0];
  return {
    outcome: ballot.result.outcome,
    regions: (plan?.regions ?? []).map((r) => ({
      regionId: r.regionId,
      approve: r.approve,
      reject: r.reject,
      abstain: r.abstain,
      agreed: r.majority,
      metQuorum: r.metQuorum,
    })),
  };
}

/**
 * The decision register: every decision of every meeting the viewer may see, newest first, with each
 * region's answer to the record, its actions, and the region-by-region result of its ballot when the
 * viewer may see that ballot too. Filters: words in the decision or its meeting, a region (host, answering,
 * owning an action or voting), a recommendation (of the item's project or topic), the record's status, and
 * unfinished actions due by a day.
 */
export async function decisionRegister(
  deps: Pick<ServiceDeps, "db">,
  user: SessionUser | null,
  input: RegisterFilter,
  /** One meeting's decisions only (its pack), read by the same rule. */
  meetingId?: number,
) {
  const actor = await actorOf(deps.db, user);
  const words = input.q.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const rows = await deps.db
    .select({
      id: meetingDecisions.id,
      textZh: meetingDecisions.textZh,
      textEn: meetingDecisions.textEn,
      ballotId: meetingDecisions.ballotId,
      createdAt: meetingDecisions.createdAt,
      itemTitleZh: agendaItems.titleZh,
      itemTitleEn: agendaItems.titleEn,
      meetingId: meetings.id,
      meetingTitleZh: meetings.titleZh,
      meetingTitleEn: meetings.titleEn,
      kind: meetings.kind,
      status: meetings.status,
      publicPage: meetings.publicPage,
      hostRegionId: meetings.hostRegionId,
      startsAt: meetings.startsAt,
      recommendationIds: sql<number[]>`array(
        select pr.recommendation_id from project_recommendations pr where pr.project_id = ${agendaItems.projectId}
        union
        select f.recommendation_id from topics tp join forums f on f.id = tp.forum_id
          where tp.id = ${agendaItems.topicId} and f.recommendation_id is not null)`,
    })
    .from(meetingDecisions)
    .innerJoin(meetings, eq(meetings.id, meetingDecisions.meetingId))
    .innerJoin(agendaItems, eq(agendaItems.id, meetingDecisions.itemId))
    .where(
      and(
        sql`${meetings.status} <> 'cancelled'`,
        meetingId === undefined ? undefined : eq(meetings.id, meetingId),
        ...words.map(
          (word) =>
            sql`position(${word} in lower(${meetingDecisions.textZh} || ' ' || ${meetingDecisions.textEn} || ' ' || ${meetings.titleZh} || ' ' || ${meetings.titleEn} || ' ' || ${agendaItems.titleZh} || ' ' || ${agendaItems.titleEn})) > 0`,
        ),
      ),
    )
    .orderBy(desc(meetings.startsAt), desc(meetingDecisions.id))
    .limit(500);
  const visible = rows.filter(
    (r) =>
      meetingVisibleTo(r, actor) &&
      (input.recommendationId === null || (r.recommendationIds ?? []).map(Number).includes(input.recommendationId)),
  );
  const ballotIds = [...new Set(visible.map((r) => r.ballotId).filter((id): id is number => id !== null))];
  const ballotRows = ballotIds.length
    ? await deps.db
        .select({ id: ballots.id, projectId: ballots.projectId, status: ballots.status, result: ballots.result })
        .from(ballots)
        .where(inArray(ballots.id, ballotIds))
    : [];
  const seen = new Map<number, (typeof ballotRows)[number]>();
  for (const b of ballotRows)
    if (await streamVisibleTo(deps.db, user ? { id: user.id, role: user.role } : null, { kind: "ballot", id: b.id }))
      seen.set(b.id, b);
  const records = await recordsOf(
    deps.db,
    visible.map((r) => r.id),
  );
  const entries = visible.map((r) => {
    const ballot = r.ballotId !== null ? seen.get(r.ballotId) : undefined;
    const agreement = ballot ? agreementsOf(ballot) : { outcome: null, regions: [] };
    const confirmations = records.confirmations.get(r.id) ?? [];
    return {
      id: r.id,
      textZh: r.textZh,
      textEn: r.textEn,
      itemTitleZh: r.itemTitleZh,
      itemTitleEn: r.itemTitleEn,
      meetingId: r.meetingId,
      meetingTitleZh: r.meetingTitleZh,
      meetingTitleEn: r.meetingTitleEn,
      startsAt: r.startsAt.toISOString(),
      createdAt: r.createdAt.toISOString(),
      hostRegionId: r.hostRegionId,
      ballotId: ballot ? r.ballotId : null,
      ballotStatus: ballot?.status ?? null,
      projectId: ballot?.projectId ?? null,
      outcome: agreement.outcome,
      regions: agreement.regions,
      confirmations,
      recordStatus: recordStatusOf(confirmations),
      actions: records.actions.get(r.id) ?? [],
    };
  });
  return entries.filter((e) => registerEntryMatches(e, input));
}
