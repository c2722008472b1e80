import { randomBytes } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db, Tx } from "@/db/client";
import {
  accountOrganisationKinds,
  opinionParticipants,
  opinionRounds,
  opinionStatements,
  opinionVotes,
} from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import { AppError } from "@/server/errors";
import type { ServiceDeps } from "@/server/infra/deps";
import { GroupCommitter, type Settled } from "@/server/infra/group-commit";
import { transact } from "@/server/infra/transact";
import type { opinionVoteInput } from "./contract";
import { requestMapRefresh } from "./map-refresher";
import { bumpVoteVersion } from "./vote-matrix";
import {
  contributionRefusal,
  ensureOpenForContributions,
  loadVisibleRound,
  statementView,
  type Viewer,
} from "./round-access";
import { nextStatement } from "./rules/round-rules";
import type { StatementView } from "./events";

type Next = { statement: StatementView | null; voted: number; total: number };

/** The statement to vote on next, and how far the voter has come. */
async function nextFor(db: Db | Tx, voterId: number, roundId: number): Promise<Next> {
  return (await nextForVoters(db, [voterId], roundId)).get(voterId)!;
}

/**
 * The same for several voters of a round in two reads: a group-committed batch answers all its votes
 * with it, instead of three queries per vote that PGlite would run back to back on the event loop.
 */
async function nextForVoters(
  db: Db | Tx,
  voterIds: readonly number[],
  roundId: number,
  /** Votes the transaction is about to write, counted as cast. */
  writing: readonly { voterId: number; statementId: number }[] = [],
): Promise<Map<number, Next>> {
  const candidates = await db
    .select()
    .from(opinionStatements)
    .where(and(eq(opinionStatements.roundId, roundId), eq(opinionStatements.state, "visible")));
  const cast = [
    ...(await db
      .select({ voterId: opinionVotes.voterId, statementId: opinionVotes.statementId })
      .from(opinionVotes)
      .where(and(eq(opinionVotes.roundId, roundId), inArray(opinionVotes.voterId, [...voterIds])))),
    ...writing,
  ];
  return new Map(
    voterIds.map((voterId) => {
      const seen = new Set(cast.filter((v) => v.voterId === voterId).map((v) => v.statementId));
      const id = nextStatement(candidates, seen, voterId);
      const row = id ? candidates.find((c) => c.id === id) : undefined;
      const next: Next = {
        statement: row ? statementView(row, "full") : null,
        voted: candidates.filter((c) => seen.has(c.id)).length,
        total: candidates.length,
      };
      return [voterId, next];
    }),
  );
}

export async function nextStatementFor(deps: Pick<ServiceDeps, "db">, viewer: NonNullable<Viewer>, roundId: number) {
  const round = await loadVisibleRound(deps.db, viewer, roundId);
  return { roundState: round.state, ...(await nextFor(deps.db, viewer.id, round.id)) };
}

/**
 * Records an agree / disagree / pass (changeable) and answers with the next statement to vote on.
 * The person's region and kind of organisation are recorded with their first vote in the round, as
 * the map's regional breakdown must not move when they later change profile. The map is recomputed
 * after the commit, coalesced per round (map-refresher.ts). Votes on one round are group-committed
 * (see statementVoteCommitter); with `voteGroupCommit: false` each is a transaction of its own.
 */
export async function voteOnStatement(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof opinionVoteInput>) {
  const outcome =
    deps.voteGroupCommit === false
      ? await recordVoteAlone(deps, actor, input)
      : await statementVoteCommitter(deps.db).submit(await roundOfStatement(deps.db, input.statementId), {
          deps,
          actor,
          input,
        });
  return {
    statementId: input.statementId,
    choice: input.choice,
    ...(outcome.next ?? (await nextFor(deps.db, actor.id, outcome.roundId))),
  };
}

export interface StatementVoteOutcome {
  roundId: number;
  /** False when the vote repeated the voter's present choice (nothing written). */
  changed: boolean;
  /** The voter's next statement as of the commit, when the batch read it (group commit). */
  next?: Next;
}

/** One vote in a transaction of its own; the map refresh is requested after its commit. */
export async function recordVoteAlone(
  deps: ServiceDeps,
  actor: SessionUser,
  input: z.output<typeof opinionVoteInput>,
): Promise<StatementVoteOutcome> {
  const outcome = await transact(deps, async (tx) => {
    const [statement] = await tx.select().from(opinionStatements).where(eq(opinionStatements.id, input.statementId));
    if (!statement) throw statementMissing();
    const round = await loadVisibleRound(tx, actor, statement.roundId, "share");
    await ensureOpenForContributions(tx, actor, round);
    if (statement.state !== "visible") throw statementUnavailable();
    const [kind] = await tx
      .select({ kind: accountOrganisationKinds.kind })
      .from(accountOrganisationKinds)
      .where(eq(accountOrganisationKinds.accountId, actor.id));
    await tx
      .insert(opinionParticipants)
      .values({
        roundId: round.id,
        accountId: actor.id,
        regionId: actor.regionId,
        organisationKind: kind?.kind ?? null,
        pseudonym: randomBytes(6).toString("hex"),
        joinedAt: deps.now(),
      })
      .onConflictDoNothing();
    // The voter's participant row serialises their own votes in the round (two tabs), so the
    // previous choice read below is the one being replaced and each first vote is counted once.
    await tx
      .select({ accountId: opinionParticipants.accountId })
      .from(opinionParticipants)
      .where(and(eq(opinionParticipants.roundId, round.id), eq(opinionParticipants.accountId, actor.id)))
      .for("update");
    const [previous] = await tx
      .select({ choice: opinionVotes.choice })
      .from(opinionVotes)
      .where(and(eq(opinionVotes.statementId, statement.id), eq(opinionVotes.voterId, actor.id)))
      .for("update");
    if (previous?.choice === input.choice) return { roundId: round.id, changed: false };
    if (!previous)
      await tx
        .update(opinionStatements)
        .set({ voteCount: sql`${opinionStatements.voteCount} + 1` })
        .where(eq(opinionStatements.id, statement.id));
    // The round's vote version last (see bumpVoteVersion), then the vote stamped with it.
    const version = await bumpVoteVersion(tx, round.id);
    await tx
      .insert(opinionVotes)
      .values({
        statementId: statement.id,
        voterId: actor.id,
        roundId: round.id,
        choice: input.choice,
        updatedAt: deps.now(),
        version,
      })
      .onConflictDoUpdate({ target: [opinionVotes.statementId, opinionVotes.voterId], set: voteUpdate });
    return { roundId: round.id, changed: true };
  });
  if (outcome.changed) requestMapRefresh(deps, outcome.roundId);
  return outcome;
}

const voteUpdate = {
  choice: sql`excluded.choice`,
  updatedAt: sql`excluded.updated_at`,
  version: sql`excluded.version`,
};

const statementMissing = () => new AppError("NOT_FOUND", "That statement does not exist");
const statementUnavailable = () => new AppError("STATEMENT_UNAVAILABLE", "That statement is not open for voting");

interface QueuedStatementVote {
  deps: ServiceDeps;
  actor: SessionUser;
  input: z.output<typeof opinionVoteInput>;
}

type Committer = GroupCommitter<number, QueuedStatementVote, StatementVoteOutcome>;

/** One committer per database (per process: tests each have their own), as for ballot votes. */
const committers = new WeakMap<Db, Committer>();
/** A statement never moves to another round, so its round is looked up once per process. */
const roundOfStatementCache = new WeakMap<Db, Map<number, number>>();
const maxCachedStatements = 50_000;
const maxVotesPerBatch = 64;

/**
 * Votes on one round are group-committed (server/infra/group-commit.ts): votes arriving while the
 * round's previous batch is being written share the next transaction, and each is answered only after
 * that transaction commits. Keyed by round, so one voter's votes in a round (several tabs) are written
 * in arrival order.
 */
export function statementVoteCommitter(db: Db): Committer {
  let committer = committers.get(db);
  if (!committer) {
    committer = new GroupCommitter((roundId, items) => recordVoteBatch(roundId, items), maxVotesPerBatch);
    committers.set(db, committer);
  }
  return committer;
}

/** The round a statement belongs to (the batch key); NOT_FOUND when there is no such statement. */
async function roundOfStatement(db: Db, statementId: number): Promise<number> {
  let cache = roundOfStatementCache.get(db);
  if (!cache) roundOfStatementCache.set(db, (cache = new Map<number, number>()));
  const known = cache.get(statementId);
  if (known !== undefined) return known;
  const [row] = await db
    .select({ roundId: opinionStatements.roundId })
    .from(opinionStatements)
    .where(eq(opinionStatements.id, statementId));
  if (!row) throw statementMissing();
  if (cache.size >= maxCachedStatements) cache.clear();
  cache.set(statementId, row.roundId);
  return row.roundId;
}

const ok = (value: StatementVoteOutcome): Settled<StatementVoteOutcome> => ({ ok: true, value });
const failed = (error: unknown): Settled<StatementVoteOutcome> => ({ ok: false, error });

/**
 * One batch of votes on one round, applied in memory in arrival order as if each had been its own
 * transaction one after the other (the same voter's later vote wins, a first vote is counted once),
 * then written with one multi-row upsert and one counter update per statement. A vote refused on its
 * own (a statement hidden or held, a round the voter may not see) fails alone with the error it would
 * have had alone, before anything is written. Should the transaction fail for another reason, each
 * vote is retried in a transaction of its own, so an unforeseen bad vote fails alone too.
 *
 * Locks, in the order recordVoteAlone takes them: the round row (key share) → the voters'
 * participant rows in account order (update) → their vote rows → the statements' counters in id order
 * → the round's vote version (after which the transaction only writes rows it already holds).
 */
async function recordVoteBatch(
  roundId: number,
  items: readonly QueuedStatementVote[],
): Promise<Settled<StatementVoteOutcome>[]> {
  const deps = items[0]!.deps;
  if (items.length === 1) {
    const only = items[0]!;
    return [await recordVoteAlone(only.deps, only.actor, only.input).then(ok, failed)];
  }
  let written: { settled: Settled<StatementVoteOutcome>[]; changed: boolean };
  try {
    written = await transact(deps, (tx) => writeVoteBatch(tx, deps.now(), roundId, items));
  } catch {
    const settled: Settled<StatementVoteOutcome>[] = [];
    for (const item of items) settled.push(await recordVoteAlone(item.deps, item.actor, item.input).then(ok, failed));
    return settled;
  }
  if (written.changed) requestMapRefresh(deps, roundId);
  return written.settled;
}

async function writeVoteBatch(tx: Tx, now: Date, roundId: number, items: readonly QueuedStatementVote[]) {
  const [round] = await tx.select().from(opinionRounds).where(eq(opinionRounds.id, roundId)).for("key share");
  if (!round) throw new AppError("NOT_FOUND", "That opinion round does not exist");
  const refusalFor = await contributionRefusal(tx, round);
  const statementIds = [...new Set(items.map((i) => i.input.statementId))];
  const statements = new Map(
    (await tx.select().from(opinionStatements).where(inArray(opinionStatements.id, statementIds))).map((s) => [
      s.id,
      s,
    ]),
  );
  const refusals = items.map(({ actor, input }) => {
    const statement = statements.get(input.statementId);
    if (!statement || statement.roundId !== round.id) return statementMissing();
    return refusalFor(actor) ?? (statement.state === "visible" ? null : statementUnavailable());
  });
  const accepted = items.filter((_, i) => !refusals[i]);
  if (accepted.length === 0) return { settled: refusals.map((e) => failed(e)), changed: false };

  // The first of a voter's votes in arrival order gives their participant row, as it would alone.
  const firstOf = new Map<number, SessionUser>();
  for (const { actor } of accepted) if (!firstOf.has(actor.id)) firstOf.set(actor.id, actor);
  const voterIds = [...firstOf.keys()].sort((a, b) => a - b);
  const kinds = new Map(
    (
      await tx
        .select({ accountId: accountOrganisationKinds.accountId, kind: accountOrganisationKinds.kind })
        .from(accountOrganisationKinds)
        .where(inArray(accountOrganisationKinds.accountId, voterIds))
    ).map((k) => [k.accountId, k.kind]),
  );
  await tx
    .insert(opinionParticipants)
    .values(
      voterIds.map((id) => ({
        roundId: round.id,
        accountId: id,
        regionId: firstOf.get(id)!.regionId,
        organisationKind: kinds.get(id) ?? null,
        pseudonym: randomBytes(6).toString("hex"),
        joinedAt: now,
      })),
    )
    .onConflictDoNothing();
  await tx
    .select({ accountId: opinionParticipants.accountId })
    .from(opinionParticipants)
    .where(and(eq(opinionParticipants.roundId, round.id), inArray(opinionParticipants.accountId, voterIds)))
    .orderBy(opinionParticipants.accountId)
    .for("update");
  const votedOn = [...new Set(accepted.map((i) => i.input.statementId))];
  const present = await tx
    .select({ statementId: opinionVotes.statementId, voterId: opinionVotes.voterId, choice: opinionVotes.choice })
    .from(opinionVotes)
    .where(and(inArray(opinionVotes.statementId, votedOn), inArray(opinionVotes.voterId, voterIds)))
    .orderBy(opinionVotes.statementId, opinionVotes.voterId)
    .for("update");
  const key = (statementId: number, voterId: number) => `${statementId}:${voterId}`;
  const choices = new Map(present.map((v) => [key(v.statementId, v.voterId), v.choice]));
  /** The final choice of each (statement, voter) this batch changed. */
  const rows = new Map<string, typeof opinionVotes.$inferInsert>();
  /** First votes per statement: what its counter grows by. */
  const firstVotes = new Map<number, number>();
  const settled = items.map((item, i): Settled<StatementVoteOutcome> => {
    const refusal = refusals[i];
    if (refusal) return failed(refusal);
    const { actor, input } = item;
    const at = key(input.statementId, actor.id);
    const previous = choices.get(at);
    if (previous === input.choice) return ok({ roundId: round.id, changed: false });
    if (previous === undefined) firstVotes.set(input.statementId, (firstVotes.get(input.statementId) ?? 0) + 1);
    choices.set(at, input.choice);
    rows.set(at, {
      statementId: input.statementId,
      voterId: actor.id,
      roundId: round.id,
      choice: input.choice,
      updatedAt: now,
    });
    return ok({ roundId: round.id, changed: true });
  });
  for (const [statementId, added] of [...firstVotes].sort((a, b) => a[0] - b[0]))
    await tx
      .update(opinionStatements)
      .set({ voteCount: sql`${opinionStatements.voteCount} + ${added}` })
      .where(eq(opinionStatements.id, statementId));
  // Read before the round's vote version is taken, so its lock is held only for the write and the commit.
  const next = await nextForVoters(tx, voterIds, round.id, [...rows.values()]);
  if (rows.size > 0) {
    // The round's vote version last (see bumpVoteVersion), then the votes stamped with it.
    const version = await bumpVoteVersion(tx, round.id);
    await tx
      .insert(opinionVotes)
      .values(
        [...rows.values()]
          .sort((a, b) => a.statementId - b.statementId || a.voterId - b.voterId)
          .map((row) => ({ ...row, version })),
      )
      .onConflictDoUpdate({ target: [opinionVotes.statementId, opinionVotes.voterId], set: voteUpdate });
  }
  return {
    settled: settled.map((outcome, i) =>
      outcome.ok ? ok({ ...outcome.value, next: next.get(items[i]!.actor.id) }) : outcome,
    ),
    changed: rows.size > 0,
  };
}
