import { and, asc, eq, max } from "drizzle-orm";
import { meetingSpeakers } from "@/db/schema";
import type { Tx } from "@/db/client";
import type { SessionUser } from "../../infra/auth/session";
import { AppError } from "../../errors";
import type { ServiceDeps } from "../../infra/deps";
import { transact } from "../../infra/transact";
import { emitSpeakers, readableMeeting, registeredRegion, runnableMeeting } from "./meeting-state";
import { moveItem } from "./rules";

type Deps = Pick<ServiceDeps, "db" | "publisher" | "now">;

const notInSession = () => new AppError("MEETING_NOT_IN_SESSION", "The meeting is not in session");

/** A registrant raises their hand; it joins the end of the queue. Raising twice changes nothing. */
export async function raiseHand(deps: Deps, user: SessionUser, input: { meetingId: number }) {
  return transact(deps, async (tx, emit) => {
    const { meeting, actor } = await readableMeeting(tx, user, input.meetingId, true);
    if (meeting.status !== "in_session") throw notInSession();
    const regionId = await registeredRegion(tx, meeting.id, actor!.id, "Register for the meeting to ask for the floor");
    const [last] = await tx
      .select({ position: max(meetingSpeakers.position) })
      .from(meetingSpeakers)
      .where(eq(meetingSpeakers.meetingId, meeting.id));
    await tx
      .insert(meetingSpeakers)
      .values({
        meetingId: meeting.id,
        accountId: actor!.id,
        regionId,
        position: (last?.position ?? 0) + 1,
        raisedAt: deps.now(),
      })
      .onConflictDoNothing();
    return { speakers: await emitSpeakers(tx, emit, meeting.id) };
  });
}

/** A speaker leaves the queue: themselves (lowering their hand) or the chair (closing a turn). */
export async function lowerHand(deps: Deps, user: SessionUser, input: { speakerId: number }) {
  return transact(deps, async (tx, emit) => {
    const speaker = await speakerRow(tx, input.speakerId);
    const { meeting, actor } = await readableMeeting(tx, user, speaker.meetingId, true);
    if (speaker.accountId !== actor!.id) await runnableMeeting(tx, user, meeting.id);
    await tx.update(meetingSpeakers).set({ state: "done" }).where(eq(meetingSpeakers.id, speaker.id));
    return { speakers: await emitSpeakers(tx, emit, meeting.id) };
  });
}

/** The chair gives the floor: whoever was speaking is done, this speaker speaks. */
export async function giveFloor(deps: Deps, user: SessionUser, input: { speakerId: number }) {
  return transact(deps, async (tx, emit) => {
    const speaker = await speakerRow(tx, input.speakerId);
    const { meeting } = await runnableMeeting(tx, user, speaker.meetingId);
    if (meeting.status !== "in_session") throw notInSession();
    await tx
      .update(meetingSpeakers)
      .set({ state: "done" })
      .where(and(eq(meetingSpeakers.meetingId, meeting.id), eq(meetingSpeakers.state, "speaking")));
    await tx.update(meetingSpeakers).set({ state: "speaking" }).where(eq(meetingSpeakers.id, speaker.id));
    return { speakers: await emitSpeakers(tx, emit, meeting.id) };
  });
}

/** The chair orders the queue, one place at a time (keyboard-friendly up and down). */
export async function moveSpeaker(
  deps: Deps,
  user: SessionUser,
  input: { speakerId: number; direction: "up" | "down" },
) {
  return transact(deps, async (tx, emit) => {
    const speaker = await speakerRow(tx, input.speakerId);
    const { meeting } = await runnableMeeting(tx, user, speaker.meetingId);
    const waiting = (
      await tx
        .select({ id: meetingSpeakers.id })
        .from(meetingSpeakers)
        .where(and(eq(meetingSpeakers.meetingId, meeting.id), eq(meetingSpeakers.state, "waiting")))
        .orderBy(asc(meetingSpeakers.position), asc(meetingSpeakers.id))
    ).map((r) => r.id);
    for (const [index, id] of moveItem(waiting, speaker.id, input.direction).entries())
      await tx
        .update(meetingSpeakers)
        .set({ position: index + 1 })
        .where(eq(meetingSpeakers.id, id));
    return { speakers: await emitSpeakers(tx, emit, meeting.id) };
  });
}

async function speakerRow(tx: Tx, speakerId: number) {
  const [speaker] = await tx.select().from(meetingSpeakers).where(eq(meetingSpeakers.id, speakerId));
  if (!speaker || speaker.state === "done") throw new AppError("NOT_FOUND", "That hand is no longer raised");
  return speaker;
}
