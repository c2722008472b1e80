import type { Point } from "./pca";

export interface Clustering {
  k: number;
  /** Cluster index per point, in point order. */
  labels: number[];
  centroids: Point[];
  silhouette: number;
}

const distance2 = (a: Point, b: Point) => {
  const dx = a[0] - b[0];
  const dy = a[1] - b[1];
  return dx * dx + dy * dy;
};

/** A small seeded generator (mulberry32): restarts are random-looking yet the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The points as two flat coordinate arrays: the inner loops below run over these, not over tuples. */
interface Flat {
  n: number;
  xs: Float64Array;
  ys: Float64Array;
}

function flatten(points: readonly Point[]): Flat {
  const n = points.length;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    const p = points[i] as Point;
    xs[i] = p[0];
    ys[i] = p[1];
  }
  return { n, xs, ys };
}

/** Each point to its nearest centroid (the first on a tie); whether any label changed. */
function assign(flat: Flat, cx: Float64Array, cy: Float64Array, labels: Int32Array): boolean {
  const k = cx.length;
  let moved = false;
  for (let i = 0; i < flat.n; i += 1) {
    const x = flat.xs[i] as number;
    const y = flat.ys[i] as number;
    let best = 0;
    let bestDistance = Infinity;
    for (let c = 0; c < k; c += 1) {
      const dx = x - (cx[c] as number);
      const dy = y - (cy[c] as number);
      const d = dx * dx + dy * dy;
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    if (labels[i] !== best) {
      labels[i] = best;
      moved = true;
    }
  }
  return moved;
}

function lloyd(
  flat: Flat,
  start: Point[],
  maxIterations = 100,
): { labels: Int32Array; cx: Float64Array; cy: Float64Array } {
  const k = start.length;
  const cx = Float64Array.from(start, (c) => c[0]);
  const cy = Float64Array.from(start, (c) => c[1]);
  const labels = new Int32Array(flat.n).fill(-1);
  const sx = new Float64Array(k);
  const sy = new Float64Array(k);
  const count = new Float64Array(k);
  for (let iteration = 0; iteration < maxIterations; iteration += 1) {
    if (!assign(flat, cx, cy, labels) && iteration > 0) break;
    sx.fill(0);
    sy.fill(0);
    count.fill(0);
    for (let i = 0; i < flat.n; i += 1) {
      const c = labels[i] as number;
      sx[c] = (sx[c] as number) + (flat.xs[i] as number);
      sy[c] = (sy[c] as number) + (flat.ys[i] as number);
      count[c] = (count[c] as number) + 1;
    }
    // An emptied cluster keeps its centroid; the silhouette check then turns that k down.
    for (let c = 0; c < k; c += 1)
      if ((count[c] as number) > 0) {
        cx[c] = (sx[c] as number) / (count[c] as number);
        cy[c] = (sy[c] as number) / (count[c] as number);
      }
  }
  return { labels, cx, cy };
}

function inertia(flat: Flat, labels: Int32Array, cx: Float64Array, cy: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < flat.n; i += 1) {
    const c = labels[i] as number;
    const dx = (flat.xs[i] as number) - (cx[c] as number);
    const dy = (flat.ys[i] as number) - (cy[c] as number);
    sum += dx * dx + dy * dy;
  }
  return sum;
}

/** k-means++ seeding with the given generator. */
function seed(points: readonly Point[], flat: Flat, k: number, random: () => number): Point[] {
  const centroids: Point[] = [points[Math.floor(random() * points.length)] as Point];
  const weights = new Float64Array(flat.n);
  const toNearest = (p: Point, first: boolean) => {
    for (let i = 0; i < flat.n; i += 1) {
      const dx = (flat.xs[i] as number) - p[0];
      const dy = (flat.ys[i] as number) - p[1];
      const d = dx * dx + dy * dy;
      weights[i] = first ? d : Math.min(weights[i] as number, d);
    }
  };
  toNearest(centroids[0] as Point, true);
  while (centroids.length < k) {
    let total = 0;
    for (let i = 0; i < flat.n; i += 1) total += weights[i] as number;
    if (total === 0) {
      centroids.push(points[centroids.length % points.length] as Point);
      continue;
    }
    let target = random() * total;
    let chosen = points.length - 1;
    for (let i = 0; i < points.length; i += 1) {
      target -= weights[i] as number;
      if (target <= 0) {
        chosen = i;
        break;
      }
    }
    centroids.push(points[chosen] as Point);
    toNearest(points[chosen] as Point, false);
  }
  return centroids;
}

/**
 * k-means with a few seeded k-means++ restarts, keeping the tightest. Deterministic for a given point
 * list; callers pass points in a canonical order (by participant id) so the result does not depend on
 * the order rows were read.
 */
export function kmeans(points: readonly Point[], k: number, restarts = 4): { labels: number[]; centroids: Point[] } {
  const random = seededRandom(0x5eed + k);
  const flat = flatten(points);
  let best: (ReturnType<typeof lloyd> & { cost: number }) | null = null;
  for (let r = 0; r < restarts; r += 1) {
    const run = lloyd(flat, seed(points, flat, k, random));
    const cost = inertia(flat, run.labels, run.cx, run.cy);
    if (!best || cost < best.cost - 1e-12) best = { ...run, cost };
  }
  if (!best) return { labels: [], centroids: [] };
  const { cx, cy } = best;
  return { labels: Array.from(best.labels), centroids: Array.from(cx, (x, c) => [x, cy[c] as number] as const) };
}

/**
 * Mean silhouette: how much closer each point is to its own cluster than to the nearest other one.
 * Quadratic in the points, so above `sample` points it is taken over an even, fixed subset (every
 * n/sample-th point in canonical order), which is deterministic and enough to rank k = 2..5.
 */
export function silhouette(allPoints: readonly Point[], allLabels: readonly number[], k: number, sample = 400): number {
  const stride = Math.max(1, allPoints.length / sample);
  const picked = allPoints.length <= sample ? null : Array.from({ length: sample }, (_, i) => Math.floor(i * stride));
  const points = picked ? picked.map((i) => allPoints[i] as Point) : allPoints;
  const labels = picked ? picked.map((i) => allLabels[i] as number) : allLabels;
  const n = points.length;
  if (n < 2 || k < 2) return 0;
  const sizes = new Array<number>(k).fill(0);
  for (const label of labels) sizes[label] = (sizes[label] as number) + 1;
  let total = 0;
  const sums = new Float64Array(k);
  for (let i = 0; i < n; i += 1) {
    sums.fill(0);
    const p = points[i] as Point;
    for (let j = 0; j < n; j += 1) {
      if (i === j) continue;
      sums[labels[j] as number] = (sums[labels[j] as number] as number) + Math.sqrt(distance2(p, points[j] as Point));
    }
    const own = labels[i] as number;
    const ownSize = (sizes[own] as number) - 1;
    if (ownSize === 0) continue; // a singleton scores 0, as usual
    const a = (sums[own] as number) / ownSize;
    let b = Infinity;
    for (let c = 0; c < k; c += 1)
      if (c !== own && (sizes[c] as number) > 0) b = Math.min(b, (sums[c] as number) / (sizes[c] as number));
    if (!Number.isFinite(b)) continue;
    const s = Math.max(a, b) === 0 ? 0 : (b - a) / Math.max(a, b);
    total += s;
  }
  return total / n;
}

/**
 * Clusters for k = minK..maxK, choosing k by silhouette among the clusterings whose every group has at
 * least `minGroupSize` people (a smaller group could not be shown without exposing its members).
 * Falls back to one group when no k qualifies.
 */
export function chooseClustering(
  points: readonly Point[],
  options: { minK?: number; maxK?: number; minGroupSize?: number } = {},
): Clustering {
  const minK = options.minK ?? 2;
  const maxK = options.maxK ?? 5;
  const minGroupSize = options.minGroupSize ?? 3;
  let best: Clustering | null = null;
  for (let k = minK; k <= maxK && k * minGroupSize <= points.length; k += 1) {
    const run = kmeans(points, k);
    const sizes = new Array<number>(k).fill(0);
    for (const label of run.labels) sizes[label] = (sizes[label] as number) + 1;
    if (sizes.some((size) => size < minGroupSize)) continue;
    const score = silhouette(points, run.labels, k);
    if (!best || score > best.silhouette + 1e-9)
      best = { k, labels: run.labels, centroids: run.centroids, silhouette: score };
  }
  if (best) return best;
  const centroid: Point =
    points.length === 0
      ? [0, 0]
      : [points.reduce((s, p) => s + p[0], 0) / points.length, points.reduce((s, p) => s + p[1], 0) / points.length];
  return { k: points.length === 0 ? 0 : 1, labels: points.map(() => 0), centroids: [centroid], silhouette: 0 };
}

function permutations(k: number): number[][] {
  if (k === 0) return [[]];
  return permutations(k - 1).flatMap((p) =>
    Array.from({ length: k }, (_, at) => [...p.slice(0, at), k - 1, ...p.slice(at)]),
  );
}

/**
 * Stable group names between recomputes: the new clusters take the labels (0..k−1) that keep the most
 * people in the group they were in before. Without a previous map (or with no overlap) clusters are
 * named left to right on the map. Returns the new label of each cluster index.
 */
export function stableLabels(
  members: readonly number[][],
  centroids: readonly Point[],
  previous: ReadonlyMap<number, number>,
): number[] {
  const k = members.length;
  const order = centroids
    .map((c, index) => ({ c, index }))
    .sort((a, b) => a.c[0] - b.c[0] || a.c[1] - b.c[1] || a.index - b.index);
  const leftToRight = new Array<number>(k);
  order.forEach((entry, rank) => (leftToRight[entry.index] = rank));
  if (previous.size === 0 || k > 8) return leftToRight;
  const overlap = members.map((ids) => {
    const counts = new Array<number>(k).fill(0);
    for (const id of ids) {
      const label = previous.get(id);
      if (label !== undefined && label < k) counts[label] = (counts[label] as number) + 1;
    }
    return counts;
  });
  let best = leftToRight;
  let bestScore = -1;
  for (const perm of permutations(k)) {
    const score = perm.reduce((s, label, cluster) => s + (overlap[cluster]?.[label] as number), 0);
    // Ties keep the left-to-right naming, which is itself a function of the points only.
    const tieBreak = perm.every((label, cluster) => label === leftToRight[cluster]);
    if (score > bestScore || (score === bestScore && tieBreak)) {
      best = perm;
      bestScore = score;
    }
  }
  return best;
}
