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

export interface VoteMatrix {
  participants: number[];
  statements: number[];
  /** Row-major, participants × statements; NaN where the participant has not voted. */
  values: Float64Array;
  /** Votes (pass included) per participant, in row order. */
  voteCounts: Int32Array;
}

const ascending = (a: number, b: number) => a - b;

export function buildMatrix(votes: readonly VoteCell[], statements?: readonly number[]): VoteMatrix {
  const statementIds = [...new Set(statements ?? votes.map((v) => v.statement))].sort(ascending);
  const column = new Map(statementIds.map((id, j) => [id, j]));
  const participantIds = [...new Set(votes.filter((v) => column.has(v.statement)).map((v) => v.participant))].sort(
    ascending,
  );
  const row = new Map(participantIds.map((id, i) => [id, i]));
  const m = statementIds.length;
  const values = new Float64Array(participantIds.length * m).fill(Number.NaN);
  const voteCounts = new Int32Array(participantIds.length);
  for (const vote of votes) {
    const j = column.get(vote.statement);
    const i = row.get(vote.participant);
    if (j === undefined || i === undefined) continue;
    if (Number.isNaN(values[i * m + j])) voteCounts[i] = (voteCounts[i] as number) + 1;
    values[i * m + j] = vote.value;
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
