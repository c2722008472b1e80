import { and, eq, isNull, max } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { ballots, votes, type Ballot } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import { earlyCloseCheck, regionsShortOfQuorum } from "./rules/ballot-governance";
import { decide, tallyVotes } from "./rules/ballot-rules";
import { voteSetDigest } from "./rules/ballot-digest";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/infra/audit";
import { assertChairsBallots } from "./ballot-chair";
import {
  ballotCounts,
  ballotPlanIds,
  ballotRegionRows,
  closedBallotState,
  loadBallot,
  publishedBallotRow,
  voteRows,
} from "./ballot-reads";
import type { ServiceDeps } from "@/server/infra/deps";
import { regionLabel, regionSummaries, summariesOf } from "@/server/features/access";
import { applyProjectTransition } from "@/server/features/projects";
import { transact } from "@/server/infra/transact";
import { settlePortfolioBallot } from "./portfolio-ballot";
import { settleRevisionBallot } from "./revision-ballot";
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
export async function closeBallot(
  deps: Pick<ServiceDeps, "db" | "publisher" | "now">,
  closer: Closer,
  ballotId: number,
  options: { onlyIfDue?: boolean; confirmEarlyClose?: boolean } = {},
) {
  const marked = await transact(deps, async (tx) => {
    const now = deps.now();
    const ballot = await loadBallot(tx, ballotId);
    if (closer !== "scheduler") await assertChairsBallots(tx, closer);
    if (ballot.status === "closed") return { done: true as const, ballot };
    if (ballot.closedAt) return { done: false as const };
    if (options.onlyIfDue && now.getTime() < ballot.closesAt.getTime()) return { done: true as const, ballot: null };
    if (closer !== "scheduler") await checkEarlyClose(tx, now, ballot, closer, options.confirmEarlyClose ?? false);
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
    if (ballot.status === "closed")
      return { ballotId: ballot.id, closedNow: false, result: ballot.result, digest: ballot.digest };
    const markedAt = ballot.closedAt ?? deps.now();

    const cast = await voteRows(tx, ballot.id);
    const result = decide(
      ballot.rule,
      ballot.quorumBp,
      await ballotRegionRows(tx, ballot.id),
      await ballotPlanIds(tx, ballot.id),
      tallyVotes(cast),
    );
    const digest = voteSetDigest(ballot.digestKey, ballot.id, cast);
    // A vote already past its check when the mark landed is counted; the close takes effect no
    // earlier than it, so no counted vote is later than closed_at.
    const lastVote = await lastVoteAt(tx, ballot.id);
    const closedAt = lastVote && lastVote > markedAt ? lastVote : markedAt;
    const closedById = ballot.closedById;
    const [closed] = await tx
      .update(ballots)
      .set({ status: "closed", closedAt, result, digest })
      .where(eq(ballots.id, ballot.id))
      .returning();
    let portfolio = null;
    let revision = null;
    if (ballot.projectId === null) portfolio = await settlePortfolioBallot(tx, closedAt, ballot, result.outcome);
    else {
      // A revision ballot decides a funded project's shares, not the project, which stays approved.
      revision = await settleRevisionBallot(tx, closedAt, ballot, result);
      if (revision === null && result.outcome === "agreement")
        await applyProjectTransition(tx, emit, closedAt, "system", ballot.projectId, "approve");
    }
    await recordAudit(tx, {
      actorId: closedById,
      action: "ballot.close",
      targetType: "ballot",
      targetId: ballot.id,
      reason: closedById === null ? "closing time reached" : closedAt < ballot.closesAt ? "closed early" : null,
      before: { status: "open", closesAt: ballot.closesAt.toISOString() },
      after: {
        status: "closed",
        outcome: result.outcome,
        winnerPlanId: result.winnerPlanId,
        votes: cast.length,
        digest,
      },
    });
    const notice = {
      ballotId: ballot.id,
      projectId: ballot.projectId,
      outcome: result.outcome,
      winnerPlanId: result.winnerPlanId,
      digest,
      ballot: publishedBallotRow(closed!),
    };
    // The ballot's own stream also carries what its page shows now; the project's keeps to the row.
    await emit(streamKey({ kind: "ballot", id: ballot.id }), "ballot:closed", {
      ...notice,
      closed: await closedBallotState(tx, closed!, portfolio, revision),
    });
    if (ballot.projectId !== null)
      await emit(streamKey({ kind: "project", id: ballot.projectId }), "ballot:closed", notice);
    return { ballotId: ballot.id, closedNow: true, result, digest };
  });
}

/**
 * Before its time a ballot closes only when every region met quorum, or on an admin's explicit
 * confirmation, which is audited with the regions it overrode. Turnout only grows, so a check that
 * passes here still holds when the close takes effect.
 */
async function checkEarlyClose(tx: Tx, now: Date, ballot: Ballot, closer: SessionUser, confirm: boolean) {
  const regions = (await ballotCounts(tx, ballot.id, false)).turnout;
  const check = earlyCloseCheck({ now, closesAt: ballot.closesAt, turnout: regions, actorRole: closer.role, confirm });
  if (!check.allowed) {
    if (check.reason === "EARLY_CLOSE_CONFIRM_ADMIN_ONLY")
      throw new AppError(check.reason, "Only an admin can confirm an early close before every region met quorum");
    const names = summariesOf(check.regionIds, await regionSummaries(tx, check.regionIds)).map(regionLabel);
    throw new AppError(check.reason, `The ballot cannot close early: ${names.join(", ")} has not met quorum`);
  }
  if (check.confirmed) {
    await recordAudit(tx, {
      actorId: closer.id,
      action: "ballot.close_early_confirmed",
      targetType: "ballot",
      targetId: ballot.id,
      reason: "closed before every region met quorum, confirmed by an admin",
      before: { closesAt: ballot.closesAt.toISOString() },
      after: { shortOfQuorum: regionsShortOfQuorum(regions) },
    });
  }
}

async function lastVoteAt(tx: Tx, ballotId: number): Promise<Date | null> {
  const [row] = await tx
    .select({ at: max(votes.updatedAt) })
    .from(votes)
    .where(eq(votes.ballotId, ballotId));
  return row?.at ? new Date(row.at) : null;
}
