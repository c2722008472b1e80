/**
 * Agreement statistics over groups of people: smoothed rates, the two-proportion z-test Pol.is uses
 * for representative statements, group-informed and region-fair consensus, divisiveness, and the
 * association of groups with regions or kinds of organisation.
 */
export interface Counts {
  agree: number;
  disagree: number;
  pass: number;
}

export const emptyCounts = (): Counts => ({ agree: 0, disagree: 0, pass: 0 });
export const votesIn = (c: Counts) => c.agree + c.disagree + c.pass;

/** Laplace-smoothed agree rate (1 + agree) / (2 + votes): never 0 or 1 on little evidence. */
export const smoothedAgree = (c: Counts) => (1 + c.agree) / (2 + votesIn(c));
export const smoothedDisagree = (c: Counts) => (1 + c.disagree) / (2 + votesIn(c));

/** One-sided 90 % critical value of the standard normal. */
export const z90 = 1.2816;

/** Two-proportion z statistic of successes s1/n1 against s2/n2 (pooled); 0 when undefined. */
export function twoProportionZ(s1: number, n1: number, s2: number, n2: number): number {
  if (n1 === 0 || n2 === 0) return 0;
  const p = (s1 + s2) / (n1 + n2);
  const se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
  if (se === 0) return 0;
  return (s1 / n1 - s2 / n2) / se;
}

export interface Representativeness {
  direction: "agree" | "disagree";
  /** The group's smoothed rate in that direction and the rest's. */
  rate: number;
  restRate: number;
  /** rate / restRate × rate, Pol.is's ranking of how much the statement sets the group apart. */
  score: number;
  z: number;
}

/**
 * Whether a statement sets a group apart from everyone else: the direction (agree or disagree) in which
 * the group differs most, if that difference passes the z-test at 90 % and the group leans that way.
 */
export function representativeness(group: Counts, rest: Counts): Representativeness | null {
  const n1 = votesIn(group);
  const n2 = votesIn(rest);
  if (n1 === 0) return null;
  const candidates: Representativeness[] = (["agree", "disagree"] as const).map((direction) => {
    const rate = direction === "agree" ? smoothedAgree(group) : smoothedDisagree(group);
    const restRate = direction === "agree" ? smoothedAgree(rest) : smoothedDisagree(rest);
    const z = twoProportionZ(group[direction], n1, rest[direction], n2);
    return { direction, rate, restRate, score: (rate / restRate) * rate, z };
  });
  const passing = candidates.filter((c) => c.z >= z90 && c.rate > 0.5);
  if (passing.length === 0) return null;
  return passing.reduce((a, b) => (b.score > a.score ? b : a));
}

/** Group-informed consensus: the product over groups of each group's smoothed agree rate. */
export const groupInformedConsensus = (groups: readonly Counts[]) =>
  groups.reduce((product, c) => product * smoothedAgree(c), 1);

/**
 * A region's agree rate for region-fair consensus. Every region weighs the same whatever its headcount:
 * its agree *share* is smoothed as if it had cast a fixed number of votes (`regionWeight`), so doubling
 * a region's people (with the same views) leaves its rate, and so the product, exactly where it was.
 */
export const regionWeight = 8;
export function regionFairRate(c: Counts): number {
  const n = votesIn(c);
  const share = n === 0 ? 0.5 : c.agree / n;
  return (1 + regionWeight * share) / (2 + regionWeight);
}

/** Region-fair consensus over the regions that voted on the statement. */
export const regionFairConsensus = (regions: readonly Counts[]) =>
  regions.filter((c) => votesIn(c) > 0).reduce((product, c) => product * regionFairRate(c), 1);

/** The lowest raw agree share of any region that voted, so "every region ≥ 60 %" is a filter. */
export function minimumRegionalAgree(regions: readonly Counts[]): number | null {
  const shares = regions.filter((c) => votesIn(c) > 0).map((c) => c.agree / votesIn(c));
  return shares.length === 0 ? null : Math.min(...shares);
}

/** Population variance of agree rates: how far apart the groups (or regions) stand on a statement. */
export function variance(rates: readonly number[]): number {
  if (rates.length < 2) return 0;
  const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
  return rates.reduce((s, r) => s + (r - mean) ** 2, 0) / rates.length;
}

/**
 * Cramér's V of a contingency table (rows × columns of people): 0 when group membership says nothing
 * about the column (region, kind of organisation), 1 when it determines it.
 */
export function cramersV(table: readonly (readonly number[])[]): number {
  const rows = table.filter((row) => row.some((v) => v > 0));
  const columnCount = rows[0]?.length ?? 0;
  const columnSums = Array.from({ length: columnCount }, (_, j) => rows.reduce((s, row) => s + (row[j] as number), 0));
  const usedColumns = columnSums.map((s, j) => ({ s, j })).filter((c) => c.s > 0);
  const total = columnSums.reduce((a, b) => a + b, 0);
  const r = rows.length;
  const c = usedColumns.length;
  if (total === 0 || r < 2 || c < 2) return 0;
  let chi2 = 0;
  for (const row of rows) {
    const rowSum = row.reduce((a, b) => a + b, 0);
    for (const { s, j } of usedColumns) {
      const expected = (rowSum * s) / total;
      chi2 += ((row[j] as number) - expected) ** 2 / expected;
    }
  }
  return Math.sqrt(chi2 / (total * (Math.min(r, c) - 1)));
}
