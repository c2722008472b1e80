/**
 * How far a funded project's money actually paid has drifted from its agreed plan (issue #19). Only
 * the regions' payments count: the centre pays a fixed share of the cost whatever the plan says, so
 * the plan's cost shares are shares of what the regions pay. Shares are basis points; drift is the
 * actual share minus the planned one, so 100 bp of drift is one percentage point.
 */

export interface PlannedShare {
  regionId: number;
  costBp: number;
}
export interface RegionPayment {
  regionId: number;
  yuan: number;
}
export interface RegionDrift {
  regionId: number;
  plannedBp: number;
  actualBp: number;
  /** actual − planned, in basis points of share. */
  driftBp: number;
}
export interface CostDrift {
  paidYuan: number;
  regions: RegionDrift[];
  /** The largest drift of any region, in either direction. */
  maxDriftBp: number;
  revisionDue: boolean;
}

/**
 * Each region's share of `paid` in basis points, summing to exactly 10 000 when anything was paid
 * (largest remainder; ties to the earlier region, so the result is stable). All zero when nothing was.
 */
export function actualShares(regionIds: readonly number[], paid: readonly RegionPayment[]): PlannedShare[] {
  const yuanOf = (regionId: number) => paid.filter((p) => p.regionId === regionId).reduce((s, p) => s + p.yuan, 0);
  const amounts = regionIds.map((regionId) => ({ regionId, yuan: BigInt(yuanOf(regionId)) }));
  const total = amounts.reduce((s, a) => s + a.yuan, 0n);
  if (total === 0n) return regionIds.map((regionId) => ({ regionId, costBp: 0 }));
  const parts = amounts.map((a, index) => ({
    index,
    regionId: a.regionId,
    costBp: (a.yuan * 10_000n) / total,
    remainder: (a.yuan * 10_000n) % total,
  }));
  let left = 10_000n - parts.reduce((s, p) => s + p.costBp, 0n);
  const order = [...parts].sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  for (const part of order) {
    if (left === 0n) break;
    part.costBp += 1n;
    left -= 1n;
  }
  return parts.map((p) => ({ regionId: p.regionId, costBp: Number(p.costBp) }));
}

/**
 * The drift of every region of the plan (and of any region paid outside it), and whether a revision is
 * due: something was paid and some region's drift exceeds `thresholdBp`. Nothing paid is no drift.
 */
export function costDrift(
  planned: readonly PlannedShare[],
  paid: readonly RegionPayment[],
  thresholdBp: number,
): CostDrift {
  const regionIds = [...new Set([...planned.map((s) => s.regionId), ...paid.map((p) => p.regionId)])].sort(
    (a, b) => a - b,
  );
  const paidYuan = paid.reduce((s, p) => s + p.yuan, 0);
  const actual = actualShares(regionIds, paid);
  const regions = regionIds.map((regionId) => {
    const plannedBp = planned.find((s) => s.regionId === regionId)?.costBp ?? 0;
    const actualBp = paidYuan === 0 ? plannedBp : (actual.find((s) => s.regionId === regionId)?.costBp ?? 0);
    return { regionId, plannedBp, actualBp, driftBp: actualBp - plannedBp };
  });
  const maxDriftBp = regions.reduce((m, r) => Math.max(m, Math.abs(r.driftBp)), 0);
  return { paidYuan, regions, maxDriftBp, revisionDue: paidYuan > 0 && maxDriftBp > thresholdBp };
}
