import { sql } from "drizzle-orm";
import type { Publisher } from "../realtime/publisher";
import { queryRows } from "@/db/sql";
import type { ServiceDeps } from "./deps";

type NoticeDeps = Pick<ServiceDeps, "db" | "publisher" | "priorityDb">;

/**
 * A ballot's notices start at least this far apart: the first one this long after the vote that
 * asked for it, a follow-up this long after its predecessor started. Each costs a fan-out to every
 * watcher, so under a burst of votes this bounds the notices to 20 a second, while a vote still
 * reaches the watchers well inside the one-second promise.
 */
export const voteNoticeIntervalMs = 50;

/** Per ballot: a notice waiting for its timer, or being written, and whether another was asked for meanwhile. */
interface BallotNotices {
  deps: NoticeDeps;
  timer: NodeJS.Timeout | null;
  writing: Promise<void> | null;
  again: boolean;
  startedAt: number;
}

/**
 * The `vote:counted` notices of a ballot are coalesced, off the vote's transaction. Writing one per
 * vote inside it would make every vote queue on the ballot stream's head row (the outbox takes it
 * under a row lock for the seq), the very hot row the slotted counters avoid. Instead a committed
 * vote asks for a notice, and one statement (`ballot_vote_notice`, migration 0009) locks the stream
 * head, reads the committed counters and turnout and writes the notice to the outbox; it is
 * broadcast after that commits. One statement, because under a burst each round trip waits its turn
 * in a busy event loop: the same work as an eleven-statement transaction reached the watchers
 * 300–500 ms after the vote (bench:ballot).
 *
 * At most one notice per ballot is being written at a time: under a burst of votes, starting a new
 * notice on every tick made them queue on the stream head while each held a connection. A vote
 * committing while a notice is written asks for one more, started when the current one has
 * committed and `voteNoticeIntervalMs` after it started. The state is per publisher, i.e. per
 * process (tests each have their own).
 */
const stateByPublisher = new WeakMap<Publisher, Map<number, BallotNotices>>();

function ballotsOf(publisher: Publisher): Map<number, BallotNotices> {
  let ballots = stateByPublisher.get(publisher);
  if (!ballots) stateByPublisher.set(publisher, (ballots = new Map()));
  return ballots;
}

export function requestVoteNotice(deps: NoticeDeps, ballotId: number): void {
  const ballots = ballotsOf(deps.publisher);
  const state = ballots.get(ballotId);
  if (!state) {
    const fresh: BallotNotices = { deps, timer: null, writing: null, again: false, startedAt: 0 };
    ballots.set(ballotId, fresh);
    schedule(ballots, ballotId, fresh, voteNoticeIntervalMs);
  } else if (state.writing) {
    state.again = true;
  }
  // Otherwise a notice is already due and will read this vote's committed counters.
}

function schedule(ballots: Map<number, BallotNotices>, ballotId: number, state: BallotNotices, delayMs: number) {
  state.timer = setTimeout(() => write(ballots, ballotId, state), delayMs);
  state.timer.unref();
}

function write(ballots: Map<number, BallotNotices>, ballotId: number, state: BallotNotices) {
  state.timer = null;
  state.again = false;
  state.startedAt = Date.now();
  state.writing = writeVoteNotice(state.deps, ballotId)
    .catch(() => undefined)
    .finally(() => {
      state.writing = null;
      if (state.again) schedule(ballots, ballotId, state, Math.max(0, state.startedAt + voteNoticeIntervalMs - Date.now()));
      else ballots.delete(ballotId);
    });
}

/** Writes every notice still waiting, now, and waits for all to commit; for tests and shutdown. */
export async function flushVoteNotices(publisher: Publisher): Promise<void> {
  const ballots = ballotsOf(publisher);
  while (ballots.size > 0) {
    for (const [ballotId, state] of ballots) {
      if (state.timer) {
        clearTimeout(state.timer);
        write(ballots, ballotId, state);
      }
    }
    // Each `writing` ends with its bookkeeping, so afterwards a ballot is gone or has a follow-up timer.
    await Promise.all([...ballots.values()].map((state) => state.writing));
  }
}

interface NoticeRow extends Record<string, unknown> {
  out_id: number | string;
  out_seq: number | string;
  out_created_at: Date | string;
  out_payload: Record<string, unknown>;
}

export async function writeVoteNotice(deps: NoticeDeps, ballotId: number): Promise<void> {
  // On its own connections: under a burst of votes the request pool has a queue, and a notice
  // waiting in it would reach the watchers as late as the slowest vote. One statement commits on
  // its own, so what is published below is committed.
  const [row] = await queryRows<NoticeRow>(deps.priorityDb ?? deps.db, sql`select * from ballot_vote_notice(${ballotId})`);
  if (!row) return;
  deps.publisher.publish([
    {
      stream: `ballot:${ballotId}`,
      seq: Number(row.out_seq),
      type: "vote:counted",
      payload: row.out_payload,
      at: new Date(row.out_created_at).toISOString(),
      outboxId: Number(row.out_id),
    },
  ]);
}
