import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { opinionMaps, opinionParticipants, opinionRounds, opinionStatements, opinionVotes } from "@/db/schema";
import { queryRows } from "@/db/sql";
import type { ServiceDeps } from "@/server/infra/deps";
import { transact } from "@/server/infra/transact";
import { computeInWorker } from "./map-worker-pool";
import { roundStream } from "./round-access";
import type { MapInput } from "./rules/compute-map";
import { readStoredLabels, type PackedMapResult } from "./rules/map-codec";
import type { PackedVotes } from "./rules/matrix";

/**
 * PGlite runs each query to the end on this thread, and a transaction's queries follow each other as
 * microtasks: without an explicit turn of the event loop between them, reading or storing a large
 * round's map would hold every request, timer and socket for the whole transaction. A timer, not
 * setImmediate: a continuation from the check phase would run on before any timer is due.
 */
const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Statements per query when reading votes: ~50 × 400 votes, a few milliseconds of PGlite each. */
const statementsPerRead = 50;

/**
 * A round's votes as packed (participant, statement, value) triples. The database packs them itself,
 * as big-endian int4 triples in one base64 text, so the main thread never builds a row object per vote
 * (80,000 for a large round, and their garbage held the event loop for hundreds of milliseconds). Read
 * by slices of the round's statements (all of them: hidden ones' votes count as before), through the
 * primary key, with a turn of the event loop between slices.
 */
export async function readPackedVotes(db: Db | Tx, roundId: number): Promise<PackedVotes> {
  const statements = await db
    .select({ id: opinionStatements.id })
    .from(opinionStatements)
    .where(eq(opinionStatements.roundId, roundId))
    .orderBy(opinionStatements.id);
  const slices: PackedVotes[] = [];
  for (let at = 0; at < statements.length; at += statementsPerRead) {
    await nextTurn();
    const ids = statements.slice(at, at + statementsPerRead).map((s) => s.id);
    const [row] = await queryRows<{ packed: string | null }>(
      db,
      sql`select encode(string_agg(int4send(${opinionVotes.voterId}) || int4send(${opinionVotes.statementId})
            || int4send(case ${opinionVotes.choice} when 'agree' then 1 when 'disagree' then -1 else 0 end), ''::bytea),
            'base64') as packed
          from ${opinionVotes} where ${opinionVotes.statementId} in ${ids}`,
    );
    slices.push(unpackBigEndian(Buffer.from(row?.packed ?? "", "base64")));
  }
  const packed = new Int32Array(slices.reduce((n, slice) => n + slice.length, 0));
  let to = 0;
  for (const slice of slices) {
    packed.set(slice, to);
    to += slice.length;
  }
  return packed;
}

function unpackBigEndian(bytes: Uint8Array): PackedVotes {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // A fresh buffer of its own (never Buffer's shared pool): it is transferred to the worker.
  const packed = new Int32Array(bytes.byteLength / 4);
  for (let i = 0; i < packed.length; i += 1) packed[i] = view.getInt32(i * 4);
  return packed;
}

/**
 * Everything the map is computed from: visible statements only, every participant's standing and votes,
 * read in one read-only transaction, so from one snapshot (a vote committing between two separate reads
 * could count a statement or a person the other read did not see). On PGlite it is also one turn of the
 * single connection's queue instead of five: under a vote storm each turn waits behind every voter.
 */
type LoadedInput = MapInput & { votes: PackedVotes; votesSeen: number };

export async function loadMapInput(db: Db, roundId: number): Promise<LoadedInput> {
  return db.transaction((tx) => readMapInput(tx, roundId), {
    isolationLevel: "repeatable read",
    accessMode: "read only",
  });
}

async function readMapInput(db: Db | Tx, roundId: number): Promise<LoadedInput> {
  const [round] = await db
    .select({ minVotes: opinionRounds.minVotes })
    .from(opinionRounds)
    .where(eq(opinionRounds.id, roundId));
  const statements = await db
    .select({ id: opinionStatements.id })
    .from(opinionStatements)
    .where(and(eq(opinionStatements.roundId, roundId), eq(opinionStatements.state, "visible")));
  const participants = await db
    .select({
      id: opinionParticipants.accountId,
      regionId: opinionParticipants.regionId,
      organisationKind: opinionParticipants.organisationKind,
      pseudonym: opinionParticipants.pseudonym,
    })
    .from(opinionParticipants)
    .where(eq(opinionParticipants.roundId, roundId));
  const votes = await readPackedVotes(db, roundId);
  const [stored] = await db
    .select({ labels: opinionMaps.labels })
    .from(opinionMaps)
    .where(eq(opinionMaps.roundId, roundId));
  return {
    statements: statements.map((s) => s.id),
    participants,
    votes,
    previousLabels: stored ? readStoredLabels(stored.labels) : new Map(),
    options: { minVotes: round?.minVotes ?? 7 },
    votesSeen: votes.length / 3,
  };
}

/** Computes and packs a map (rules/map-codec.ts); the server does both in its worker thread. */
export type ComputeMap = (input: MapInput) => Promise<PackedMapResult>;

/**
 * Recomputes a round's map off the request path: reads the votes, computes and packs in a worker thread
 * (the arithmetic for a large round would otherwise stall every request and socket), then stores the
 * packed map and writes its live event in one transaction, broadcast after the commit. The event
 * carries the same packed string: a page decodes it to exactly what `opinions.get` gives.
 */
export async function recomputeMap(
  deps: Pick<ServiceDeps, "db" | "publisher" | "now">,
  roundId: number,
  compute: ComputeMap = computeInWorker,
) {
  const input = await loadMapInput(deps.db, roundId);
  const started = performance.now();
  const result = await compute(input);
  const durationMs = Math.round(performance.now() - started);
  return transact(deps, async (tx, emit) => {
    const computedAt = deps.now();
    const { map, labels } = result;
    const [row] = await tx
      .insert(opinionMaps)
      .values({ roundId, version: 1, map, labels, votesSeen: input.votesSeen, computedAt, durationMs })
      .onConflictDoUpdate({
        target: opinionMaps.roundId,
        set: {
          version: sql`${opinionMaps.version} + 1`,
          map,
          labels,
          votesSeen: input.votesSeen,
          computedAt,
          durationMs,
        },
      })
      .returning({ version: opinionMaps.version });
    const version = row?.version ?? 1;
    await nextTurn();
    await emit(roundStream(roundId), "opinionMap:updated", {
      roundId,
      version,
      computedAt: computedAt.toISOString(),
      packed: map,
    });
    await nextTurn();
    return { version, durationMs, packed: map };
  });
}
