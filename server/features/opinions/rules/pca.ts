import type { VoteMatrix } from "./matrix";

export type Point = readonly [number, number];

export interface Projection {
  /** One point per matrix row, in row order. */
  points: Point[];
  components: [Float64Array, Float64Array];
  means: Float64Array;
}

/**
 * Column means over the votes cast, and the matrix centred on them with a missing vote filled by its
 * column's mean (so it becomes 0 once centred and pulls the person neither way).
 */
export function centre(matrix: VoteMatrix): { centred: Float64Array; means: Float64Array } {
  const n = matrix.participants.length;
  const m = matrix.statements.length;
  const sums = new Float64Array(m);
  const counts = new Float64Array(m);
  for (let i = 0; i < n; i += 1)
    for (let j = 0; j < m; j += 1) {
      const v = matrix.values[i * m + j] as number;
      if (!Number.isNaN(v)) {
        sums[j] = (sums[j] as number) + v;
        counts[j] = (counts[j] as number) + 1;
      }
    }
  const means = sums.map((s, j) => ((counts[j] as number) > 0 ? s / (counts[j] as number) : 0));
  const centred = new Float64Array(n * m);
  for (let i = 0; i < n; i += 1)
    for (let j = 0; j < m; j += 1) {
      const v = matrix.values[i * m + j] as number;
      centred[i * m + j] = Number.isNaN(v) ? 0 : v - (means[j] as number);
    }
  return { centred, means };
}

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let j = 0; j < a.length; j += 1) s += (a[j] as number) * (b[j] as number);
  return s;
};

function normalise(v: Float64Array): number {
  const norm = Math.sqrt(dot(v, v));
  if (norm > 0) for (let j = 0; j < v.length; j += 1) v[j] = (v[j] as number) / norm;
  return norm;
}

/**
 * The leading eigenvector of XᵀX orthogonal to `against`, by power iteration on X itself (two passes
 * over the n × m data per step instead of forming the m × m covariance). The start vector is fixed, so
 * the result is deterministic; the sign is fixed too (largest entry positive) so the map does not
 * mirror itself between two recomputes of almost the same votes.
 */
export function powerIteration(
  x: Float64Array,
  n: number,
  m: number,
  against: readonly Float64Array[] = [],
  options: { maxIterations?: number; tolerance?: number } = {},
): Float64Array {
  const maxIterations = options.maxIterations ?? 300;
  // A map is drawn to a few pixels: 1e-8 on a unit vector is far below anything visible.
  const tolerance = options.tolerance ?? 1e-8;
  let v = new Float64Array(m).map((_, j) => 1 + ((j * 7919) % 101) / 101);
  const orthogonalise = (w: Float64Array) => {
    for (const u of against) {
      const p = dot(w, u);
      for (let j = 0; j < m; j += 1) w[j] = (w[j] as number) - p * (u[j] as number);
    }
  };
  orthogonalise(v);
  if (normalise(v) === 0) return new Float64Array(m);
  const xv = new Float64Array(n);
  for (let iteration = 0; iteration < maxIterations; iteration += 1) {
    for (let i = 0; i < n; i += 1) {
      let s = 0;
      const base = i * m;
      for (let j = 0; j < m; j += 1) s += (x[base + j] as number) * (v[j] as number);
      xv[i] = s;
    }
    const next = new Float64Array(m);
    for (let i = 0; i < n; i += 1) {
      const s = xv[i] as number;
      if (s === 0) continue;
      const base = i * m;
      for (let j = 0; j < m; j += 1) next[j] = (next[j] as number) + s * (x[base + j] as number);
    }
    orthogonalise(next);
    if (normalise(next) === 0) return new Float64Array(m);
    let change = 0;
    for (let j = 0; j < m; j += 1) change = Math.max(change, Math.abs((next[j] as number) - (v[j] as number)));
    v = next;
    if (change < tolerance) break;
  }
  let largest = 0;
  for (let j = 0; j < m; j += 1) if (Math.abs(v[j] as number) > Math.abs(v[largest] as number)) largest = j;
  if ((v[largest] as number) < 0) for (let j = 0; j < m; j += 1) v[j] = -(v[j] as number);
  return v;
}

/**
 * Two principal components and each participant's place on them. A person who voted on few
 * statements has mostly zeros (filled means) and would sit near the centre whatever they think; as
 * Pol.is does, their projection is scaled by √(statements / their votes) so they land where their
 * votes point.
 */
export function project(matrix: VoteMatrix): Projection {
  const n = matrix.participants.length;
  const m = matrix.statements.length;
  const { centred, means } = centre(matrix);
  const first = powerIteration(centred, n, m);
  const second = powerIteration(centred, n, m, [first]);
  const points: Point[] = [];
  for (let i = 0; i < n; i += 1) {
    let x = 0;
    let y = 0;
    for (let j = 0; j < m; j += 1) {
      const v = centred[i * m + j] as number;
      x += v * (first[j] as number);
      y += v * (second[j] as number);
    }
    const scale = Math.sqrt(m / Math.max(matrix.voteCounts[i] as number, 1));
    points.push([x * scale, y * scale]);
  }
  return { points, components: [first, second], means };
}
