import { and, eq, gt, inArray, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import {
  opinionMaps,
  opinionParticipants,
  opinionRounds,
  opinionStatements,
  opinionVotes,
  opinionVoteVersions,
} from "@/db/schema";
import { queryRows } from "@/db/sql";
import type { ServiceDeps } from "@/server/infra/deps";
import { retryTransaction, transact } from "@/server/infra/transact";
import { computeInWorker } from "./map-worker-pool";
import { roundStream } from "./round-access";
import type { MapInput, MapParticipant } from "./rules/compute-map";
import { readStoredLabels, type PackedMapResult } from "./rules/map-codec";
import type { PackedVotes } from "./rules/matrix";
import { RoundVotes } from "./rules/round-votes";
import { withRoundMatrix, type RoundMatrix } from "./vote-matrix";

/**
 * PGlite runs each query to the end on this thread, and a transaction's queries follow each other as
 * microtasks: without an explicit turn of the event loop between them, reading or storing a large
 * round's map would hold every request, timer and socket for the whole transaction. A timer, not
 * setImmediate: a continuation from the check phase would run on before any timer is due.
 */
const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Votes per query when reading them: PGlite runs a query to the end on this thread, at several
 * microseconds a vote on a loaded machine, so a slice of 1,000 holds the event loop for about 10–30 ms
 * (2,000 held it up to 62 ms at load 15; 50 statements of a 1,000-person round, 20,000 votes, 100–250 ms).
 */
export const votesPerRead = 1_000;

const packedTriples = (where: SQL, limit?: number) => sql`
  select encode(string_agg(int4send(voter_id) || int4send(statement_id) || int4send(value), ''::bytea), 'base64') as packed,
    count(*)::int as n, max(voter_id) as last_voter
  from (select ${opinionVotes.voterId} as voter_id, ${opinionVotes.statementId} as statement_id,
      case ${opinionVotes.choice} when 'agree' then 1 when 'disagree' then -1 else 0 end as value
    from ${opinionVotes} where ${where}
    ${limit === undefined ? sql`` : sql`order by ${opinionVotes.voterId} limit ${limit}`}) page`;

/**
 * A round's votes as packed (participant, statement, value) triples. The database packs them itself,
 * as big-endian int4 triples in one base64 text, so the main thread never builds a row object per vote
 * (80,000 for a large round, and their garbage held the event loop for hundreds of milliseconds). Read
 * in slices of at most `votesPerRead` votes, with a turn of the event loop before each: statements are
 * grouped by their vote counter, and a statement with more votes than a slice holds is read by pages of
 * voters, all through the primary key. Every statement of the round is read (hidden ones' votes count
 * as before); the counter only sizes the slices, so a stale one cannot change what is read.
 */
export async function readPackedVotes(
  db: Db | Tx,
  roundId: number,
  perRead = votesPerRead,
  trace: Trace = () => {},
): Promise<PackedVotes> {
  const statements = await db
    .select({ id: opinionStatements.id, voteCount: opinionStatements.voteCount })
    .from(opinionStatements)
    .where(eq(opinionStatements.roundId, roundId))
    .orderBy(opinionStatements.id);
  const slices: PackedVotes[] = [];
  const read = async (query: SQL) => {
    await nextTurn();
    trace("read_votes_slice");
    const [row] = await queryRows<{ packed: string | null; n: number; last_voter: number | null }>(db, query);
    slices.push(unpackBigEndian(Buffer.from(row?.packed ?? "", "base64")));
    return { n: row?.n ?? 0, lastVoter: row?.last_voter ?? 0 };
  };
  let at = 0;
  while (at < statements.length) {
    const first = statements[at]!;
    if (first.voteCount > perRead) {
      // One large statement: pages of voters in id order.
      let after = -1;
      for (;;) {
        const page = await read(
          packedTriples(sql`${opinionVotes.statementId} = ${first.id} and ${opinionVotes.voterId} > ${after}`, perRead),
        );
        if (page.n < perRead) break;
        after = Number(page.lastVoter);
      }
      at += 1;
      continue;
    }
    const ids: number[] = [];
    let votes = 0;
    while (at < statements.length && statements[at]!.voteCount <= perRead - votes) {
      votes += statements[at]!.voteCount;
      ids.push(statements[at]!.id);
      at += 1;
    }
    await read(packedTriples(sql`${opinionVotes.statementId} in ${ids}`));
  }
  return concat(slices);
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
 *
 * The votes and participants come from the round's matrix this process holds (vote-matrix.ts): the
 * first recompute reads them all, later ones only the votes written since (by any process: the round's
 * vote version) and the participants not yet known. Reading a large round's 80,000 votes and 1,000
 * participants again every recompute is what held PGlite's event loop (one query at a time on it).
 */
type LoadedInput = MapInput & { votes: PackedVotes; votesSeen: number };

export async function loadMapInput(
  deps: Pick<ServiceDeps, "db" | "onTransactionRetry">,
  roundId: number,
  trace: Trace = () => {},
): Promise<LoadedInput> {
  // Safe to run again: the matrix is only brought to the version its own snapshot read, so a retry's
  // later snapshot reads on from there (refreshMatrix), and the round's queue keeps it to one read at a time.
  return withRoundMatrix(deps.db, roundId, (matrix) =>
    retryTransaction(deps, (tx) => readMapInput(tx, roundId, matrix, trace), {
      isolationLevel: "repeatable read",
      accessMode: "read only",
    }),
  );
}

async function readMapInput(db: Db | Tx, roundId: number, matrix: RoundMatrix, trace: Trace): Promise<LoadedInput> {
  trace("read_round_and_statements");
  const [round] = await db
    .select({ minVotes: opinionRounds.minVotes })
    .from(opinionRounds)
    .where(eq(opinionRounds.id, roundId));
  const statements = await db
    .select({ id: opinionStatements.id })
    .from(opinionStatements)
    .where(and(eq(opinionStatements.roundId, roundId), eq(opinionStatements.state, "visible")));
  const [versionRow] = await db
    .select({ version: opinionVoteVersions.version })
    .from(opinionVoteVersions)
    .where(eq(opinionVoteVersions.roundId, roundId));
  const version = versionRow?.version ?? 0;
  await refreshMatrix(db, roundId, matrix, version, trace);
  trace("read_labels");
  const [stored] = await db
    .select({ labels: opinionMaps.labels })
    .from(opinionMaps)
    .where(eq(opinionMaps.roundId, roundId));
  const votes = matrix.votes.pack();
  return {
    statements: statements.map((s) => s.id),
    participants: [...matrix.participants.values()].sort((a, b) => a.id - b.id),
    votes,
    previousLabels: stored ? readStoredLabels(stored.labels) : new Map(),
    options: { minVotes: round?.minVotes ?? 7 },
    votesSeen: votes.length / 3,
  };
}

/**
 * Brings the matrix to `version` (read in the same snapshot). Everything is read before anything is
 * applied, so a failed read leaves the matrix as it was, at its own version.
 */
async function refreshMatrix(db: Db | Tx, roundId: number, matrix: RoundMatrix, version: number, trace: Trace) {
  if (matrix.version === null) {
    const participants = await readParticipants(db, roundId, trace);
    const votes = await readPackedVotes(db, roundId, votesPerRead, trace);
    matrix.participants = new Map(participants.map((p) => [p.id, p]));
    matrix.votes = new RoundVotes();
    matrix.votes.apply(votes);
    matrix.version = version;
    return;
  }
  const delta = matrix.version === version ? null : await readVotesSince(db, roundId, matrix.version, trace);
  // A participant's row is written with their first vote and never changed: only new ones are read.
  const [{ n: participantCount } = { n: 0 }] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from ${opinionParticipants} where ${opinionParticipants.roundId} = ${roundId}`,
  );
  let participants = matrix.participants;
  if (participantCount !== participants.size) {
    const unknown = new Set<number>();
    for (let at = 0; delta && at < delta.length; at += 3) if (!participants.has(delta[at]!)) unknown.add(delta[at]!);
    participants = new Map(participants);
    for (const p of await readParticipantsById(db, roundId, [...unknown], trace)) participants.set(p.id, p);
    // Rows written outside the vote use-cases (none today): read them all again.
    if (participantCount !== participants.size)
      participants = new Map((await readParticipants(db, roundId, trace)).map((p) => [p.id, p]));
  }
  if (delta) matrix.votes.apply(delta);
  matrix.participants = participants;
  matrix.version = version;
}

/**
 * The round's votes written after `version`, as packed triples, in slices of at most `votesPerRead`
 * through the (round, version) index, each after a turn of the event loop.
 */
export async function readVotesSince(
  db: Db | Tx,
  roundId: number,
  version: number,
  trace: Trace = () => {},
  perRead = votesPerRead,
): Promise<PackedVotes> {
  const slices: PackedVotes[] = [];
  // Keyset paging on (version, statement, voter); the first page starts after every vote of `version`.
  let after = [version, 2 ** 31 - 1, 2 ** 31 - 1];
  for (;;) {
    await nextTurn();
    trace("read_votes_since");
    const [row] = await queryRows<{ packed: string | null; n: number }>(
      db,
      sql`select encode(string_agg(int4send(voter_id) || int4send(statement_id) || int4send(value) || int4send(version),
          ''::bytea order by version, statement_id, voter_id), 'base64') as packed, count(*)::int as n
        from (select ${opinionVotes.voterId} as voter_id, ${opinionVotes.statementId} as statement_id,
            case ${opinionVotes.choice} when 'agree' then 1 when 'disagree' then -1 else 0 end as value,
            ${opinionVotes.version} as version
          from ${opinionVotes}
          where ${opinionVotes.roundId} = ${roundId} and ${opinionVotes.version} >= ${after[0]!}
            and (${opinionVotes.version}, ${opinionVotes.statementId}, ${opinionVotes.voterId}) > (${after[0]!}, ${after[1]!}, ${after[2]!})
          order by ${opinionVotes.version}, ${opinionVotes.statementId}, ${opinionVotes.voterId}
          limit ${perRead}) page`,
    );
    const quads = unpackBigEndian(Buffer.from(row?.packed ?? "", "base64"));
    const n = quads.length / 4;
    const triples = new Int32Array(n * 3);
    for (let i = 0; i < n; i += 1) triples.set(quads.subarray(i * 4, i * 4 + 3), i * 3);
    slices.push(triples);
    if (n < perRead) break;
    after = [quads[n * 4 - 1]!, quads[n * 4 - 3]!, quads[n * 4 - 4]!];
  }
  return concat(slices);
}

function concat(slices: PackedVotes[]): PackedVotes {
  const packed = new Int32Array(slices.reduce((n, slice) => n + slice.length, 0));
  let to = 0;
  for (const slice of slices) {
    packed.set(slice, to);
    to += slice.length;
  }
  return packed;
}

/** Participants per query: a row object each, so pages of 250 with a turn between (1,000 in one held the loop 130 ms). */
const participantsPerRead = 250;

const participantColumns = {
  id: opinionParticipants.accountId,
  regionId: opinionParticipants.regionId,
  organisationKind: opinionParticipants.organisationKind,
  pseudonym: opinionParticipants.pseudonym,
};

async function readParticipants(db: Db | Tx, roundId: number, trace: Trace): Promise<MapParticipant[]> {
  const participants: MapParticipant[] = [];
  for (let after = -1; ;) {
    await nextTurn();
    trace("read_participants");
    const page = await db
      .select(participantColumns)
      .from(opinionParticipants)
      .where(and(eq(opinionParticipants.roundId, roundId), gt(opinionParticipants.accountId, after)))
      .orderBy(opinionParticipants.accountId)
      .limit(participantsPerRead);
    participants.push(...page);
    if (page.length < participantsPerRead) return participants;
    after = page.at(-1)!.id;
  }
}

async function readParticipantsById(db: Db | Tx, roundId: number, ids: number[], trace: Trace) {
  const participants: MapParticipant[] = [];
  for (let at = 0; at < ids.length; at += participantsPerRead) {
    await nextTurn();
    trace("read_participants_new");
    participants.push(
      ...(await db
        .select(participantColumns)
        .from(opinionParticipants)
        .where(
          and(
            eq(opinionParticipants.roundId, roundId),
            inArray(opinionParticipants.accountId, ids.slice(at, at + participantsPerRead)),
          ),
        )),
    );
  }
  return participants;
}

/** Names the step a recompute starts (bench:opinion attributes event-loop blocks to steps with it). */
export type Trace = (step: string) => void;

/** Computes and packs a map (rules/map-codec.ts); the server does both in its worker thread. */
export type ComputeMap = (input: MapInput) => Promise<PackedMapResult>;

/**
 * Recomputes a round's map off the request path: reads the votes, computes and packs in a worker thread
 * (the arithmetic for a large round would otherwise stall every request and socket), then stores the
 * packed map and writes its live event in one transaction, broadcast after the commit. The event
 * carries the same packed string: a page decodes it to exactly what `opinions.get` gives.
 */
export async function recomputeMap(
  deps: Pick<ServiceDeps, "db" | "publisher" | "now" | "onTransactionRetry">,
  roundId: number,
  compute: ComputeMap = computeInWorker,
  trace: Trace = () => {},
) {
  trace("read_begin");
  const input = await loadMapInput(deps, roundId, trace);
  const started = performance.now();
  trace("worker");
  const result = await compute(input);
  trace("store_map");
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
    trace("store_event");
    await emit(roundStream(roundId), "opinionMap:updated", {
      roundId,
      version,
      computedAt: computedAt.toISOString(),
      packed: map,
    });
    await nextTurn();
    trace("commit");
    return { version, durationMs, packed: map };
  });
}
