import type { Stance } from "@/shared/vocabulary";
import { stances } from "@/shared/vocabulary";

export interface StanceCount {
  regionId: number;
  stance: Stance;
  count: number;
}

export interface RegionStances {
  regionId: number;
  total: number;
  counts: Record<Stance, number>;
  /** Shares in basis points (0–10 000), rounded so that each region's shares add up to exactly 10 000. */
  shares: Record<Stance, number>;
}

export function emptyStanceRecord(): Record<Stance, number> {
  return { support: 0, concern: 0, question: 0, amendment: 0 };
}

/**
 * Largest-remainder rounding: shares drawn as stacked bars must fill the bar exactly, never 99.9 %
 * or 100.1 %.
 */
export function sharesInBasisPoints(counts: Record<Stance, number>): Record<Stance, number> {
  const total = stances.reduce((sum, s) => sum + counts[s], 0);
  const shares = emptyStanceRecord();
  if (total === 0) return shares;
  const exact = stances.map((s) => ({ stance: s, value: (counts[s] * 10_000) / total }));
  let assigned = 0;
  for (const { stance, value } of exact) {
    shares[stance] = Math.floor(value);
    assigned += shares[stance];
  }
  const byRemainder = [...exact].sort(
    (a, b) =>
      b.value - Math.floor(b.value) - (a.value - Math.floor(a.value)) ||
      stances.indexOf(a.stance) - stances.indexOf(b.stance),
  );
  for (let i = 0; assigned < 10_000; i += 1, assigned += 1) shares[byRemainder[i % byRemainder.length]!.stance] += 1;
  return shares;
}

/** Regions ordered by how many took part, most first; regions with nobody are left out. */
export function summariseStances(rows: readonly StanceCount[]): RegionStances[] {
  const byRegion = new Map<number, Record<Stance, number>>();
  for (const row of rows) {
    const counts = byRegion.get(row.regionId) ?? emptyStanceRecord();
    counts[row.stance] += row.count;
    byRegion.set(row.regionId, counts);
  }
  return [...byRegion.entries()]
    .map(([regionId, counts]) => ({
      regionId,
      counts,
      total: stances.reduce((sum, s) => sum + counts[s], 0),
      shares: sharesInBasisPoints(counts),
    }))
    .filter((region) => region.total > 0)
    .sort((a, b) => b.total - a.total || a.regionId - b.regionId);
}
