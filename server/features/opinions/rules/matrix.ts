/**
 * The participant × statement vote matrix: agree +1, disagree −1, pass 0, unseen missing (NaN).
 * Rows and columns are kept in ascending id order whatever order the votes came in, so every later
 * step (PCA, clustering) is a function of the votes alone, never of the order they were read.
 */
export type VoteValue = 1 | -1 | 0;

export interface VoteCell {
  participant: number;
  statement: number;
  value: VoteValue;
}

/**
 * Votes packed as (participant, statement, value) triples in one Int32Array: how the server reads them
 * from the database and hands them to the map's worker thread (one transferable buffer instead of tens
 * of thousands of small objects to build, clone and collect).
 */
export type PackedVotes = Int32Array<ArrayBuffer>;

/** The votes as packed triples; packed votes are returned as they are. */
export function packVotes(votes: readonly VoteCell[] | PackedVotes): PackedVotes {
  if (votes instanceof Int32Array) {
    if (votes.length % 3 !== 0) throw new Error("packed votes must be (participant, statement, value) triples");
    return votes;
  }
  const packed = new Int32Array(votes.length * 3);
  let at = 0;
  for (const v of votes) {
    packed[at++] = v.participant;
    packed[at++] = v.statement;
    packed[at++] = v.value;
  }
  return packed;
}

export interface VoteMatrix {
  participants: number[];
  statements: number[];
  /** Row-major, participants × statements; NaN where the participant has not voted. */
  values: Float64Array;
  /** Votes (pass included) per participant, in row order. */
  voteCounts: Int32Array;
}

const ascending = (a: number, b: number) => a - b;

/**
 * Position of each id in `ids` (−1 when absent). Database ids are small non-negative integers, so a
 * typed table answers in one array read; other ids fall back to a Map. The recompute looks up every
 * vote's person and statement, 80,000 lookups for a large round.
 */
export function positionsOf(ids: readonly number[]): (id: number) => number {
  let max = -1;
  let compact = true;
  for (const id of ids) {
    if (!Number.isInteger(id) || id < 0) compact = false;
    else if (id > max) max = id;
  }
  if (compact && max < Math.max(1 << 16, ids.length * 64)) {
    const table = new Int32Array(max + 1).fill(-1);
    ids.forEach((id, i) => (table[id] = i));
    return (id) => (id >= 0 && id <= max ? (table[id] ?? -1) : -1);
  }
  const map = new Map(ids.map((id, i) => [id, i]));
  return (id) => map.get(id) ?? -1;
}

export function buildMatrix(cells: readonly VoteCell[] | PackedVotes, statements?: readonly number[]): VoteMatrix {
  const votes = packVotes(cells);
  const n = votes.length;
  let statementIds: number[];
  if (statements) statementIds = [...new Set(statements)].sort(ascending);
  else {
    const seen = new Set<number>();
    for (let at = 1; at < n; at += 3) seen.add(votes[at] as number);
    statementIds = [...seen].sort(ascending);
  }
  const column = positionsOf(statementIds);
  const voters = new Set<number>();
  for (let at = 0; at < n; at += 3) if (column(votes[at + 1] as number) >= 0) voters.add(votes[at] as number);
  const participantIds = [...voters].sort(ascending);
  const row = positionsOf(participantIds);
  const m = statementIds.length;
  const values = new Float64Array(participantIds.length * m).fill(Number.NaN);
  const voteCounts = new Int32Array(participantIds.length);
  for (let at = 0; at < n; at += 3) {
    const j = column(votes[at + 1] as number);
    const i = row(votes[at] as number);
    if (j < 0 || i < 0) continue;
    if (Number.isNaN(values[i * m + j])) voteCounts[i] = (voteCounts[i] as number) + 1;
    values[i * m + j] = votes[at + 2] as number;
  }
  return { participants: participantIds, statements: statementIds, values, voteCounts };
}

/** The rows whose participants pass `keep`, as a matrix of their own. */
export function selectRows(matrix: VoteMatrix, keep: (participant: number, votes: number) => boolean): VoteMatrix {
  const m = matrix.statements.length;
  const rows = matrix.participants.flatMap((id, i) => (keep(id, matrix.voteCounts[i] as number) ? [i] : []));
  const values = new Float64Array(rows.length * m);
  rows.forEach((i, r) => values.set(matrix.values.subarray(i * m, (i + 1) * m), r * m));
  return {
    participants: rows.map((i) => matrix.participants[i] as number),
    statements: matrix.statements,
    values,
    voteCounts: Int32Array.from(rows.map((i) => matrix.voteCounts[i] as number)),
  };
}
