import { and, asc, eq, max } from "drizzle-orm";
import { agendaItems, ballots, projects, topics, type Meeting } from "@/db/schema";
import type { Tx } from "@/db/client";
import type { SessionUser } from "../../infra/auth/session";
import { AppError } from "../../errors";
import { recordAudit } from "../../infra/audit";
import type { ServiceDeps } from "../../infra/deps";
import { transact, type Emit } from "../../infra/transact";
import type { AddItemInput, UpdateItemInput } from "./contract";
import { emitAgenda, runnableMeeting, saveHeader } from "./meeting-state";
import { loadVisibleRound } from "../opinions";
import { noticeAgendaChanged } from "./notices/meeting-notices";
import { agendaEditable, moveItem } from "./rules";

type Deps = Pick<ServiceDeps, "db" | "publisher" | "now">;
type Links = Pick<AddItemInput, "topicId" | "projectId" | "ballotId" | "roundId">;

function assertEditable(meeting: Meeting) {
  if (!agendaEditable(meeting.status))
    throw new AppError("AGENDA_LOCKED", "The agenda cannot change once the meeting has started");
}

/**
 * Links must name things that exist; a ballot linked with a project must be that project's; an opinion
 * round must be one the chair may see, under the round's own rule (else it reads as absent).
 */
async function checkLinks(tx: Tx, user: SessionUser, links: Links) {
  if (links.roundId !== null) {
    const round = await loadVisibleRound(tx, user, links.roundId).catch((error: unknown) => {
      if (error instanceof AppError && error.reason === "NOT_FOUND") return null;
      throw error;
    });
    if (!round) throw new AppError("BAD_AGENDA_ROUND", "The linked opinion round does not exist");
  }
  if (links.topicId !== null) {
    const [topic] = await tx.select({ id: topics.id }).from(topics).where(eq(topics.id, links.topicId));
    if (!topic) throw new AppError("BAD_AGENDA_LINK", "The linked topic does not exist");
  }
  if (links.projectId !== null) {
    const [project] = await tx.select({ id: projects.id }).from(projects).where(eq(projects.id, links.projectId));
    if (!project) throw new AppError("BAD_AGENDA_LINK", "The linked project does not exist");
  }
  if (links.ballotId !== null) {
    const [ballot] = await tx
      .select({ projectId: ballots.projectId })
      .from(ballots)
      .where(eq(ballots.id, links.ballotId));
    if (!ballot || (links.projectId !== null && ballot.projectId !== links.projectId))
      throw new AppError("BAD_AGENDA_LINK", "The linked ballot does not exist or is not the linked project's");
  }
}

async function itemWithMeeting(tx: Tx, user: SessionUser, itemId: number) {
  const [item] = await tx.select().from(agendaItems).where(eq(agendaItems.id, itemId));
  if (!item) throw new AppError("NOT_FOUND", "That agenda item does not exist");
  const { meeting } = await runnableMeeting(tx, user, item.meetingId);
  return { item, meeting };
}

/** Every agenda change is audited and tells the watchers the whole new agenda. */
async function finish(
  tx: Tx,
  emit: Emit,
  deps: Deps,
  user: SessionUser,
  meeting: Meeting,
  action: string,
  detail: Record<string, unknown>,
  roundLinkAdded = false,
) {
  await recordAudit(tx, {
    actorId: user.id,
    action: `meeting.agenda.${action}`,
    targetType: "meeting",
    targetId: meeting.id,
    after: detail,
  });
  // The version moves with the agenda, so a details form opened before an agenda change is not stale-blind.
  await saveHeader(tx, emit, meeting.id, {}, deps.now());
  await noticeAgendaChanged(tx, emit, meeting, user.id, deps.now());
  return emitAgenda(tx, emit, meeting.id, roundLinkAdded);
}

export async function addAgendaItem(deps: Deps, user: SessionUser, input: AddItemInput) {
  return transact(deps, async (tx, emit) => {
    const { meeting } = await runnableMeeting(tx, user, input.meetingId);
    assertEditable(meeting);
    await checkLinks(tx, user, input);
    const [last] = await tx
      .select({ position: max(agendaItems.position) })
      .from(agendaItems)
      .where(eq(agendaItems.meetingId, meeting.id));
    const [item] = await tx
      .insert(agendaItems)
      .values({
        meetingId: meeting.id,
        position: (last?.position ?? 0) + 1,
        titleZh: input.titleZh,
        titleEn: input.titleEn,
        durationMinutes: input.durationMinutes,
        presenter: input.presenter,
        topicId: input.topicId,
        projectId: input.projectId,
        ballotId: input.ballotId,
        roundId: input.roundId,
      })
      .returning({ id: agendaItems.id });
    const detail = { itemId: item!.id, titleEn: input.titleEn };
    const items = await finish(tx, emit, deps, user, meeting, "add", detail, input.roundId !== null);
    return { itemId: item!.id, items };
  });
}

export async function updateAgendaItem(deps: Deps, user: SessionUser, input: UpdateItemInput) {
  return transact(deps, async (tx, emit) => {
    const { item, meeting } = await itemWithMeeting(tx, user, input.itemId);
    assertEditable(meeting);
    await checkLinks(tx, user, input);
    await tx
      .update(agendaItems)
      .set({
        titleZh: input.titleZh,
        titleEn: input.titleEn,
        durationMinutes: input.durationMinutes,
        presenter: input.presenter,
        topicId: input.topicId,
        projectId: input.projectId,
        ballotId: input.ballotId,
        roundId: input.roundId,
      })
      .where(eq(agendaItems.id, item.id));
    const detail = { itemId: item.id, titleEn: input.titleEn };
    const relinked = input.roundId !== null && input.roundId !== item.roundId;
    return { items: await finish(tx, emit, deps, user, meeting, "update", detail, relinked) };
  });
}

export async function removeAgendaItem(deps: Deps, user: SessionUser, input: { itemId: number }) {
  return transact(deps, async (tx, emit) => {
    const { item, meeting } = await itemWithMeeting(tx, user, input.itemId);
    assertEditable(meeting);
    await tx.delete(agendaItems).where(eq(agendaItems.id, item.id));
    return { items: await finish(tx, emit, deps, user, meeting, "remove", { itemId: item.id, titleEn: item.titleEn }) };
  });
}

/** Moves an item one place; positions are rewritten 1..n so the order stays dense. */
export async function moveAgendaItem(
  deps: Deps,
  user: SessionUser,
  input: { itemId: number; direction: "up" | "down" },
) {
  return transact(deps, async (tx, emit) => {
    const { item, meeting } = await itemWithMeeting(tx, user, input.itemId);
    assertEditable(meeting);
    const ids = (
      await tx
        .select({ id: agendaItems.id })
        .from(agendaItems)
        .where(eq(agendaItems.meetingId, meeting.id))
        .orderBy(asc(agendaItems.position), asc(agendaItems.id))
    ).map((r) => r.id);
    const order = moveItem(ids, item.id, input.direction);
    for (const [index, id] of order.entries())
      await tx
        .update(agendaItems)
        .set({ position: index + 1 })
        .where(and(eq(agendaItems.id, id), eq(agendaItems.meetingId, meeting.id)));
    return {
      items: await finish(tx, emit, deps, user, meeting, "move", { itemId: item.id, direction: input.direction }),
    };
  });
}
