import { and, eq, isNull, max } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { ballots, votes } from "@/db/schema";
import type { SessionUser } from "../auth/session";
import { decide, tallyVotes } from "../domain/ballot-rules";
import { voteSetDigest } from "../domain/ballot-digest";
import { AppError } from "../errors";
import { recordAudit } from "./audit";
import { ballotPlanIds, ballotRegionRows, loadBallot, voteRows } from "./ballot-reads";
import type { ServiceDeps } from "./deps";
import { isChair } from "./open-ballot";
import { applyProjectTransition } from "./project-status";
import { transact } from "./transact";
import { streamKey } from "@/server/domain/stream-access";

export type Closer = SessionUser | "scheduler";

/**
 * Closes a ballot in two steps, so a storm of votes cannot hold it off:
 *  1. the mark: a short transaction stamps `closed_at` (the moment the close takes effect) on the
 *     still-open ballot. It needs no lock that votes hold, so it never waits behind them; from its
 *     commit on, every vote sees the mark and is refused with BALLOT_CLOSED.
 *  2. the count: the ballot row is locked exclusively, which waits only for the votes that were
 *     already past their check; then recount the vote rows (never the live counters), decide, store
 *     the result and the digest, move the project (approved on agreement; on no agreement it stays
 *     in voting for the chair's next round or conclusion), audit, and notify.
 * A second close at the same moment finds the mark or the stored result: one close, one result. The
 * scheduler passes `onlyIfDue` so a ballot whose time was moved is left alone; a marked ballot is
 * always due (a close interrupted between the steps is finished by the next pass).
 */
export async function closeBallot(deps: Pick<ServiceDeps, "db" | "publisher" | "now">, closer: Closer, ballotId: number, options: { onlyIfDue?: boolean } = {}) {
  const marked = await transact(deps, async (tx) => {
    const now = deps.now();
    const ballot = await loadBallot(tx, ballotId);
    if (closer !== "scheduler" && !isChair(ballot, closer)) {
      throw new AppError("NOT_BALLOT_CHAIR", "Only the member who opened this ballot, or an admin, can close it early");
    }
    if (ballot.status === "closed") return { done: true as const, ballot };
    if (ballot.closedAt) return { done: false as const };
    if (options.onlyIfDue && now.getTime() < ballot.closesAt.getTime()) return { done: true as const, ballot: null };
    const closedById = closer === "scheduler" ? null : closer.id;
    // Conditional, so of two closes racing here the first mark stands.
    await tx
      .update(ballots)
      .set({ closedAt: now, closedById })
      .where(and(eq(ballots.id, ballot.id), eq(ballots.status, "open"), isNull(ballots.closedAt)));
    return { done: false as const };
  });
  if (marked.done) {
    const ballot = marked.ballot;
    return { ballotId, closedNow: false, result: ballot?.result ?? null, digest: ballot?.digest ?? null };
  }
  return transact(deps, async (tx, emit) => {
    const ballot = await loadBallot(tx, ballotId, "update");
    if (ballot.status === "closed") return { ballotId: ballot.id, closedNow: false, result: ballot.result, digest: ballot.digest };
    const markedAt = ballot.closedAt ?? deps.now();

    const cast = await voteRows(tx, ballot.id);
    const result = decide(ballot.rule, ballot.quorumBp, await ballotRegionRows(tx, ballot.id), await ballotPlanIds(tx, ballot.id), tallyVotes(cast));
    const digest = voteSetDigest(ballot.digestKey, ballot.id, cast);
    // A vote already past its check when the mark landed is counted; the close takes effect no
    // earlier than it, so no counted vote is later than closed_at.
    const lastVote = await lastVoteAt(tx, ballot.id);
    const closedAt = lastVote && lastVote > markedAt ? lastVote : markedAt;
    const closedById = ballot.closedById;
    await tx.update(ballots).set({ status: "closed", closedAt, result, digest }).where(eq(ballots.id, ballot.id));
    if (result.outcome === "agreement") await applyProjectTransition(tx, emit, closedAt, "system", ballot.projectId, "approve");
    await recordAudit(tx, {
      actorId: closedById,
      action: "ballot.close",
      targetType: "ballot",
      targetId: ballot.id,
      reason: closedById === null ? "closing time reached" : closedAt < ballot.closesAt ? "closed early by its chair" : null,
      before: { status: "open", closesAt: ballot.closesAt.toISOString() },
      after: { status: "closed", outcome: result.outcome, winnerPlanId: result.winnerPlanId, votes: cast.length, digest },
    });
    const notice = { ballotId: ballot.id, projectId: ballot.projectId, outcome: result.outcome, winnerPlanId: result.winnerPlanId, digest };
    await emit(streamKey({ kind: "ballot", id: ballot.id }), "ballot:closed", notice);
    await emit(streamKey({ kind: "project", id: ballot.projectId }), "ballot:closed", notice);
    return { ballotId: ballot.id, closedNow: true, result, digest };
  });
}

async function lastVoteAt(tx: Tx, ballotId: number): Promise<Date | null> {
  const [row] = await tx.select({ at: max(votes.updatedAt) }).from(votes).where(eq(votes.ballotId, ballotId));
  return row?.at ? new Date(row.at) : null;
}
