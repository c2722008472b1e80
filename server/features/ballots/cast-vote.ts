import { randomBytes } from "node:crypto";
import { and, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import { ballotElectorate, ballots, ballotTallySlots, benefitPlans, votes, type Ballot } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import type { CastVoteInput } from "./contract";
import { emptyCount, type Count, type VoteChoice } from "./rules/ballot-rules";
import { AppError } from "@/server/errors";
import { closedMessage, loadBallot } from "./ballot-reads";
import type { ServiceDeps } from "@/server/infra/deps";
import { transact } from "@/server/infra/transact";
import type { Tx } from "@/db/client";
import { intArray, queryRows } from "@/db/sql";
import { GroupCommitter, type Settled } from "@/server/infra/group-commit";
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

/** A changed mark's row, with a fresh receipt. */
const markRow = (
  ballotId: number,
  voter: { accountId: number; regionId: number },
  mark: { planId: number; choice: VoteChoice },
  now: Date,
): typeof votes.$inferInsert => ({
  ballotId,
  planId: mark.planId,
  voterId: voter.accountId,
  regionId: voter.regionId,
  choice: mark.choice,
  receipt: newReceipt(),
  updatedAt: now,
});

/** The marks, one row per (voter, plan): a changed mark replaces the old one with a new receipt. Keys must be distinct. */
async function upsertMarks(tx: Tx, rows: (typeof votes.$inferInsert)[]): Promise<void> {
  await tx
    .insert(votes)
    .values(rows)
    .onConflictDoUpdate({
      target: [votes.ballotId, votes.planId, votes.voterId],
      set: { choice: sql`excluded.choice`, receipt: sql`excluded.receipt`, updatedAt: sql`excluded.updated_at` },
    });
}

/** Adds deltas to counter slots in one statement; slot keys must be distinct, in lock order. */
async function addToSlots(tx: Tx, deltas: (typeof ballotTallySlots.$inferInsert)[]): Promise<void> {
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
}

/**
 * Records a voter's choices (a mark per plan, changeable until the close) in a transaction of its own. Lock order, the same in
 * every transaction that touches a ballot, is what keeps this free of deadlocks:
 *   ballot row (key share, after checking there is no close mark; the close's mark does not wait
 *     for it, the close's count takes it exclusively, so no vote commits after the count began)
 *   → the voter's electorate row (update; the same voter in several tabs runs one at a time, so the
 *     old choice read here is the one being replaced)
 *   → tally slots in plan order.
 * The live notice is not written here but coalesced after the commit (vote-notices.ts).
 */
export async function castVoteAlone(deps: ServiceDeps, actor: SessionUser, input: CastVoteInput) {
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

    await upsertMarks(
      tx,
      changed.map((c) => markRow(ballot.id, voter, c, now)),
    );
    // One statement for every changed plan (distinct slot keys), not one round trip each.
    const deltas = changed.map((c) => {
      const delta: Count = emptyCount();
      delta[c.choice] += 1;
      const old: VoteChoice | undefined = before.get(c.planId);
      if (old) delta[old] -= 1;
      return { ballotId: ballot.id, planId: c.planId, regionId: voter.regionId, slot: slotOf(actor.id), ...delta };
    });
    await addToSlots(tx, deltas);
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

export interface CastVoteOutcome {
  ballotId: number;
  changed: number;
}

interface QueuedVote {
  deps: ServiceDeps;
  actor: SessionUser;
  input: CastVoteInput;
}

/**
 * Votes on one ballot are group-committed (group-commit.ts): those that arrive while the ballot's
 * previous batch is being written share the next transaction. The answer is sent only after that
 * transaction commits, so acknowledged still means durable. One committer per database (per
 * process: tests each have their own).
 */
const committers = new WeakMap<ServiceDeps["db"], GroupCommitter<number, QueuedVote, CastVoteOutcome>>();

/** A vote bigger than this many marks per batch would make one statement too long; 64 votes of 8 plans is 512 rows. */
const maxVotesPerBatch = 64;

export function voteCommitter(db: ServiceDeps["db"]): GroupCommitter<number, QueuedVote, CastVoteOutcome> {
  let committer = committers.get(db);
  if (!committer) {
    committer = new GroupCommitter((ballotId, items) => castVoteBatch(ballotId, items), maxVotesPerBatch);
    committers.set(db, committer);
  }
  return committer;
}

/**
 * Records a voter's choices. With group commit (the default) it joins its ballot's next batch; with
 * `voteGroupCommit: false` it is one transaction of its own (castVoteAlone), the design bench:ballot
 * compares against.
 */
export function castVote(deps: ServiceDeps, actor: SessionUser, input: CastVoteInput): Promise<CastVoteOutcome> {
  if (deps.voteGroupCommit === false) return castVoteAlone(deps, actor, input);
  return voteCommitter(deps.db).submit(input.ballotId, { deps, actor, input });
}

/**
 * One batch of votes on one ballot. The votes are applied in memory in arrival order, as if each had
 * been its own transaction one after the other (so each answer's `changed` is what that vote changed,
 * and the same voter's later tab wins), then written with one multi-row upsert of the final marks and
 * one of the summed counter deltas. A vote that is invalid on its own (a voter outside the
 * electorate, a plan not on the ballot) fails alone, before anything is written; a ballot-wide refusal
 * (closed, missing) fails every vote, as it would have one by one. Should the transaction fail for any
 * other reason, each vote is retried in a transaction of its own, so an unforeseen bad vote fails alone.
 *
 * Locks, in the order castVoteAlone takes them: the ballot row (key share) → the voters' electorate
 * rows in account order (update) → counter slots in (plan, region, slot) order.
 */
async function castVoteBatch(ballotId: number, items: readonly QueuedVote[]): Promise<Settled<CastVoteOutcome>[]> {
  const deps = items[0]!.deps;
  if (items.length === 1) {
    const only = items[0]!;
    return [await castVoteAlone(only.deps, only.actor, only.input).then(ok, failed)];
  }
  let results: { settled: Settled<CastVoteOutcome>[]; notices: Array<{ secret: boolean; newVoter: boolean }> };
  try {
    results = await transact(deps, (tx) => writeVoteBatch(tx, deps.now(), ballotId, items));
  } catch (error) {
    if (error instanceof AppError) throw error; // the ballot's own refusal: every vote gets it
    const settled: Settled<CastVoteOutcome>[] = [];
    for (const item of items) settled.push(await castVoteAlone(item.deps, item.actor, item.input).then(ok, failed));
    return settled;
  }
  // After the commit: the live notices are coalesced, see vote-notices.ts.
  for (const notice of results.notices) requestVoteNotice(deps, ballotId, notice);
  return results.settled;
}

const ok = (value: CastVoteOutcome): Settled<CastVoteOutcome> => ({ ok: true, value });
const failed = (error: unknown): Settled<CastVoteOutcome> => ({ ok: false, error });

/**
 * The ballot, locked (key share), in one round trip rather than castVoteAlone's two: the lock is taken
 * only on a row without a close mark, so once a close has stamped it, votes are refused without
 * touching the lock (a row the filter leaves out is not locked), as castVoteAlone's plain read does.
 */
async function lockOpenBallot(tx: Tx, now: Date, ballotId: number): Promise<Ballot> {
  const [open] = await tx
    .select()
    .from(ballots)
    .where(and(eq(ballots.id, ballotId), isNull(ballots.closedAt), ne(ballots.status, "closed")))
    .for("key share");
  if (open) {
    refuseIfClosed(now, open);
    return open;
  }
  // Missing or closed: the plain read says which. (Should it find the ballot open after all, the lock is taken as castVoteAlone takes it.)
  refuseIfClosed(now, await loadBallot(tx, ballotId));
  const ballot = await loadBallot(tx, ballotId, "key share");
  refuseIfClosed(now, ballot);
  return ballot;
}

/**
 * The batch's voters' electorate rows, locked in account order (update), and the ballot's plans, in
 * one round trip. The ids travel as one array parameter.
 */
async function lockVotersReadPlans(tx: Tx, ballotId: number, voterIds: readonly number[]) {
  const [row] = await queryRows<{ voters: [number, number, boolean][]; plans: number[] }>(
    tx,
    sql`
    with voters as (
      select account_id, region_id, first_voted_at is not null as voted from ballot_electorate
      where ballot_id = ${ballotId} and account_id = any(${intArray(voterIds)}::int[])
      order by account_id
      for update
    )
    select
      (select coalesce(json_agg(json_build_array(account_id, region_id, voted)), '[]') from voters) as voters,
      (select coalesce(json_agg(id), '[]') from benefit_plans where ballot_id = ${ballotId}) as plans`,
  );
  const voterOf = new Map(
    (row?.voters ?? []).map(([accountId, regionId, hasVoted]) => [accountId, { accountId, regionId, hasVoted }]),
  );
  return { voterOf, planIds: new Set(row?.plans ?? []) };
}

/**
 * A batch's writes in one statement: the final marks (upsert), the summed counter deltas (in the
 * slots' lock order) and the first voters' turnout stamp. Rows travel as JSON parameters, not one
 * parameter per column per row. Running them as parts of one statement in no fixed order deadlocks
 * nothing: a vote row is only written under its voter's electorate lock, which this batch holds.
 */
async function writeBatchChanges(
  tx: Tx,
  ballotId: number,
  now: Date,
  marks: readonly (typeof votes.$inferInsert)[],
  slots: readonly ({ planId: number; regionId: number; slot: number } & Count)[],
  firstVoters: readonly number[],
): Promise<void> {
  const at = now.toISOString();
  await tx.execute(sql`
    with marks as (
      insert into votes (ballot_id, plan_id, voter_id, region_id, choice, receipt, updated_at)
      select ${ballotId}, m.plan_id, m.voter_id, m.region_id, m.choice::vote_choice, m.receipt, ${at}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(marks.map((m) => ({ plan_id: m.planId, voter_id: m.voterId, region_id: m.regionId, choice: m.choice, receipt: m.receipt })))}::jsonb)
        as m(plan_id int, voter_id int, region_id int, choice text, receipt text)
      on conflict (ballot_id, plan_id, voter_id) do update
        set choice = excluded.choice, receipt = excluded.receipt, updated_at = excluded.updated_at
      returning 1
    ), slots as (
      insert into ballot_tally_slots (ballot_id, plan_id, region_id, slot, approve, reject, abstain)
      select ${ballotId}, d.plan_id, d.region_id, d.slot, d.approve, d.reject, d.abstain
      from jsonb_to_recordset(${JSON.stringify(slots.map((d) => ({ plan_id: d.planId, region_id: d.regionId, slot: d.slot, approve: d.approve, reject: d.reject, abstain: d.abstain })))}::jsonb)
        as d(plan_id int, region_id int, slot int, approve int, reject int, abstain int)
      order by d.plan_id, d.region_id, d.slot
      on conflict (ballot_id, plan_id, region_id, slot) do update
        set approve = ballot_tally_slots.approve + excluded.approve,
            reject = ballot_tally_slots.reject + excluded.reject,
            abstain = ballot_tally_slots.abstain + excluded.abstain
      returning 1
    ), first_votes as (
      update ballot_electorate set first_voted_at = ${at}::timestamptz
      where ballot_id = ${ballotId} and account_id = any(${intArray(firstVoters)}::int[])
      returning 1
    )
    select (select count(*) from marks) as marks, (select count(*) from slots) as slots,
      (select count(*) from first_votes) as first_votes`);
}

async function writeVoteBatch(tx: Tx, now: Date, ballotId: number, items: readonly QueuedVote[]) {
  const ballot = await lockOpenBallot(tx, now, ballotId);
  const voterIds = [...new Set(items.map((i) => i.actor.id))].sort((a, b) => a - b);
  const { voterOf, planIds } = await lockVotersReadPlans(tx, ballot.id, voterIds);
  // A statement of its own, after the locks: what it reads includes any vote of these voters that
  // committed while this batch waited for them (a statement's snapshot is taken when it starts).
  const present = await queryRows<{ plan_id: number; voter_id: number; choice: VoteChoice }>(
    tx,
    sql`select plan_id, voter_id, choice from votes where ballot_id = ${ballot.id} and voter_id = any(${intArray(voterIds)}::int[])`,
  );
  const markKey = (voterId: number, planId: number) => `${voterId}:${planId}`;
  const marks = new Map(present.map((v) => [markKey(v.voter_id, v.plan_id), v.choice]));

  const settled: Settled<CastVoteOutcome>[] = [];
  const notices: Array<{ secret: boolean; newVoter: boolean }> = [];
  /** The final mark of each (voter, plan) this batch changed, with the receipt of its last change. */
  const rows = new Map<string, typeof votes.$inferInsert>();
  /** Counter deltas summed per slot. */
  const deltas = new Map<string, { planId: number; regionId: number; slot: number } & Count>();
  const firstVoters = new Set<number>();
  for (const { actor, input } of items) {
    const voter = voterOf.get(actor.id);
    if (!voter) {
      settled.push(failed(notInElectorate()));
      continue;
    }
    const unknown = input.choices.filter((c) => !planIds.has(c.planId)).map((c) => c.planId);
    if (unknown.length > 0) {
      settled.push(failed(new AppError("PLAN_NOT_ON_BALLOT", `Plan ${unknown.join(", ")} is not on this ballot`)));
      continue;
    }
    const changed = input.choices.filter((c) => marks.get(markKey(actor.id, c.planId)) !== c.choice);
    for (const c of changed) {
      const key = markKey(actor.id, c.planId);
      const old = marks.get(key);
      marks.set(key, c.choice);
      rows.set(key, markRow(ballot.id, voter, c, now));
      const slotKey = `${c.planId}:${voter.regionId}:${slotOf(actor.id)}`;
      let delta = deltas.get(slotKey);
      if (!delta)
        deltas.set(
          slotKey,
          (delta = { planId: c.planId, regionId: voter.regionId, slot: slotOf(actor.id), ...emptyCount() }),
        );
      delta[c.choice] += 1;
      if (old) delta[old] -= 1;
    }
    if (changed.length > 0) {
      const newVoter = !voter.hasVoted && !firstVoters.has(actor.id);
      if (newVoter) firstVoters.add(actor.id);
      notices.push({ secret: ballot.visibility === "secret", newVoter });
    }
    settled.push(ok({ ballotId: ballot.id, changed: changed.length }));
  }

  // Slots in (plan, region, slot) order, as every vote takes them; a slot whose changes cancel out is not touched.
  const slotRows = [...deltas.values()]
    .filter((d) => d.approve !== 0 || d.reject !== 0 || d.abstain !== 0)
    .sort((a, b) => a.planId - b.planId || a.regionId - b.regionId || a.slot - b.slot);
  if (rows.size > 0 || slotRows.length > 0 || firstVoters.size > 0)
    await writeBatchChanges(tx, ballot.id, now, [...rows.values()], slotRows, [...firstVoters]);
  return { settled, notices };
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
