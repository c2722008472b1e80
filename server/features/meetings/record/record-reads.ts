import { asc, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { decisionActions, decisionConfirmations, meetingDecisions, meetings } from "@/db/schema";
import type { ConfirmationView, DecisionActionView } from "../contract";
import { meetingVisibleTo } from "../rules";

type Reader = Db | Tx;

/** The regions' answers and the actions of some decisions, keyed by decision, in region and due order. */
export async function recordsOf(db: Reader, decisionIds: readonly number[]) {
  const confirmations = new Map<number, ConfirmationView[]>();
  const actions = new Map<number, DecisionActionView[]>();
  if (decisionIds.length === 0) return { confirmations, actions };
  const ids = [...decisionIds];
  const [answerRows, actionRows] = [
    await db
      .select()
      .from(decisionConfirmations)
      .where(inArray(decisionConfirmations.decisionId, ids))
      .orderBy(asc(decisionConfirmations.regionId)),
    await db
      .select()
      .from(decisionActions)
      .where(inArray(decisionActions.decisionId, ids))
      .orderBy(asc(decisionActions.dueOn), asc(decisionActions.id)),
  ];
  for (const row of answerRows) {
    const list = confirmations.get(row.decisionId) ?? [];
    list.push({
      regionId: row.regionId,
      status: row.status,
      comment: row.comment,
      answeredAt: row.answeredAt?.toISOString() ?? null,
    });
    confirmations.set(row.decisionId, list);
  }
  for (const row of actionRows) {
    const list = actions.get(row.decisionId) ?? [];
    list.push({
      id: row.id,
      decisionId: row.decisionId,
      textZh: row.textZh,
      textEn: row.textEn,
      ownerRegionId: row.ownerRegionId,
      dueOn: row.dueOn,
      status: row.status,
    });
    actions.set(row.decisionId, list);
  }
  return { confirmations, actions };
}

/**
 * What an outgoing notice about a meeting may say: whether a signed-out reader may see the meeting
 * (only then its title, time and regions), its host, and the record's decisions and asked regions.
 */
export async function meetingNoticeFacts(db: Reader, meetingId: number) {
  const [meeting] = await db.select().from(meetings).where(eq(meetings.id, meetingId));
  if (!meeting) return null;
  const asked = await db
    .selectDistinct({ decisionId: decisionConfirmations.decisionId, regionId: decisionConfirmations.regionId })
    .from(decisionConfirmations)
    .innerJoin(meetingDecisions, eq(meetingDecisions.id, decisionConfirmations.decisionId))
    .where(eq(meetingDecisions.meetingId, meetingId));
  return {
    meeting,
    public: meetingVisibleTo(meeting, null),
    decisionCount: new Set(asked.map((a) => a.decisionId)).size,
    askedRegionIds: [...new Set(asked.map((a) => a.regionId))].sort((a, b) => a - b),
  };
}
