import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { ballots } from "@/db/schema";
import type { SessionUser } from "../auth/session";
import { canonicalVoteSet, decide, tallyVotes } from "../domain/ballot-rules";
import { AppError } from "../errors";
import { recordAudit } from "./audit";
import { ballotPlanIds, ballotRegionRows, loadBallot, voteRows } from "./ballot-reads";
import type { ServiceDeps } from "./deps";
import { isChair } from "./open-ballot";
import { applyProjectTransition } from "./project-status";
import { transact } from "./transact";

export const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

export type Closer = SessionUser | "scheduler";

/**
 * Closes a ballot in one transaction: recount the vote rows (never the live counters), decide, store
 * the result and the digest of the sorted vote set, move the project (approved on agreement; on no
 * agreement it stays in voting for the chair's next round or conclusion), audit, and notify.
 *
 * The ballot row is locked exclusively first, so a second close at the same moment waits, then finds
 * it closed and returns the stored result: one close, one result. The scheduler passes `onlyIfDue`
 * so a ballot whose time was moved or that a chair already closed is left alone.
 */
export async function closeBallot(deps: Pick<ServiceDeps, "db" | "publisher" | "now">, closer: Closer, ballotId: number, options: { onlyIfDue?: boolean } = {}) {
  return transact(deps, async (tx, emit) => {
    const now = deps.now();
    const ballot = await loadBallot(tx, ballotId, "update");
    if (closer !== "scheduler" && !isChair(ballot, closer)) {
      throw new AppError("NOT_BALLOT_CHAIR", "Only the member who opened this ballot, or an admin, can close it early");
    }
    if (ballot.status === "closed") return { ballotId: ballot.id, closedNow: false, result: ballot.result, digest: ballot.digest };
    if (options.onlyIfDue && now.getTime() < ballot.closesAt.getTime()) return { ballotId: ballot.id, closedNow: false, result: null, digest: null };

    const cast = await voteRows(tx, ballot.id);
    const result = decide(ballot.rule, ballot.quorumBp, await ballotRegionRows(tx, ballot.id), await ballotPlanIds(tx, ballot.id), tallyVotes(cast));
    const digest = sha256(canonicalVoteSet(ballot.id, cast));
    const closedById = closer === "scheduler" ? null : closer.id;
    await tx.update(ballots).set({ status: "closed", closedAt: now, closedById, result, digest }).where(eq(ballots.id, ballot.id));
    if (result.outcome === "agreement") await applyProjectTransition(tx, emit, now, "system", ballot.projectId, "approve");
    await recordAudit(tx, {
      actorId: closedById,
      action: "ballot.close",
      targetType: "ballot",
      targetId: ballot.id,
      reason: closer === "scheduler" ? "closing time reached" : now < ballot.closesAt ? "closed early by its chair" : null,
      before: { status: "open", closesAt: ballot.closesAt.toISOString() },
      after: { status: "closed", outcome: result.outcome, winnerPlanId: result.winnerPlanId, votes: cast.length, digest },
    });
    const notice = { ballotId: ballot.id, projectId: ballot.projectId, outcome: result.outcome, winnerPlanId: result.winnerPlanId, digest };
    await emit(`ballot:${ballot.id}`, "ballot:closed", notice);
    await emit(`project:${ballot.projectId}`, "ballot:closed", notice);
    return { ballotId: ballot.id, closedNow: true, result, digest };
  });
}
