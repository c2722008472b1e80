import { sql } from "drizzle-orm";
import type { Publisher } from "../realtime/publisher";
import { ballotPlanIds, ballotRegionRows, loadBallot, slotTally, talliesVisible, tallyRows, turnout } from "./ballot-reads";
import type { ServiceDeps } from "./deps";
import { transact } from "./transact";

type NoticeDeps = Pick<ServiceDeps, "db" | "publisher" | "priorityDb">;

/** How long votes are gathered into one `vote:counted` notice: well inside the one-second promise. */
export const voteNoticeDelayMs = 150;

/** Per ballot: a notice waiting for its timer, or being written, and whether another was asked for meanwhile. */
interface BallotNotices {
  deps: NoticeDeps;
  timer: NodeJS.Timeout | null;
  writing: Promise<void> | null;
  again: boolean;
}

/**
 * The `vote:counted` notices of a ballot are coalesced, off the vote's transaction. Writing one per
 * vote inside it would make every vote queue on the ballot stream's head row (the outbox takes it
 * under a row lock for the seq), the very hot row the slotted counters avoid. Instead a committed
 * vote asks for a notice; within `voteNoticeDelayMs` one short transaction locks the stream head,
 * reads the (committed) counters and writes the notice to the outbox, and it is broadcast after that
 * commits. Locking the head before reading keeps counts non-decreasing in seq order, even with
 * several processes.
 *
 * At most one notice per ballot is being written at a time: under a burst of votes, starting a new
 * notice transaction on every tick made them queue on the stream head while each held a pooled
 * connection, and the votes then queued behind them for connections (bench:ballot showed 6–12 of 10
 * connections so held). A vote committing while a notice is written asks for one more, written as
 * soon as the current one commits. The state is per publisher, i.e. per process (tests each have their own).
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
    const fresh: BallotNotices = { deps, timer: null, writing: null, again: false };
    ballots.set(ballotId, fresh);
    schedule(ballots, ballotId, fresh, voteNoticeDelayMs);
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
  state.writing = writeVoteNotice(state.deps, ballotId)
    .catch(() => undefined)
    .finally(() => {
      state.writing = null;
      // Votes committed while this notice was written: one more notice right away, they waited already.
      if (state.again) schedule(ballots, ballotId, state, 0);
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

export async function writeVoteNotice(deps: NoticeDeps, ballotId: number): Promise<void> {
  // On its own connections: under a burst of votes the request pool has a queue, and a notice
  // waiting in it would reach the watchers as late as the slowest vote.
  await transact({ db: deps.priorityDb ?? deps.db, publisher: deps.publisher }, async (tx, emit) => {
    const stream = `ballot:${ballotId}`;
    await tx.execute(sql`select last_seq from stream_heads where stream = ${stream} for update`);
    const ballot = await loadBallot(tx, ballotId);
    const notice: Record<string, unknown> = { ballotId, turnout: await turnout(tx, ballotId) };
    if (talliesVisible(ballot)) {
      const regionIds = (await ballotRegionRows(tx, ballotId)).map((r) => r.regionId);
      notice.tallies = tallyRows(await slotTally(tx, ballotId), await ballotPlanIds(tx, ballotId), regionIds);
    }
    await emit(stream, "vote:counted", notice);
  });
}
