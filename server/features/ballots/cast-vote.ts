import { randomBytes } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { ballotElectorate, ballotTallySlots, benefitPlans, votes, type Ballot } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import type { CastVoteInput } from "./contract";
import { emptyCount, type Count, type VoteChoice } from "./rules/ballot-rules";
import { AppError } from "@/server/errors";
import { closedMessage, loadBallot } from "./ballot-reads";
import type { ServiceDeps } from "@/server/infra/deps";
import { transact } from "@/server/infra/transact";
import { requestVoteNotice } from "./vote-notices";

/**
 * Counter slots per (ballot, plan, region). Votes of different voters land on different rows most of
 * the time, so they do not queue behind one hot counter; a voter always uses the same slot.
 */
export const tallySlotCount = 16;
export const slotOf = (voterId: number) => voterId % tallySlotCount;

const notInElectorate = () =>
  new AppError(
    "NOT_IN_ELECTORATE",
    "Only the coordination-body members of the project's regions, as they stood when the ballot opened, may vote in it",
  );

/** A vote's ballot tracker: unguessable, and new with every change so an old one cannot be confused with the mark counted. */
const newReceipt = () => randomBytes(16).toString("hex");

function refuseIfClosed(now: Date, ballot: Ballot): void {
  if (ballot.status === "closed" || ballot.closedAt)
    throw new AppError("BALLOT_CLOSED", closedMessage(ballot.closedAt ?? ballot.closesAt));
  if (now.getTime() >= ballot.closesAt.getTime()) throw new AppError("BALLOT_CLOSED", closedMessage(ballot.closesAt));
}

/**
 * Records a voter's choices (a mark per plan, changeable until the close). Lock order, the same in
 * every transaction that touches a ballot, is what keeps this free of deadlocks:
 *   ballot row (key share, after checking there is no close mark; the close's mark does not wait
 *     for it, the close's count takes it exclusively, so no vote commits after the count began)
 *   → the voter's electorate row (update; the same voter in several tabs runs one at a time, so the
 *     old choice read here is the one being replaced)
 *   → tally slots in plan order.
 * The live notice is not written here but coalesced after the commit (vote-notices.ts).
 */
export async function castVote(deps: ServiceDeps, actor: SessionUser, input: CastVoteInput) {
  const outcome = await transact(deps, async (tx) => {
    const now = deps.now();
    // A plain read first: once a close has stamped its mark, votes are refused without touching the
    // ballot row's lock, so a storm of late votes cannot hold off the close's exclusive lock.
    refuseIfClosed(now, await loadBallot(tx, input.ballotId));
    const ballot = await loadBallot(tx, input.ballotId, "key share");
    refuseIfClosed(now, ballot);
    const [voter] = await tx
      .select()
      .from(ballotElectorate)
      .where(and(eq(ballotElectorate.ballotId, ballot.id), eq(ballotElectorate.accountId, actor.id)))
      .for("update");
    if (!voter) throw notInElectorate();
    const chosen = [...input.choices].sort((a, b) => a.planId - b.planId);
    // In one read: which chosen plans are on this ballot, and the voter's present mark on each.
    const onBallot = await tx
      .select({ planId: benefitPlans.id, choice: votes.choice })
      .from(benefitPlans)
      .leftJoin(
        votes,
        and(eq(votes.ballotId, ballot.id), eq(votes.planId, benefitPlans.id), eq(votes.voterId, actor.id)),
      )
      .where(
        and(
          eq(benefitPlans.ballotId, ballot.id),
          inArray(
            benefitPlans.id,
            chosen.map((c) => c.planId),
          ),
        ),
      );
    const unknown = chosen.filter((c) => !onBallot.some((p) => p.planId === c.planId)).map((c) => c.planId);
    if (unknown.length > 0)
      throw new AppError("PLAN_NOT_ON_BALLOT", `Plan ${unknown.join(", ")} is not on this ballot`);
    const before = new Map(onBallot.flatMap((p) => (p.choice ? [[p.planId, p.choice] as const] : [])));
    const changed = chosen.filter((c) => before.get(c.planId) !== c.choice);
    const notice = { secret: ballot.visibility === "secret", newVoter: !voter.firstVotedAt };
    if (changed.length === 0) return { ballotId: ballot.id, changed: 0, notice };

    await tx
      .insert(votes)
      .values(
        changed.map((c) => ({
          ballotId: ballot.id,
          planId: c.planId,
          voterId: actor.id,
          regionId: voter.regionId,
          choice: c.choice,
          receipt: newReceipt(),
          updatedAt: now,
        })),
      )
      .onConflictDoUpdate({
        target: [votes.ballotId, votes.planId, votes.voterId],
        set: { choice: sql`excluded.choice`, receipt: sql`excluded.receipt`, updatedAt: sql`excluded.updated_at` },
      });
    // One statement for every changed plan (distinct slot keys), not one round trip each.
    const deltas = changed.map((c) => {
      const delta: Count = emptyCount();
      delta[c.choice] += 1;
      const old: VoteChoice | undefined = before.get(c.planId);
      if (old) delta[old] -= 1;
      return { ballotId: ballot.id, planId: c.planId, regionId: voter.regionId, slot: slotOf(actor.id), ...delta };
    });
    await tx
      .insert(ballotTallySlots)
      .values(deltas)
      .onConflictDoUpdate({
        target: [ballotTallySlots.ballotId, ballotTallySlots.planId, ballotTallySlots.regionId, ballotTallySlots.slot],
        set: {
          approve: sql`${ballotTallySlots.approve} + excluded.approve`,
          reject: sql`${ballotTallySlots.reject} + excluded.reject`,
          abstain: sql`${ballotTallySlots.abstain} + excluded.abstain`,
        },
      });
    if (!voter.firstVotedAt) {
      await tx
        .update(ballotElectorate)
        .set({ firstVotedAt: now })
        .where(and(eq(ballotElectorate.ballotId, ballot.id), eq(ballotElectorate.accountId, actor.id)));
    }

    return { ballotId: ballot.id, changed: changed.length, notice };
  });
  // After the commit: the live notice is coalesced, see vote-notices.ts.
  if (outcome.changed > 0) requestVoteNotice(deps, outcome.ballotId, outcome.notice);
  return { ballotId: outcome.ballotId, changed: outcome.changed };
}

/** The caller's own marks on a ballot, and whether they may vote in it. */
export async function myVotes(deps: Pick<ServiceDeps, "db">, actor: SessionUser, ballotId: number) {
  const ballot = await loadBallot(deps.db, ballotId);
  const [voter] = await deps.db
    .select()
    .from(ballotElectorate)
    .where(and(eq(ballotElectorate.ballotId, ballot.id), eq(ballotElectorate.accountId, actor.id)));
  if (!voter) return { ballotId: ballot.id, eligible: false, regionId: null, votes: [] };
  const rows = await deps.db
    .select({ planId: votes.planId, choice: votes.choice, receipt: votes.receipt, updatedAt: votes.updatedAt })
    .from(votes)
    .innerJoin(benefitPlans, eq(benefitPlans.id, votes.planId))
    .where(and(eq(votes.ballotId, ballot.id), eq(votes.voterId, actor.id)))
    .orderBy(votes.planId);
  return { ballotId: ballot.id, eligible: true, regionId: voter.regionId, votes: rows };
}
