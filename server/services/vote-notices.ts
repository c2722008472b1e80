import { sql } from "drizzle-orm";
import type { Publisher } from "../realtime/publisher";
import { ballotPlanIds, ballotRegionRows, loadBallot, slotTally, talliesVisible, tallyRows, turnout } from "./ballot-reads";
import type { ServiceDeps } from "./deps";
import { transact } from "./transact";

type NoticeDeps = Pick<ServiceDeps, "db" | "publisher">;

/** How long votes are gathered into one `vote:counted` notice: well inside the one-second promise. */
export const voteNoticeDelayMs = 150;

interface Pending {
  timer: NodeJS.Timeout;
  deps: NoticeDeps;
}

/**
 * The `vote:counted` notices of a ballot are coalesced, off the vote's transaction. Writing one per
 * vote inside it would make every vote queue on the ballot stream's head row (the outbox takes it
 * under a row lock for the seq), the very hot row the slotted counters avoid. Instead a committed
 * vote asks for a notice; within `voteNoticeDelayMs` one short transaction locks the stream head,
 * reads the (committed) counters and writes the notice to the outbox, and it is broadcast after that
 * commits. Locking the head before reading keeps counts non-decreasing in seq order, even with
 * several processes. The state is per publisher, i.e. per process (tests each have their own).
 */
const pendingByPublisher = new WeakMap<Publisher, Map<number, Pending>>();
const runningByPublisher = new WeakMap<Publisher, Set<Promise<void>>>();

export function requestVoteNotice(deps: NoticeDeps, ballotId: number): void {
  let pending = pendingByPublisher.get(deps.publisher);
  if (!pending) pendingByPublisher.set(deps.publisher, (pending = new Map()));
  if (pending.has(ballotId)) return;
  const map = pending;
  const timer = setTimeout(() => {
    // Cleared before the read, so a vote committing during it asks for (and gets) another notice.
    map.delete(ballotId);
    track(deps.publisher, writeVoteNotice(deps, ballotId).catch(() => undefined));
  }, voteNoticeDelayMs);
  timer.unref();
  map.set(ballotId, { timer, deps });
}

function track(publisher: Publisher, run: Promise<void>) {
  let running = runningByPublisher.get(publisher);
  if (!running) runningByPublisher.set(publisher, (running = new Set()));
  const set = running;
  set.add(run);
  void run.finally(() => set.delete(run));
}

/** Writes every notice still waiting, now; for tests and shutdown. */
export async function flushVoteNotices(publisher: Publisher): Promise<void> {
  const pending = pendingByPublisher.get(publisher);
  for (const [ballotId, { timer, deps }] of pending ?? []) {
    clearTimeout(timer);
    pending?.delete(ballotId);
    track(publisher, writeVoteNotice(deps, ballotId).catch(() => undefined));
  }
  await Promise.all([...(runningByPublisher.get(publisher) ?? [])]);
}

export async function writeVoteNotice(deps: NoticeDeps, ballotId: number): Promise<void> {
  await transact(deps, async (tx, emit) => {
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
