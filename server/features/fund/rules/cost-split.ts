/**
 * How one project's cost falls on its funders: the centre pays the call's central share, and the
 * regions pay the rest in the proportions of the project's agreed plan (cost shares in basis points).
 * Integer yuan, split by the largest-remainder method so the parts add up to the cost exactly.
 */

/** The centre as a funder; region ids are positive (serial), so 0 never names a region. */
export const centralFunder = 0;

export interface FunderPart {
  funderId: number;
  yuan: number;
}

/** Splits `costYuan` between the centre (`centralBp`) and the regions (`costBp`, summing to 10 000). */
export function splitCost(
  costYuan: number,
  centralBp: number,
  shares: readonly { regionId: number; costBp: number }[],
): FunderPart[] {
  if (!Number.isSafeInteger(costYuan) || costYuan < 0) throw new RangeError("A cost is a whole number of yuan");
  if (!Number.isInteger(centralBp) || centralBp < 0 || centralBp > 10_000)
    throw new RangeError("The central share is whole basis points from 0 to 10000");
  // Weights over 10^8 (bp × bp); BigInt because yuan × 10^8 passes 2^53 for large programmes.
  const weights = [
    { funderId: centralFunder, weight: BigInt(centralBp) * 10_000n },
    ...shares.map((s) => ({ funderId: s.regionId, weight: BigInt(10_000 - centralBp) * BigInt(s.costBp) })),
  ];
  const total = weights.reduce((sum, w) => sum + w.weight, 0n);
  if (total === 0n) throw new RangeError("Somebody must pay for the project");
  const cost = BigInt(costYuan);
  const parts = weights.map((w, index) => ({
    index,
    funderId: w.funderId,
    yuan: (cost * w.weight) / total,
    remainder: (cost * w.weight) % total,
  }));
  let left = cost - parts.reduce((sum, p) => sum + p.yuan, 0n);
  // The largest remainders take the leftover yuan; ties go to the earlier funder, so the split is stable.
  const order = [...parts].sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  for (const part of order) {
    if (left === 0n) break;
    part.yuan += 1n;
    left -= 1n;
  }
  return parts.filter((p) => p.yuan > 0n).map((p) => ({ funderId: p.funderId, yuan: Number(p.yuan) }));
}
