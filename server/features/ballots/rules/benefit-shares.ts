/**
 * Benefit-sharing plans: for every participating region a cost share and a benefit share, in integer
 * basis points, each column summing to exactly 10 000 (100 %). Pure, so the form and the server
 * refuse the same plans with the same sentence.
 */
export const totalBasisPoints = 10_000;

export interface RegionShare {
  regionId: number;
  costBp: number;
  benefitBp: number;
}

export interface ShareViolation {
  path: "shares";
  message: string;
}

const percent = (bp: number) => `${(bp / 100).toFixed(2).replace(/\.?0+$/, "")} %`;

/** Everything wrong with `shares` for a project whose regions are `regionIds`; empty when valid. */
export function shareViolations(regionIds: readonly number[], shares: readonly RegionShare[]): ShareViolation[] {
  const violations: ShareViolation[] = [];
  const say = (message: string) => violations.push({ path: "shares", message });
  const seen = new Map<number, number>();
  for (const share of shares) seen.set(share.regionId, (seen.get(share.regionId) ?? 0) + 1);
  const twice = [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  if (twice.length > 0) say(`Each region may appear only once; region ${twice.join(", ")} appears more than once`);
  const outside = [...seen.keys()].filter((id) => !regionIds.includes(id));
  if (outside.length > 0) say(`Region ${outside.join(", ")} does not take part in this project`);
  const missing = regionIds.filter((id) => !seen.has(id));
  if (missing.length > 0) say(`Every participating region needs a share; region ${missing.join(", ")} has none`);
  for (const column of ["costBp", "benefitBp"] as const) {
    const what = column === "costBp" ? "Cost shares" : "Benefit shares";
    const values = shares.map((s) => s[column]);
    if (values.some((v) => !Number.isInteger(v) || v < 0 || v > totalBasisPoints)) {
      say(`${what} must be whole basis points from 0 to ${totalBasisPoints}`);
      continue;
    }
    const sum = values.reduce((a, b) => a + b, 0);
    if (sum !== totalBasisPoints)
      say(
        `${what} must add up to exactly 100 % (10000 basis points); they add up to ${percent(sum)} (${sum} basis points)`,
      );
  }
  return violations;
}

/**
 * Splits 10 000 bp in proportion to non-negative `weights` by the largest-remainder method: each
 * gets the floor of its exact share, and the points left over go to the largest remainders, earlier
 * entries first on a tie. All-zero weights split equally. Always sums to exactly 10 000.
 */
export function proportionalBasisPoints(weights: readonly number[]): number[] {
  if (weights.length === 0) return [];
  const w = weights.every((x) => x === 0) ? weights.map(() => 1) : weights;
  const big = w.map((x) => BigInt(Math.round(x)));
  const total = big.reduce((a, b) => a + b, 0n);
  const scaled = big.map((x) => x * BigInt(totalBasisPoints));
  const floors = scaled.map((x) => Number(x / total));
  const remainders = scaled.map((x, index) => ({ index, rest: x % total }));
  let left = totalBasisPoints - floors.reduce((a, b) => a + b, 0);
  remainders.sort((a, b) => (a.rest === b.rest ? a.index - b.index : a.rest > b.rest ? -1 : 1));
  for (const { index } of remainders) {
    if (left === 0) break;
    floors[index] = (floors[index] ?? 0) + 1;
    left -= 1;
  }
  return floors;
}

/**
 * The generated starting plan: costs in proportion to each region's contribution (equal when none is
 * given), and benefits in proportion to costs.
 */
export function startingShares(
  regionIds: readonly number[],
  contributions?: ReadonlyMap<number, number>,
): RegionShare[] {
  const costs = proportionalBasisPoints(regionIds.map((id) => contributions?.get(id) ?? (contributions ? 0 : 1)));
  const benefits = proportionalBasisPoints(costs);
  return regionIds.map((regionId, i) => ({ regionId, costBp: costs[i] ?? 0, benefitBp: benefits[i] ?? 0 }));
}
