import { registerFilterInput } from "../contract";
import { and, asc, desc, eq, isNotNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { ballots, comments, reactions, regions, topics } from "@/db/schema";
import type { Stance } from "@/shared/vocabulary";
import type { SessionUser } from "../../../infra/auth/session";
import { streamVisibleTo } from "../../access";
import { listAttachments } from "../../attachments";
import { ballotCounts } from "../../ballots";
import { exportRound, listRounds } from "../../opinions";
import type { TurnoutRow } from "../../ballots/events";
import { registrationsOf } from "../meeting-state";
import { getMeeting } from "../read-meetings";
import { decisionRegister } from "../record/record";
import { hasMinutes, overallRecordStatus, type PackKind } from "./pack-rules";
import { AppError } from "../../../errors";

/**
 * What the meeting pack (the printable page and its PDF) holds, read through the meeting's visibility
 * rule: the meeting as its page shows it, a digest of each item's linked topic and ballot (each only
 * when the reader may see that too), who attends, and the decisions with each region's result.
 */

export interface TopicDigest {
  topicId: number;
  title: string;
  /** Visible comments with a stance, per author region. */
  stances: Array<{ regionId: number; counts: Record<Stance, number> }>;
  /** Amendments with the most "agree" reactions, at most three. */
  topAmendments: Array<{ text: string; support: number }>;
}

/** An opinion round's map in short: what the groups and the regions agree on, and what divides the regions. */
export interface RoundDigest {
  roundId: number;
  question: string;
  /** People placed on the map; null under the minimum cell (then no figure is shown at all). */
  voters: number | null;
  /** Group-informed consensus: agreed across the opinion groups. */
  consensus: string[];
  /** Region-fair consensus: agreed across the regions, each region weighing the same. */
  regionConsensus: string[];
  divisive: string[];
}

export interface BallotDigest {
  ballotId: number;
  status: string;
  turnout: TurnoutRow[];
}

export interface ItemDigest {
  itemId: number;
  topic: TopicDigest | null;
  /** The item's linked round; without one, the linked topic's latest round the reader may see. */
  round: RoundDigest | null;
  ballot: BallotDigest | null;
}

export type MeetingPack = Awaited<ReturnType<typeof meetingPackData>>;

type Viewer = Pick<SessionUser, "id" | "role"> | null;

async function topicDigest(db: Db, viewer: Viewer, topicId: number): Promise<TopicDigest | null> {
  if (!(await streamVisibleTo(db, viewer, { kind: "topic", id: topicId }))) return null;
  const [topic] = await db
    .select({ title: topics.title, threadId: topics.threadId })
    .from(topics)
    .where(eq(topics.id, topicId));
  if (!topic) return null;
  const visible = and(eq(comments.threadId, topic.threadId), eq(comments.state, "visible"));
  const counted = await db
    .select({ regionId: comments.authorRegionId, stance: comments.stance, count: sql<number>`count(*)::int` })
    .from(comments)
    .where(and(visible, isNotNull(comments.stance)))
    .groupBy(comments.authorRegionId, comments.stance)
    .orderBy(asc(comments.authorRegionId));
  const byRegion = new Map<number, Record<Stance, number>>();
  for (const row of counted) {
    const counts = byRegion.get(row.regionId) ?? { support: 0, concern: 0, question: 0, amendment: 0 };
    if (row.stance) counts[row.stance] = Number(row.count);
    byRegion.set(row.regionId, counts);
  }
  const support = sql<number>`count(${reactions.accountId}) filter (where ${reactions.kind} = 'agree')::int`;
  const amendments = await db
    .select({ text: comments.amendmentText, body: comments.body, support })
    .from(comments)
    .leftJoin(reactions, eq(reactions.commentId, comments.id))
    .where(and(visible, eq(comments.stance, "amendment")))
    .groupBy(comments.id)
    .orderBy(desc(support), asc(comments.id))
    .limit(3);
  return {
    topicId,
    title: topic.title,
    stances: [...byRegion].map(([regionId, counts]) => ({ regionId, counts })),
    topAmendments: amendments.map((a) => ({ text: a.text || a.body, support: Number(a.support) })),
  };
}

/** The fewest people a figure may rest on: the opinion map's minimum cell. */
const minCell = 3;

/**
 * Read through the opinion round's own export (its visibility rule, and its stored map, which holds no
 * figure under the minimum cell): the three statements most agreed across groups, across regions, and
 * the three that divide the regions most.
 */
async function roundDigest(db: Db, viewer: Viewer, roundId: number): Promise<RoundDigest> {
  const exported = await exportRound(db, viewer, roundId, "json");
  const { round, summary, statements } = JSON.parse(exported.body) as {
    round: { id: number; question: string };
    summary: { voters: number; consensus: number[]; regionConsensus: number[]; divisiveRegions: number[] } | null;
    statements: Array<{ id: number; text: string }>;
  };
  const texts = (ids: number[] | undefined) =>
    (ids ?? []).flatMap((id) => statements.find((s) => s.id === id)?.text ?? []).slice(0, 3);
  return {
    roundId: round.id,
    question: round.question,
    voters: summary && summary.voters >= minCell ? summary.voters : null,
    consensus: texts(summary?.consensus),
    regionConsensus: texts(summary?.regionConsensus),
    divisive: texts(summary?.divisiveRegions),
  };
}

/** The round an item's digest shows: its own link when the reader may see it, else its topic's latest. */
async function itemRound(db: Db, viewer: Viewer, linkedRoundId: number | null, topicId: number | null) {
  if (linkedRoundId !== null) return roundDigest(db, viewer, linkedRoundId);
  if (topicId === null || !(await streamVisibleTo(db, viewer, { kind: "topic", id: topicId }))) return null;
  const [latest] = await listRounds({ db }, viewer, { topicId });
  return latest ? roundDigest(db, viewer, latest.id) : null;
}

async function ballotDigest(db: Db, viewer: Viewer, ballotId: number): Promise<BallotDigest | null> {
  if (!(await streamVisibleTo(db, viewer, { kind: "ballot", id: ballotId }))) return null;
  const [ballot] = await db.select({ status: ballots.status }).from(ballots).where(eq(ballots.id, ballotId));
  if (!ballot) return null;
  const counts = await ballotCounts(db, ballotId, false);
  return { ballotId, status: ballot.status, turnout: counts.turnout };
}

/**
 * One pack as this reader sees it. The agenda pack leaves the minutes and decisions out altogether (so
 * it, and its cached PDF, do not change when they do); the minutes pack exists only once there are minutes.
 */
export async function meetingPackData(
  db: Db,
  user: SessionUser | null,
  meetingId: number,
  now: Date,
  kind: PackKind = "agenda",
) {
  const read = await getMeeting(db, user, meetingId, now);
  if (kind === "minutes" && !hasMinutes(read.agenda, read.decisions.length))
    throw new AppError("PACK_NO_MINUTES", "This meeting has no minutes yet");
  const viewer: Viewer = user ? { id: user.id, role: user.role } : null;
  const [digests, attendees, decisions, regionRows, files] = await Promise.all([
    Promise.all(
      read.agenda.map(async (item): Promise<ItemDigest> => ({
        itemId: item.id,
        topic: item.topicId === null ? null : await topicDigest(db, viewer, item.topicId),
        round: await itemRound(
          db,
          viewer,
          read.roundLinks.find((l) => l.itemId === item.id)?.roundId ?? null,
          item.topicId,
        ),
        ballot: item.ballotId === null ? null : await ballotDigest(db, viewer, item.ballotId),
      })),
    ),
    // Names for signed-in readers, as the attendees procedure gives them; a public reader sees counts only.
    user ? registrationsOf(db, read.meeting.id) : Promise.resolve([]),
    kind === "minutes"
      ? decisionRegister({ db }, user, registerFilterInput.parse({}), read.meeting.id).then((page) => page.entries)
      : Promise.resolve([]),
    db.select({ id: regions.id, nameZh: regions.nameZh, nameEn: regions.nameEn }).from(regions),
    // The files the pack page lists, through the attachments' own rule for the meeting.
    listAttachments({ db }, viewer, { kind: "meeting", id: read.meeting.id }),
  ]);
  const sorted = [...decisions].sort((a, b) => a.id - b.id);
  return {
    kind,
    meeting: read.meeting,
    agenda: kind === "minutes" ? read.agenda : read.agenda.map((item) => ({ ...item, minutes: "" })),
    presence: read.presence,
    digests,
    attendees,
    decisions: sorted,
    recordStatus: kind === "minutes" ? overallRecordStatus(sorted) : null,
    /** Whether the meeting has a minutes pack yet (the agenda pack links to it then). */
    hasMinutes: hasMinutes(read.agenda, read.decisions.length),
    regions: regionRows,
    files: files.items.map((f) => ({ id: f.id, name: f.name, type: f.type })),
  };
}
