import { sql } from "drizzle-orm";
import type { Publisher } from "@/server/infra/realtime/publisher";
import { queryRows } from "@/db/sql";
import { minCellSize } from "./rules/ballot-secrecy";
import type { ServiceDeps } from "@/server/infra/deps";
import type { EventMap } from "@/server/events/contract";
import { streamKey } from "@/server/domain/stream-access";

type NoticeDeps = Pick<ServiceDeps, "db" | "publisher" | "priorityDb" | "background">;

/**
 * A ballot's notices start at least this far apart. Each costs a fan-out to every watcher on the one
 * server thread, so under a burst of votes this bounds them to ten a second; a shorter interval brought
 * watchers the votes a little sooner at a large cost in vote throughput (figures: bench/README.md,
 * "Notice interval").
 */
export const voteNoticeIntervalMs = 100;

/**
 * A secret ballot's notices are coarse: at most one this often, and only once at least `minCellSize`
 * new voters have come since the last (a vote's change moves no turnout and its tallies are never
 * sent), so no notice pins a vote's moment and region on one person.
 */
export const secretVoteNoticeIntervalMs = 30_000;

/** Per ballot, while it has votes to tell or its last notice started less than an interval ago. */
interface BallotNotices {
  deps: NoticeDeps;
  secret: boolean;
  /** Voters whose first vote no notice has counted yet. */
  newVoters: number;
  /** A vote has committed that no notice started since then will count. */
  pending: boolean;
  writing: Promise<void> | null;
  timer: NodeJS.Timeout | null;
  startedAt: number;
}

/**
 * The `vote:counted` notices of a ballot are coalesced, off the vote's transaction. Writing one per
 * vote inside it would make every vote queue on the ballot stream's head row (the outbox takes it
 * under a row lock for the seq), the very hot row the slotted counters avoid. Instead a committed
 * vote asks for a notice, and one statement (`ballot_vote_notice`, migration 0009) locks the stream
 * head, reads the committed counters and turnout and writes the notice to the outbox; it is
 * broadcast after that commits. One statement, because under a burst each round trip waits its turn
 * in a busy event loop, and the same work as an eleven-statement transaction reached the watchers
 * several times later (bench/README.md, "Vote → last watcher").
 *
 * A notice starts at once when a vote asks and none is being written and the last started an
 * interval ago; otherwise it starts when that is so (after the current notice commits, or at the
 * interval's end). So at most one notice per ballot is written at a time (a new one on every vote
 * made them queue on the stream head, each holding a connection), and under a burst they are driven
 * by the votes' own commits rather than by timers, which a busy event loop runs late. The state is
 * per publisher, i.e. per process (tests each have their own).
 *
 * Before the database closes (the background work the deps carry stops), a roll-call ballot's
 * notice still due is written at once and those being written are waited for: each tells of votes
 * that have committed, and costs one statement, so watchers are not left a notice short. A secret
 * ballot's waiting notice is dropped, since writing it early would break the interval that keeps it
 * coarse. Votes that commit once stopping has begun ask for nothing (clients resync on reconnect).
 */
interface Notices {
  ballots: Map<number, BallotNotices>;
  stopped: boolean;
  /** The background work that stops these notices (one, in practice; a test's wrapped deps share it). */
  stoppedBy: WeakSet<object>;
}

const noticesByPublisher = new WeakMap<Publisher, Notices>();

function noticesOf(deps: Pick<NoticeDeps, "publisher" | "background">): Notices {
  let notices = noticesByPublisher.get(deps.publisher);
  if (!notices) {
    noticesByPublisher.set(
      deps.publisher,
      (notices = { ballots: new Map(), stopped: false, stoppedBy: new WeakSet() }),
    );
  }
  if (deps.background && !notices.stoppedBy.has(deps.background)) {
    notices.stoppedBy.add(deps.background);
    const stopping = notices;
    deps.background.onStop(() => stopNotices(stopping));
  }
  return notices;
}

async function stopNotices(notices: Notices): Promise<void> {
  notices.stopped = true;
  for (const [ballotId, state] of notices.ballots) {
    if (!state.secret) continue;
    if (state.timer) clearTimeout(state.timer);
    state.timer = null;
    state.pending = false;
    if (!state.writing) notices.ballots.delete(ballotId);
  }
  await flush(notices);
}

export function requestVoteNotice(
  deps: NoticeDeps,
  ballotId: number,
  vote: { secret: boolean; newVoter: boolean },
): void {
  // A secret ballot's notice carries turnout only, which a changed mark does not move.
  if (vote.secret && !vote.newVoter) return;
  if (deps.background?.stopping) return;
  const notices = noticesOf(deps);
  if (notices.stopped) return;
  const ballots = notices.ballots;
  let state = ballots.get(ballotId);
  if (!state)
    ballots.set(
      ballotId,
      (state = {
        deps,
        secret: vote.secret,
        newVoters: 0,
        pending: false,
        writing: null,
        timer: null,
        startedAt: Number.NEGATIVE_INFINITY,
      }),
    );
  state.pending = true;
  if (vote.newVoter) state.newVoters += 1;
  pump(notices, ballotId, state);
}

/** Starts the ballot's next notice if it is due, or arranges to look again when it may be. */
function pump(notices: Notices, ballotId: number, state: BallotNotices, flushing = false): void {
  const ballots = notices.ballots;
  // The notice being written calls again when it ends.
  if (state.writing) return;
  // Stopping: a secret ballot's notice is not written early (see above).
  if (notices.stopped && state.secret) {
    if (state.timer) clearTimeout(state.timer);
    state.timer = null;
    ballots.delete(ballotId);
    return;
  }
  const now = Date.now();
  const wait = flushing
    ? 0
    : state.startedAt + (state.secret ? secretVoteNoticeIntervalMs : voteNoticeIntervalMs) - now;
  if (state.timer) {
    // A busy event loop runs timers late (after every request ready now): a vote's commit at or
    // after the due time starts the notice itself.
    if (wait > 0) return;
    clearTimeout(state.timer);
    state.timer = null;
  }
  if (wait > 0) {
    state.timer = setTimeout(() => {
      state.timer = null;
      pump(notices, ballotId, state);
    }, wait);
    state.timer.unref();
    return;
  }
  if (!state.pending) {
    ballots.delete(ballotId);
    return;
  }
  // Too few new voters to tell a secret ballot's turnout: kept until more come (their votes pump again).
  if (state.secret && state.newVoters < minCellSize) return;
  state.pending = false;
  state.newVoters = 0;
  state.startedAt = now;
  state.writing = writeVoteNotice(state.deps, ballotId)
    .catch(() => undefined) // a lost notice is repaired by the next one, which counts everything
    .finally(() => {
      state.writing = null;
      pump(notices, ballotId, state);
    });
}

/** Writes every notice still due, now, and waits for all to commit. */
async function flush(notices: Notices): Promise<void> {
  const ballots = notices.ballots;
  // A secret ballot waiting for more voters has neither a timer nor a write, and is not due.
  while ([...ballots.values()].some((state) => state.timer !== null || state.writing !== null)) {
    for (const [ballotId, state] of ballots) {
      if (state.timer) pump(notices, ballotId, state, true);
    }
    // A ballot is now being written (and will set a timer after), waiting for voters, or gone.
    await Promise.all([...ballots.values()].flatMap((state) => (state.writing ? [state.writing] : [])));
  }
}

/** Writes every notice still due, now, and waits for all to commit; for tests and the demo's seeding. */
export async function flushVoteNotices(publisher: Publisher): Promise<void> {
  await flush(noticesOf({ publisher }));
}

interface NoticeRow extends Record<string, unknown> {
  out_id: number | string;
  out_seq: number | string;
  out_created_at: Date | string;
  out_payload: EventMap["vote:counted"];
}

export async function writeVoteNotice(deps: NoticeDeps, ballotId: number): Promise<void> {
  // On its own connections: under a burst of votes the request pool has a queue, and a notice
  // waiting in it would reach the watchers as late as the slowest vote. One statement commits on
  // its own, so what is published below is committed.
  const [row] = await queryRows<NoticeRow>(
    deps.priorityDb ?? deps.db,
    sql`select * from ballot_vote_notice(${ballotId})`,
  );
  if (!row) return;
  deps.publisher.publish([
    {
      stream: streamKey({ kind: "ballot", id: ballotId }),
      seq: Number(row.out_seq),
      type: "vote:counted",
      payload: row.out_payload,
      at: new Date(row.out_created_at).toISOString(),
      outboxId: Number(row.out_id),
    },
  ]);
}
