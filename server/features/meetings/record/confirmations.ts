import { and, asc, eq, isNull } from "drizzle-orm";
import type { Tx } from "@/db/client";
import {
  decisionActions,
  decisionConfirmations,
  meetingDecisions,
  meetingRegistrations,
  regions,
  type Meeting,
} from "@/db/schema";
import type { SessionUser } from "../../../infra/auth/session";
import { AppError } from "../../../errors";
import { recordAudit } from "../../../infra/audit";
import type { ServiceDeps } from "../../../infra/deps";
import { transact, type Emit } from "../../../infra/transact";
import type { ActionStatusInput, AddActionInput, AnswerDecisionInput } from "../contract";
import { emitDecisions, readableMeeting, runnableMeeting } from "../meeting-state";
import { noticeRecordSent, scheduleOverdueNotice } from "../notices/meeting-notices";
import {
  mayAnswerForRegion,
  mayUpdateAction,
  participatingRegions,
  recordAnswerable,
  recordStatusOf,
} from "./record-rules";

type Deps = Pick<ServiceDeps, "db" | "publisher" | "now">;

/**
 * Called where the chair approves the minutes: every decision's record goes to the participating regions
 * (the host and every region someone registered from), one pending answer each, and their members are asked.
 */
export async function sendRecordForConfirmation(tx: Tx, emit: Emit, meeting: Meeting, actorId: number, now: Date) {
  const decisions = await tx
    .select({ id: meetingDecisions.id })
    .from(meetingDecisions)
    .where(eq(meetingDecisions.meetingId, meeting.id));
  if (decisions.length === 0) return;
  const registered = await tx
    .selectDistinct({ regionId: meetingRegistrations.regionId })
    .from(meetingRegistrations)
    .where(eq(meetingRegistrations.meetingId, meeting.id));
  const regionIds = participatingRegions(
    meeting.hostRegionId,
    registered.map((r) => r.regionId),
  );
  await tx
    .insert(decisionConfirmations)
    .values(decisions.flatMap((d) => regionIds.map((regionId) => ({ decisionId: d.id, regionId, createdAt: now }))))
    .onConflictDoNothing();
  await noticeRecordSent(tx, emit, meeting, regionIds, actorId, now);
  await emitDecisions(tx, emit, meeting.id);
}

/** The decision, locked: concurrent answers for it are taken one after another, so the status each sees is current. */
async function lockedDecision(tx: Tx, decisionId: number) {
  const [decision] = await tx.select().from(meetingDecisions).where(eq(meetingDecisions.id, decisionId)).for("update");
  if (!decision) throw new AppError("NOT_FOUND", "That decision does not exist");
  return decision;
}

/**
 * A region's delegate confirms the record of a decision or contests it, saying why. The answer may change
 * until every region has confirmed; then the record is final.
 */
export async function answerDecision(deps: Deps, user: SessionUser, input: AnswerDecisionInput) {
  return transact(deps, async (tx, emit) => {
    const decision = await lockedDecision(tx, input.decisionId);
    const { actor } = await readableMeeting(tx, user, decision.meetingId);
    const answers = await tx
      .select()
      .from(decisionConfirmations)
      .where(eq(decisionConfirmations.decisionId, decision.id))
      .orderBy(asc(decisionConfirmations.regionId));
    const before = recordStatusOf(answers);
    if (!recordAnswerable(before))
      throw new AppError(
        "RECORD_NOT_OPEN",
        before === "not_sent"
          ? "The record goes to the regions once the minutes are approved"
          : "Every region has confirmed this decision",
      );
    const own = answers.find((a) => actor !== null && mayAnswerForRegion(actor, a.regionId));
    if (!actor || !own)
      throw new AppError("NOT_REGION_DELEGATE", "Only a member of a participating region answers for that region");
    const now = deps.now();
    await tx
      .update(decisionConfirmations)
      .set({ status: input.answer, comment: input.comment, answeredById: actor.id, answeredAt: now })
      .where(and(eq(decisionConfirmations.decisionId, decision.id), eq(decisionConfirmations.regionId, own.regionId)));
    const after = recordStatusOf(answers.map((a) => (a.regionId === own.regionId ? { status: input.answer } : a)));
    await recordAudit(tx, {
      actorId: actor.id,
      action: `meeting.decision.${input.answer === "confirmed" ? "confirm" : "contest"}`,
      targetType: "meeting",
      targetId: decision.meetingId,
      before: { decisionId: decision.id, regionId: own.regionId, status: own.status, record: before },
      after: {
        decisionId: decision.id,
        regionId: own.regionId,
        status: input.answer,
        comment: input.comment,
        record: after,
      },
    });
    return { recordStatus: after, decisions: await emitDecisions(tx, emit, decision.meetingId) };
  });
}

/** The chair gives a decision an action for one region, with a due day (decisions exist from the session on). */
export async function addDecisionAction(deps: Deps, user: SessionUser, input: AddActionInput) {
  return transact(deps, async (tx, emit) => {
    const decision = await lockedDecision(tx, input.decisionId);
    const { meeting, actor } = await runnableMeeting(tx, user, decision.meetingId);
    const [region] = await tx
      .select({ id: regions.id })
      .from(regions)
      .where(and(eq(regions.id, input.ownerRegionId), isNull(regions.retiredAt)));
    if (!region) throw new AppError("REGION_NOT_FOUND", "That region does not exist");
    const [action] = await tx
      .insert(decisionActions)
      .values({
        decisionId: decision.id,
        textZh: input.textZh,
        textEn: input.textEn,
        ownerRegionId: input.ownerRegionId,
        dueOn: input.dueOn,
        createdById: actor.id,
        createdAt: deps.now(),
        updatedAt: deps.now(),
      })
      .returning();
    await scheduleOverdueNotice(tx, action!);
    await recordAudit(tx, {
      actorId: actor.id,
      action: "meeting.action.add",
      targetType: "meeting",
      targetId: meeting.id,
      after: { actionId: action!.id, decisionId: decision.id, ownerRegionId: input.ownerRegionId, dueOn: input.dueOn },
    });
    return { actionId: action!.id, decisions: await emitDecisions(tx, emit, meeting.id) };
  });
}

/** The owner region's members (or the chair, or an admin) say how an action stands. */
export async function updateDecisionAction(deps: Deps, user: SessionUser, input: ActionStatusInput) {
  return transact(deps, async (tx, emit) => {
    const [row] = await tx
      .select({ action: decisionActions, meetingId: meetingDecisions.meetingId })
      .from(decisionActions)
      .innerJoin(meetingDecisions, eq(meetingDecisions.id, decisionActions.decisionId))
      .where(eq(decisionActions.id, input.actionId))
      .for("update", { of: decisionActions });
    if (!row) throw new AppError("NOT_FOUND", "That action does not exist");
    const { actor } = await readableMeeting(tx, user, row.meetingId);
    if (!mayUpdateAction(actor, row.action.ownerRegionId))
      throw new AppError(
        "NOT_REGION_DELEGATE",
        "Only the owner region's members, the chair or an admin update an action",
      );
    await tx
      .update(decisionActions)
      .set({ status: input.status, updatedAt: deps.now() })
      .where(eq(decisionActions.id, row.action.id));
    await recordAudit(tx, {
      actorId: actor!.id,
      action: "meeting.action.status",
      targetType: "meeting",
      targetId: row.meetingId,
      before: { actionId: row.action.id, status: row.action.status },
      after: { actionId: row.action.id, status: input.status },
    });
    return { decisions: await emitDecisions(tx, emit, row.meetingId) };
  });
}
