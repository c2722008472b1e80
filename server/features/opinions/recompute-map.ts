import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { opinionMaps, opinionParticipants, opinionRounds, opinionStatements, opinionVotes } from "@/db/schema";
import type { ServiceDeps } from "@/server/infra/deps";
import { transact } from "@/server/infra/transact";
import { computeInWorker } from "./map-worker-pool";
import { roundStream } from "./round-access";
import type { MapInput, MapResult } from "./rules/compute-map";
import type { VoteValue } from "./rules/matrix";

const valueOf: Record<"agree" | "disagree" | "pass", VoteValue> = { agree: 1, disagree: -1, pass: 0 };

/**
 * Everything the map is computed from: visible statements only, every participant's standing and votes,
 * read in one read-only transaction, so from one snapshot (a vote committing between two separate reads
 * could count a statement or a person the other read did not see). On PGlite it is also one turn of the
 * single connection's queue instead of five: under a vote storm each turn waits behind every voter.
 */
export async function loadMapInput(db: Db, roundId: number): Promise<MapInput & { votesSeen: number }> {
  return db.transaction((tx) => readMapInput(tx, roundId), {
    isolationLevel: "repeatable read",
    accessMode: "read only",
  });
}

async function readMapInput(db: Db | Tx, roundId: number): Promise<MapInput & { votesSeen: number }> {
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
  const votes = await db
    .select({ participant: opinionVotes.voterId, statement: opinionVotes.statementId, choice: opinionVotes.choice })
    .from(opinionVotes)
    .where(eq(opinionVotes.roundId, roundId));
  const [stored] = await db
    .select({ labels: opinionMaps.labels })
    .from(opinionMaps)
    .where(eq(opinionMaps.roundId, roundId));
  return {
    statements: statements.map((s) => s.id),
    participants,
    votes: votes.map((v) => ({ participant: v.participant, statement: v.statement, value: valueOf[v.choice] })),
    previousLabels: new Map(stored?.labels ?? []),
    options: { minVotes: round?.minVotes ?? 7 },
    votesSeen: votes.length,
  };
}

export type ComputeMap = (input: MapInput) => Promise<MapResult>;

/**
 * Recomputes a round's map off the request path: reads the votes, computes in a worker thread (the
 * arithmetic for a large round would otherwise stall every request and socket), then stores the map
 * and writes its live event in one transaction, broadcast after the commit.
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
    const labels = [...result.labels];
    const [row] = await tx
      .insert(opinionMaps)
      .values({ roundId, version: 1, map: result.map, labels, votesSeen: input.votesSeen, computedAt, durationMs })
      .onConflictDoUpdate({
        target: opinionMaps.roundId,
        set: {
          version: sql`${opinionMaps.version} + 1`,
          map: result.map,
          labels,
          votesSeen: input.votesSeen,
          computedAt,
          durationMs,
        },
      })
      .returning({ version: opinionMaps.version });
    const version = row?.version ?? 1;
    await emit(roundStream(roundId), "opinionMap:updated", {
      roundId,
      version,
      computedAt: computedAt.toISOString(),
      map: result.map,
    });
    return { version, durationMs, map: result.map };
  });
}
