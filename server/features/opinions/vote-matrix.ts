import { sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { opinionVoteVersions } from "@/db/schema";
import type { MapParticipant } from "./rules/compute-map";
import { RoundVotes } from "./rules/round-votes";

/**
 * Bumps the round's vote version and returns it, for the votes the transaction writes next. Called as
 * the transaction's last lock: its row lock makes transactions that write a round's votes take their
 * versions in commit order, so a snapshot that sees version V sees every vote stamped V or lower, and
 * after it the transaction only writes vote rows it already holds (no wait while holding the counter).
 */
export async function bumpVoteVersion(tx: Tx, roundId: number): Promise<number> {
  const [row] = await tx
    .insert(opinionVoteVersions)
    .values({ roundId, version: 1 })
    .onConflictDoUpdate({
      target: opinionVoteVersions.roundId,
      set: { version: sql`${opinionVoteVersions.version} + 1` },
    })
    .returning({ version: opinionVoteVersions.version });
  return row!.version;
}

/**
 * A round's votes and participants as this process last read them, up to `version` (null: never read,
 * the next recompute reads everything). Recomputes then read only the votes of later versions,
 * whichever process wrote them, and the participants they do not know yet.
 */
export interface RoundMatrix {
  version: number | null;
  votes: RoundVotes;
  participants: Map<number, MapParticipant>;
  /** Reads of one round's matrix run one at a time, so each applies its changes to the state it read from. */
  queue: Promise<unknown>;
}

/** Rounds held per database (per process); the least recently recomputed is dropped beyond it. */
const maxRounds = 32;
const matrices = new WeakMap<Db, Map<number, RoundMatrix>>();

function matrixOf(db: Db, roundId: number): RoundMatrix {
  let rounds = matrices.get(db);
  if (!rounds) matrices.set(db, (rounds = new Map<number, RoundMatrix>()));
  const held = rounds.get(roundId);
  rounds.delete(roundId);
  const matrix = held ?? { version: null, votes: new RoundVotes(), participants: new Map(), queue: Promise.resolve() };
  rounds.set(roundId, matrix);
  for (const oldest of rounds.keys()) {
    if (rounds.size <= maxRounds) break;
    rounds.delete(oldest);
  }
  return matrix;
}

/** Runs `read` with the round's matrix, after any read of it still under way. */
export function withRoundMatrix<T>(db: Db, roundId: number, read: (matrix: RoundMatrix) => Promise<T>): Promise<T> {
  const matrix = matrixOf(db, roundId);
  const result = matrix.queue.then(() => read(matrix));
  matrix.queue = result.catch(() => undefined);
  return result;
}

/** Drops what this process holds of a round: its next recompute reads everything (tests, benchmark). */
export function forgetRoundMatrix(db: Db, roundId: number): void {
  matrices.get(db)?.delete(roundId);
}
