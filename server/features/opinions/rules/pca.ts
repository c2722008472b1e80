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
  const means = columnMeans(matrix);
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
  const xv = new Float64Array(n);
  const product = (v: Float64Array, next: Float64Array) => {
    for (let i = 0; i < n; i += 1) {
      let s = 0;
      const base = i * m;
      for (let j = 0; j < m; j += 1) s += (x[base + j] as number) * (v[j] as number);
      xv[i] = s;
    }
    next.fill(0);
    for (let i = 0; i < n; i += 1) {
      const s = xv[i] as number;
      if (s === 0) continue;
      const base = i * m;
      for (let j = 0; j < m; j += 1) next[j] = (next[j] as number) + s * (x[base + j] as number);
    }
  };
  let trace = 0;
  for (let k = 0; k < n * m; k += 1) trace += (x[k] as number) * (x[k] as number);
  return powerIterationWith(product, trace, m, against, options);
}

/** The centred matrix's cast votes only, row by row (compressed sparse rows): a missing vote is 0 once centred. */
interface SparseRows {
  starts: Int32Array;
  columns: Int32Array;
  values: Float64Array;
}

function sparseCentred(matrix: VoteMatrix, means: Float64Array): SparseRows {
  const n = matrix.participants.length;
  const m = matrix.statements.length;
  let cast = 0;
  for (let k = 0; k < n * m; k += 1) if (!Number.isNaN(matrix.values[k])) cast += 1;
  const starts = new Int32Array(n + 1);
  const columns = new Int32Array(cast);
  const values = new Float64Array(cast);
  let at = 0;
  for (let i = 0; i < n; i += 1) {
    starts[i] = at;
    for (let j = 0; j < m; j += 1) {
      const v = matrix.values[i * m + j] as number;
      if (Number.isNaN(v)) continue;
      columns[at] = j;
      values[at] = v - (means[j] as number);
      at += 1;
    }
  }
  starts[n] = at;
  return { starts, columns, values };
}

/** XᵀX (m × m) from the sparse rows: each row adds the products of its own cast votes only. */
function covariance(rows: SparseRows, n: number, m: number): Float64Array {
  const c = new Float64Array(m * m);
  const { starts, columns, values } = rows;
  for (let i = 0; i < n; i += 1) {
    const end = starts[i + 1] as number;
    for (let a = starts[i] as number; a < end; a += 1) {
      const va = values[a] as number;
      const base = (columns[a] as number) * m;
      for (let b = a; b < end; b += 1) {
        const at = base + (columns[b] as number);
        c[at] = (c[at] as number) + va * (values[b] as number);
      }
    }
  }
  // Columns ascend within a row, so only the upper triangle was filled.
  for (let j = 0; j < m; j += 1) for (let k = j + 1; k < m; k += 1) c[k * m + j] = c[j * m + k] as number;
  return c;
}

/** next = XᵀX·v, through the m × m covariance when it is the smaller work, else through the sparse rows. */
function gramProduct(rows: SparseRows, n: number, m: number): (v: Float64Array, next: Float64Array) => void {
  const { starts, columns, values } = rows;
  if (m * m <= 2 * values.length) {
    const c = covariance(rows, n, m);
    return (v, next) => {
      for (let j = 0; j < m; j += 1) {
        let s = 0;
        const base = j * m;
        for (let k = 0; k < m; k += 1) s += (c[base + k] as number) * (v[k] as number);
        next[j] = s;
      }
    };
  }
  const xv = new Float64Array(n);
  return (v, next) => {
    for (let i = 0; i < n; i += 1) {
      let s = 0;
      for (let a = starts[i] as number; a < (starts[i + 1] as number); a += 1)
        s += (values[a] as number) * (v[columns[a] as number] as number);
      xv[i] = s;
    }
    next.fill(0);
    for (let i = 0; i < n; i += 1) {
      const s = xv[i] as number;
      if (s === 0) continue;
      for (let a = starts[i] as number; a < (starts[i + 1] as number); a += 1) {
        const j = columns[a] as number;
        next[j] = (next[j] as number) + s * (values[a] as number);
      }
    }
  };
}

/**
 * Power iteration for the leading eigenvector of XᵀX orthogonal to `against`, with XᵀX·v computed by
 * `product` (over the dense data, the sparse rows or the covariance: equal up to rounding). The start
 * vector is fixed, so the result is deterministic; the sign is fixed too (largest entry positive) so
 * the map does not mirror itself between two recomputes of almost the same votes.
 */
function powerIterationWith(
  product: (v: Float64Array, next: Float64Array) => void,
  /** The trace of XᵀX (the sum of squares of X): no eigenvalue is larger. */
  trace: number,
  m: number,
  against: readonly Float64Array[] = [],
  options: { maxIterations?: number; tolerance?: number } = {},
): Float64Array {
  const maxIterations = options.maxIterations ?? 300;
  // A map is drawn to a few pixels: 1e-8 on a unit vector is far below anything visible.
  const tolerance = options.tolerance ?? 1e-8;
  let v = new Float64Array(m).map((_, j) => 1 + ((j * 7919) % 101) / 101);
  let next = new Float64Array(m);
  const orthogonalise = (w: Float64Array) => {
    for (const u of against) {
      const p = dot(w, u);
      for (let j = 0; j < m; j += 1) w[j] = (w[j] as number) - p * (u[j] as number);
    }
  };
  orthogonalise(v);
  if (normalise(v) === 0) return new Float64Array(m);
  // What is left after `against` below this share of the trace is rounding, not a direction of the
  // data (blocs that vote in unison leave one component): no component then, rather than noise.
  const negligible = trace * 1e-10;
  for (let iteration = 0; iteration < maxIterations; iteration += 1) {
    product(v, next);
    orthogonalise(next);
    if (normalise(next) <= negligible) return new Float64Array(m);
    let change = 0;
    for (let j = 0; j < m; j += 1) change = Math.max(change, Math.abs((next[j] as number) - (v[j] as number)));
    const previous = v;
    v = next;
    next = previous;
    if (change < tolerance) break;
  }
  // The sign: the largest entry positive. Entries equal up to rounding (two statements voted alike)
  // count as a tie, which the first takes, so the sign does not hang on the last bit of the arithmetic.
  let top = 0;
  for (let j = 0; j < m; j += 1) top = Math.max(top, Math.abs(v[j] as number));
  let largest = 0;
  while (largest < m - 1 && Math.abs(v[largest] as number) < top * (1 - 1e-9)) largest += 1;
  if ((v[largest] as number) < 0) for (let j = 0; j < m; j += 1) v[j] = -(v[j] as number);
  return v;
}

/** Column means over the votes cast (as `centre`), without building the dense centred matrix. */
function columnMeans(matrix: VoteMatrix): Float64Array {
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
  return sums.map((s, j) => ((counts[j] as number) > 0 ? s / (counts[j] as number) : 0));
}

/**
 * Two principal components and each participant's place on them. A person who voted on few
 * statements has mostly zeros (filled means) and would sit near the centre whatever they think; as
 * Pol.is does, their projection is scaled by √(statements / their votes) so they land where their
 * votes point.
 *
 * Only cast votes are touched (a missing vote is 0 once centred): 1,000 people × 200 statements at
 * 40 % density is 80,000 numbers, and the power iteration runs on the 200 × 200 covariance.
 * `projectDense` is the plain form it must agree with.
 */
export function project(matrix: VoteMatrix): Projection {
  const n = matrix.participants.length;
  const m = matrix.statements.length;
  const means = columnMeans(matrix);
  const rows = sparseCentred(matrix, means);
  const product = gramProduct(rows, n, m);
  let trace = 0;
  for (const v of rows.values) trace += v * v;
  const first = powerIterationWith(product, trace, m);
  const second = powerIterationWith(product, trace, m, [first]);
  const points: Point[] = [];
  for (let i = 0; i < n; i += 1) {
    let x = 0;
    let y = 0;
    for (let a = rows.starts[i] as number; a < (rows.starts[i + 1] as number); a += 1) {
      const v = rows.values[a] as number;
      const j = rows.columns[a] as number;
      x += v * (first[j] as number);
      y += v * (second[j] as number);
    }
    const scale = Math.sqrt(m / Math.max(matrix.voteCounts[i] as number, 1));
    points.push([x * scale, y * scale]);
  }
  return { points, components: [first, second], means };
}

/** The reference: dense centring and power iteration over the whole n × m matrix (tests and the benchmark's baseline). */
export function projectDense(matrix: VoteMatrix): Projection {
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
