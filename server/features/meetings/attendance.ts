import { and, eq } from "drizzle-orm";
import { meetingRegistrations } from "@/db/schema";
import type { SessionUser } from "../../infra/auth/session";
import { AppError } from "../../errors";
import type { ServiceDeps } from "../../infra/deps";
import { transact } from "../../infra/transact";
import type { MyRegistration, RegisterInput } from "./contract";
import { emitPresence, readableMeeting } from "./meeting-state";
import { registrationRefusal } from "./rules";

type Deps = Pick<ServiceDeps, "db" | "publisher" | "now">;

const refusalMessages = {
  MEETING_NOT_OPEN: "Registration is open once the meeting is scheduled and until it ends",
  MEETING_NOT_FOR_ROLE: "This meeting is for the coordination body's members (forums: researchers too)",
} as const;

/**
 * Registers the caller (or changes how they come): in person, online, or a named delegate from their
 * region. The region is the caller's now; a delegate counts for it.
 */
export async function register(deps: Deps, user: SessionUser, input: RegisterInput): Promise<MyRegistration> {
  return transact(deps, async (tx, emit) => {
    const { meeting, actor } = await readableMeeting(tx, user, input.meetingId, true);
    const refusal = registrationRefusal(meeting, actor!.role);
    if (refusal) throw new AppError(refusal, refusalMessages[refusal]);
    const delegateName = input.mode === "delegate" ? input.delegateName : "";
    const [row] = await tx
      .insert(meetingRegistrations)
      .values({
        meetingId: meeting.id,
        accountId: actor!.id,
        regionId: actor!.regionId,
        mode: input.mode,
        delegateName,
      })
      .onConflictDoUpdate({
        target: [meetingRegistrations.meetingId, meetingRegistrations.accountId],
        set: { mode: input.mode, delegateName },
      })
      .returning();
    await emitPresence(tx, emit, meeting, deps.now());
    return { mode: row!.mode, delegateName: row!.delegateName, checkedIn: row!.checkedInAt !== null };
  });
}

export async function unregister(deps: Deps, user: SessionUser, input: { meetingId: number }) {
  return transact(deps, async (tx, emit) => {
    const { meeting } = await readableMeeting(tx, user, input.meetingId, true);
    if (meeting.status !== "scheduled")
      throw new AppError("MEETING_NOT_OPEN", "Registration can be withdrawn only before the meeting starts");
    await tx
      .delete(meetingRegistrations)
      .where(and(eq(meetingRegistrations.meetingId, meeting.id), eq(meetingRegistrations.accountId, user.id)));
    await emitPresence(tx, emit, meeting, deps.now());
    return null;
  });
}

/** A registrant checks in (for themselves or their delegate) once the meeting is in session. */
export async function checkIn(deps: Deps, user: SessionUser, input: { meetingId: number }): Promise<MyRegistration> {
  return transact(deps, async (tx, emit) => {
    const { meeting } = await readableMeeting(tx, user, input.meetingId, true);
    if (meeting.status !== "in_session")
      throw new AppError("MEETING_NOT_IN_SESSION", "Check-in opens when the meeting starts");
    const now = deps.now();
    const [row] = await tx
      .update(meetingRegistrations)
      .set({ checkedInAt: now })
      .where(and(eq(meetingRegistrations.meetingId, meeting.id), eq(meetingRegistrations.accountId, user.id)))
      .returning();
    if (!row) throw new AppError("NOT_REGISTERED", "Register for the meeting before checking in");
    await emitPresence(tx, emit, meeting, now);
    return { mode: row.mode, delegateName: row.delegateName, checkedIn: true };
  });
}
