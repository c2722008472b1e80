/**
 * The linear relaxation of a 0/1 knapsack with several capacities: max c·x subject to A·x ≤ b and
 * 0 ≤ x ≤ 1, solved by a bounded-variable dual simplex on a dense tableau (a few rows, tens of
 * columns). Branch and bound fixes one column at a time; the parent's optimal basis stays dual
 * feasible, so a child needs only a few dual pivots from a copy of it.
 *
 * The search never trusts this arithmetic for a proof: it reads the duals y (≥ 0) off the tableau and
 * recomputes the Lagrangian bound y·b + Σ max(0, c_j − y·a_j) from the exact data, which bounds the
 * integer optimum for any y ≥ 0. Rounding in the tableau can only make that bound looser, never wrong.
 */

export class BoundedLp {
  /** Rows m (capacities), structural columns n; slack of row i is column n + i. */
  readonly m: number;
  readonly n: number;
  /** Tableau B⁻¹[A | I], row-major, m × (n + m). */
  private readonly t: Float64Array;
  /** Reduced costs c_j − c_B·B⁻¹a_j (maximising: ≤ 0 at lower bound, ≥ 0 at upper). */
  private readonly d: Float64Array;
  /** Values of the basic columns, by row. */
  private readonly xb: Float64Array;
  private readonly basis: Int32Array;
  /** Row a column is basic in, or −1. */
  private readonly row: Int32Array;
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;
  /** For a non-basic column: whether it sits at its upper bound. */
  private readonly upper: Uint8Array;
  /** Columns a solve still touches: basic or not yet fixed (a fixed non-basic column never enters again). */
  private readonly active: Int32Array;

  constructor(m: number, n: number) {
    this.m = m;
    this.n = n;
    const width = n + m;
    this.t = new Float64Array(m * width);
    this.d = new Float64Array(width);
    this.xb = new Float64Array(m);
    this.basis = new Int32Array(m);
    this.row = new Int32Array(width);
    this.lo = new Float64Array(width);
    this.hi = new Float64Array(width);
    this.upper = new Uint8Array(width);
    this.active = new Int32Array(width);
  }

  /** The slack basis: every column with a positive objective at 1, the rest at 0 (dual feasible). */
  load(a: readonly (readonly number[])[], b: readonly number[], c: readonly number[]): void {
    const { m, n } = this;
    const width = n + m;
    this.t.fill(0);
    for (let i = 0; i < m; i += 1) {
      for (let j = 0; j < n; j += 1) this.t[i * width + j] = a[i]![j]!;
      this.t[i * width + n + i] = 1;
      this.basis[i] = n + i;
      this.row[n + i] = i;
      this.lo[n + i] = 0;
      this.hi[n + i] = Number.POSITIVE_INFINITY;
      this.d[n + i] = 0;
      this.xb[i] = b[i]!;
    }
    for (let j = 0; j < n; j += 1) {
      this.row[j] = -1;
      this.lo[j] = 0;
      this.hi[j] = 1;
      this.d[j] = c[j]!;
      this.upper[j] = c[j]! > 0 ? 1 : 0;
      if (this.upper[j]) for (let i = 0; i < m; i += 1) this.xb[i] = this.xb[i]! - a[i]![j]!;
    }
  }

  copyFrom(other: BoundedLp): void {
    this.t.set(other.t);
    this.d.set(other.d);
    this.xb.set(other.xb);
    this.basis.set(other.basis);
    this.row.set(other.row);
    this.lo.set(other.lo);
    this.hi.set(other.hi);
    this.upper.set(other.upper);
  }

  isFixed(j: number): boolean {
    return this.lo[j] === this.hi[j];
  }

  /** Fixes structural column j at 0 or 1; a non-basic column moves there, a basic one is pivoted out by solve(). */
  fix(j: number, value: 0 | 1): void {
    const { m, n } = this;
    const width = n + m;
    this.lo[j] = value;
    this.hi[j] = value;
    if (this.row[j]! >= 0) return;
    const was = this.upper[j] ? 1 : 0;
    this.upper[j] = value;
    if (was === value) return;
    const delta = value - was;
    for (let i = 0; i < m; i += 1) this.xb[i] = this.xb[i]! - this.t[i * width + j]! * delta;
  }

  /** The value of structural column j in the current basic solution. */
  value(j: number): number {
    // A fixed column is exactly at its bound, even while it is still basic within the tolerance.
    if (this.lo[j] === this.hi[j]) return this.lo[j]!;
    const r = this.row[j]!;
    if (r >= 0) return this.xb[r]!;
    return this.upper[j] ? this.hi[j]! : this.lo[j]!;
  }

  /** The row duals y_i ≥ 0 (the negated reduced cost of each slack). */
  duals(out: Float64Array): void {
    for (let i = 0; i < this.m; i += 1) out[i] = Math.max(0, -this.d[this.n + i]!);
  }

  /**
   * Dual simplex until the basic solution is within its bounds (true) or `maxPivots` is spent or no
   * column can enter (false: the duals are still feasible, so the bound read from them stays valid).
   * Deterministic: the most violated row leaves, the smallest ratio enters, ties to the larger pivot, then the lower index.
   */
  solve(maxPivots: number): boolean {
    const { m, n, t, d, xb, basis, lo, hi, upper, active } = this;
    const width = n + m;
    const tolerance = 1e-9;
    // A fixed column's entries go stale once it leaves this list; it is never read again (it cannot
    // enter, fix() is only called on free columns, and copies only ever fix more).
    let columns = 0;
    for (let j = 0; j < width; j += 1) if (lo[j] !== hi[j] || this.row[j]! >= 0) active[columns++] = j;
    for (let pivots = 0; ; pivots += 1) {
      let r = -1;
      let worst = tolerance;
      for (let i = 0; i < m; i += 1) {
        const k = basis[i]!;
        const below = lo[k]! - xb[i]!;
        const above = xb[i]! - hi[k]!;
        const violation = below > above ? below : above;
        if (violation > worst) {
          worst = violation;
          r = i;
        }
      }
      if (r < 0) return true;
      if (pivots >= maxPivots) return false;
      const leaving = basis[r]!;
      const toLower = xb[r]! < lo[leaving]!;
      const sign = toLower ? 1 : -1;
      const target = toLower ? lo[leaving]! : hi[leaving]!;
      const base = r * width;
      let q = -1;
      let bestRatio = Number.POSITIVE_INFINITY;
      let bestAlpha = 0;
      for (let c = 0; c < columns; c += 1) {
        const j = active[c]!;
        if (this.row[j]! >= 0 || lo[j] === hi[j]) continue;
        const alpha = sign * t[base + j]!;
        if (upper[j] ? alpha <= tolerance : alpha >= -tolerance) continue;
        const ratio = Math.max(0, d[j]! / alpha);
        const size = Math.abs(alpha);
        if (ratio < bestRatio - 1e-12 || (ratio <= bestRatio + 1e-12 && size > bestAlpha)) {
          bestRatio = ratio;
          bestAlpha = size;
          q = j;
        }
      }
      if (q < 0) return false;
      const pivot = t[base + q]!;
      const step = (xb[r]! - target) / pivot;
      const entering = upper[q] ? hi[q]! : lo[q]!;
      for (let i = 0; i < m; i += 1) if (i !== r) xb[i] = xb[i]! - t[i * width + q]! * step;
      xb[r] = entering + step;
      for (let c = 0; c < columns; c += 1) {
        const j = active[c]!;
        t[base + j] = t[base + j]! / pivot;
      }
      for (let i = 0; i < m; i += 1) {
        if (i === r) continue;
        const f = t[i * width + q]!;
        if (f === 0) continue;
        const other = i * width;
        for (let c = 0; c < columns; c += 1) {
          const j = active[c]!;
          t[other + j] = t[other + j]! - f * t[base + j]!;
        }
        t[other + q] = 0;
      }
      const f = d[q]!;
      if (f !== 0)
        for (let c = 0; c < columns; c += 1) {
          const j = active[c]!;
          d[j] = d[j]! - f * t[base + j]!;
        }
      d[q] = 0;
      t[base + q] = 1;
      basis[r] = q;
      this.row[q] = r;
      this.row[leaving] = -1;
      upper[leaving] = toLower ? 0 : 1;
    }
  }
}
