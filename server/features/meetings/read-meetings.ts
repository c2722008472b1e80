import { and, asc, desc, eq, gte, inArray, lt, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { meetingRegistrations, meetings } from "@/db/schema";
import type { SessionUser } from "../../infra/auth/session";
import type { ServiceDeps } from "../../infra/deps";
import type { MyRegistration } from "./contract";
import {
  actorOf,
  agendaOf,
  decisionsOf,
  headerOf,
  presenceOf,
  readableMeeting,
  registrationsOf,
  speakersOf,
} from "./meeting-state";
import { mayRunMeetings, meetingViewerPermissions, meetingVisibleTo } from "./rules";
import { agendaRoundLinks } from "./agenda-rounds";
import { pollForViewer } from "./polls/time-poll";
import { myPollAnswers, pollsOf } from "./polls/polls";

/** One meeting as its page shows it: header, agenda, presence, queue, decisions, polls, and what the caller may do. */
export async function getMeeting(db: Db, user: SessionUser | null, meetingId: number, now: Date) {
  const { meeting, actor } = await readableMeeting(db, user, meetingId);
  // One after another: `db` is the page's snapshot transaction (readAtStreamHead), one connection
  // that runs one query at a time, where Promise.all only queued them in the driver.
  const agenda = await agendaOf(db, meeting.id);
  const roundLinks = await agendaRoundLinks(db, actor, meeting.id);
  const presence = await presenceOf(db, meeting, now);
  const speakers = await speakersOf(db, meeting.id);
  const decisions = await decisionsOf(db, meeting.id);
  const poll = await pollForViewer(db, meeting.id, actor?.id ?? null);
  const polls = await pollsOf(db, meeting.id);
  let registration: MyRegistration | null = null;
  if (actor) {
    const [row] = await db
      .select()
      .from(meetingRegistrations)
      .where(and(eq(meetingRegistrations.meetingId, meeting.id), eq(meetingRegistrations.accountId, actor.id)));
    if (row) registration = { mode: row.mode, delegateName: row.delegateName, checkedIn: row.checkedInAt !== null };
  }
  return {
    meeting: headerOf(meeting),
    agenda,
    roundLinks,
    presence,
    speakers,
    decisions,
    timePoll: poll.poll,
    polls,
    viewer: {
      signedIn: actor !== null,
      accountId: actor?.id ?? null,
      /** Who the caller answers for and whose actions they move (record-rules.ts decides; the page only offers). */
      regionId: actor?.regionId ?? null,
      role: actor?.role ?? null,
      chair: actor?.chair ?? false,
      ...meetingViewerPermissions(meeting, actor),
      registration,
      pollAnswers: actor ? await myPollAnswers(db, meeting.id, actor.id) : {},
      /** The caller's own time-poll answers. */
      timePollAnswers: poll.mine,
    },
  };
}

/**
 * Upcoming (not yet ended, soonest first) or past meetings (latest first) the caller may see: the
 * visibility rule is applied to each row, drafts included for chairs.
 */
export async function listMeetings(
  deps: Pick<ServiceDeps, "db" | "now">,
  user: SessionUser | null,
  input: { when: "upcoming" | "past" },
) {
  const actor = await actorOf(deps.db, user);
  const now = deps.now();
  const upcoming = input.when === "upcoming";
  // A meeting running late or awaiting its minutes stays upcoming; a closed one is past even before its end time.
  const running = inArray(meetings.status, ["in_session", "minutes_pending"]);
  const active = and(sql`${meetings.status} <> 'closed'`, or(running, gte(meetings.endsAt, now)));
  const rows = await deps.db
    .select()
    .from(meetings)
    .where(
      upcoming
        ? active
        : or(
            eq(meetings.status, "closed"),
            and(lt(meetings.endsAt, now), sql`${meetings.status} not in ('in_session', 'minutes_pending')`),
          ),
    )
    .orderBy(upcoming ? asc(meetings.startsAt) : desc(meetings.startsAt))
    .limit(200);
  const visible = rows.filter((m) => meetingVisibleTo(m, actor));
  const ids = visible.map((m) => m.id);
  const counts = ids.length
    ? await deps.db
        .select({ meetingId: meetingRegistrations.meetingId, count: sql<number>`count(*)::int` })
        .from(meetingRegistrations)
        .where(inArray(meetingRegistrations.meetingId, ids))
        .groupBy(meetingRegistrations.meetingId)
    : [];
  const countOf = new Map(counts.map((c) => [c.meetingId, Number(c.count)]));
  return {
    mayCreate: mayRunMeetings(actor),
    meetings: visible.map((m) => ({ ...headerOf(m), registered: countOf.get(m.id) ?? 0 })),
  };
}

/** Who registered, with names: for signed-in viewers who may see the meeting (a public page shows counts only). */
export async function listAttendees(db: Db, user: SessionUser, meetingId: number) {
  await readableMeeting(db, user, meetingId);
  return registrationsOf(db, meetingId);
}
