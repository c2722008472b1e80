import { and, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import {
  agendaItems,
  ballotRegions,
  ballots,
  decisionActions,
  decisionConfirmations,
  meetingDecisions,
  meetings,
  portfolioBallots,
  projects,
  type Ballot,
} from "@/db/schema";
import { meetingKinds, meetingStatuses, type RecordStatus } from "@/shared/meetings-vocabulary";
import type { Tx } from "@/db/client";
import type { SessionUser } from "../../../infra/auth/session";
import { AppError } from "../../../errors";
import { recordAudit } from "../../../infra/audit";
import type { ServiceDeps } from "../../../infra/deps";
import { transact } from "../../../infra/transact";
import { ballotsVisibleTo, seenProjectsSql, type Viewer } from "../../access";
import { publicDecision } from "../../ballots";
import type { DecisionInput, RegisterFilter } from "../contract";
import { recordsOf } from "./record-reads";
import { recordStatusOf } from "./record-rules";
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
  /** Null where the ballot's page hides them (a secret ballot's small cells): `suppressed`. */
  approve: number | null;
  reject: number | null;
  abstain: number | null;
  /** Approvals outnumber rejections in the region (the ballot's own per-region verdict); null when hidden. */
  agreed: boolean | null;
  metQuorum: boolean;
  suppressed: boolean;
}

/**
 * What each region agreed to, from the ballot's result as its page publishes it (its winning plan,
 * else its first): a secret ballot's small cells stay hidden here too.
 */
function agreementsOf(ballot: Pick<Ballot, "status" | "result" | "visibility">): {
  outcome: string | null;
  regions: RegionAgreement[];
} {
  const decision = ballot.status === "closed" ? publicDecision(ballot) : null;
  if (!decision) return { outcome: null, regions: [] };
  const plan = decision.plans.find((p) => p.planId === decision.winnerPlanId) ?? decision.plans[0];
  return {
    outcome: decision.outcome,
    regions: (plan?.regions ?? []).map((r) => ({
      regionId: r.regionId,
      approve: r.approve,
      reject: r.reject,
      abstain: r.abstain,
      agreed: r.majority,
      metQuorum: r.metQuorum,
      suppressed: r.suppressed,
    })),
  };
}

/** Decisions per page of the register; a meeting's pack reads all of one meeting's. */
export const registerPageSize = 50;

/**
 * The meetings' one visibility rule (`meetingVisibleTo`) as SQL for this reader: the rule is asked for
 * every status, kind and public-page combination, and the SQL admits exactly the combinations it allows.
 */
function visibleMeetingsSql(actor: Parameters<typeof meetingVisibleTo>[1]): SQL {
  const allowed = meetingStatuses.flatMap((status) =>
    meetingKinds.flatMap((kind) =>
      [true, false]
        .filter((publicPage) => meetingVisibleTo({ status, kind, publicPage }, actor))
        .map((publicPage) =>
          and(eq(meetings.status, status), eq(meetings.kind, kind), eq(meetings.publicPage, publicPage)),
        ),
    ),
  );
  return allowed.length ? or(...allowed)! : sql`false`;
}

/** The record status (`recordStatusOf`) as SQL: no rows not sent; one contest contested; all confirmed confirmed. */
export function recordStatusSql(status: RecordStatus): SQL {
  const answers = (extra?: SQL) =>
    sql`exists (select 1 from ${decisionConfirmations} where ${decisionConfirmations.decisionId} = ${meetingDecisions.id}${extra ? sql` and ${extra}` : sql``})`;
  const contested = answers(sql`${decisionConfirmations.status} = 'contested'`);
  const unconfirmed = answers(sql`${decisionConfirmations.status} <> 'confirmed'`);
  switch (status) {
    case "not_sent":
      return sql`not ${answers()}`;
    case "contested":
      return contested;
    case "confirmed":
      return sql`(${answers()} and not ${unconfirmed})`;
    case "pending":
      return sql`(not ${contested} and ${unconfirmed})`;
  }
}

/**
 * The register's filters as SQL over a decision row: words in the decision, its item or meeting; a region
 * (host, answering, owning an action, or voting in its closed ballot the reader may see); a recommendation
 * (of the item's project or topic); the record status; unfinished actions due by a day.
 */
function registerFilterSql(viewer: Viewer, input: RegisterFilter): SQL[] {
  const words = input.q.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const where: SQL[] = words.map(
    (word) =>
      sql`position(${word} in lower(${meetingDecisions.textZh} || ' ' || ${meetingDecisions.textEn} || ' ' || ${meetings.titleZh} || ' ' || ${meetings.titleEn} || ' ' || ${agendaItems.titleZh} || ' ' || ${agendaItems.titleEn})) > 0`,
  );
  if (input.regionId !== null) {
    const id = input.regionId;
    where.push(
      sql`(${meetings.hostRegionId} = ${id}
        or exists (select 1 from ${decisionConfirmations} where ${decisionConfirmations.decisionId} = ${meetingDecisions.id} and ${decisionConfirmations.regionId} = ${id})
        or exists (select 1 from ${decisionActions} where ${decisionActions.decisionId} = ${meetingDecisions.id} and ${decisionActions.ownerRegionId} = ${id})
        or exists (select 1 from ${ballotRegions} join ${ballots} on ${ballots.id} = ${ballotRegions.ballotId} join ${projects} on ${projects.id} = ${ballots.projectId}
          where ${ballots.id} = ${meetingDecisions.ballotId} and ${ballots.status} = 'closed' and ${ballotRegions.regionId} = ${id} and ${seenProjectsSql(viewer)}))`,
    );
  }
  if (input.recommendationId !== null)
    where.push(
      sql`(exists (select 1 from project_recommendations pr where pr.project_id = ${agendaItems.projectId} and pr.recommendation_id = ${input.recommendationId})
        or exists (select 1 from topics tp join forums f on f.id = tp.forum_id where tp.id = ${agendaItems.topicId} and f.recommendation_id = ${input.recommendationId}))`,
    );
  if (input.status !== null) where.push(recordStatusSql(input.status));
  if (input.dueBy !== null)
    where.push(
      sql`exists (select 1 from ${decisionActions} where ${decisionActions.decisionId} = ${meetingDecisions.id} and ${decisionActions.status} not in ('done', 'dropped') and ${decisionActions.dueOn} <= ${input.dueBy})`,
    );
  return where;
}

/**
 * The decision register: the decisions of the meetings the viewer may see, newest first, a page at a time
 * (filtered and counted in SQL, so an old match is found), with each region's answer to the record, its
 * actions, and the region-by-region result of its ballot when the viewer may see that ballot too.
 */
export async function decisionRegister(
  deps: Pick<ServiceDeps, "db">,
  user: SessionUser | null,
  input: RegisterFilter,
  /** One meeting's decisions only (its pack), read by the same rule, all of them. */
  meetingId?: number,
) {
  const actor = await actorOf(deps.db, user);
  const viewer: Viewer = user ? { id: user.id, role: user.role } : null;
  const where = and(
    sql`${meetings.status} <> 'cancelled'`,
    visibleMeetingsSql(actor),
    meetingId === undefined ? undefined : eq(meetings.id, meetingId),
    ...registerFilterSql(viewer, input),
  );
  const query = deps.db
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
      hostRegionId: meetings.hostRegionId,
      startsAt: meetings.startsAt,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(meetingDecisions)
    .innerJoin(meetings, eq(meetings.id, meetingDecisions.meetingId))
    .innerJoin(agendaItems, eq(agendaItems.id, meetingDecisions.itemId))
    .where(where)
    .orderBy(desc(meetings.startsAt), desc(meetingDecisions.id));
  const visible = meetingId === undefined ? await query.limit(registerPageSize).offset(input.offset) : await query;
  const total = visible[0]?.total ?? (input.offset > 0 ? await countOf(deps, where) : 0);
  const ballotIds = [...new Set(visible.map((r) => r.ballotId).filter((id): id is number => id !== null))];
  const seenIds = await ballotsVisibleTo(deps.db, viewer, ballotIds);
  const ballotRows = seenIds.length
    ? await deps.db
        .select({
          id: ballots.id,
          projectId: ballots.projectId,
          callId: portfolioBallots.callId,
          status: ballots.status,
          result: ballots.result,
          visibility: ballots.visibility,
        })
        .from(ballots)
        .leftJoin(portfolioBallots, eq(portfolioBallots.ballotId, ballots.id))
        .where(inArray(ballots.id, seenIds))
    : [];
  const seen = new Map(ballotRows.map((b) => [b.id, b]));
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
      /** A portfolio ballot's fund call: its page shows the ballot. */
      callId: ballot?.callId ?? null,
      outcome: agreement.outcome,
      regions: agreement.regions,
      confirmations,
      recordStatus: recordStatusOf(confirmations),
      actions: records.actions.get(r.id) ?? [],
    };
  });
  return { entries, total, offset: input.offset, pageSize: registerPageSize };
}

/** The count alone, for a page past the end (no row carries it). */
async function countOf(deps: Pick<ServiceDeps, "db">, where: SQL | undefined) {
  const [row] = await deps.db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(meetingDecisions)
    .innerJoin(meetings, eq(meetings.id, meetingDecisions.meetingId))
    .innerJoin(agendaItems, eq(agendaItems.id, meetingDecisions.itemId))
    .where(where);
  return row?.n ?? 0;
}
