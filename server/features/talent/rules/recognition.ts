/**
 * "Reward those who contribute": a person's (or a region's) cross-regional collaboration counted by
 * kind. What counts, decided once here and in ../recognition.ts:
 *   projects      joint projects proposed or co-proposed (accepted), past draft and not withdrawn or hidden
 *   decisions     of those, the ones the regions approved by ballot
 *   achievements  published achievements edited by the person whose owners span two regions or that came
 *                 out of a joint project
 *   exchanges     talent exchanges completed (marked so by the host) between two different regions
 */
export const recognitionKinds = ["projects", "decisions", "achievements", "exchanges"] as const;
export type RecognitionKind = (typeof recognitionKinds)[number];
export type RecognitionCounts = Record<RecognitionKind, number>;

export const noRecognition = (): RecognitionCounts => ({ projects: 0, decisions: 0, achievements: 0, exchanges: 0 });

export function recognitionTotal(counts: RecognitionCounts): number {
  return recognitionKinds.reduce((sum, kind) => sum + counts[kind], 0);
}

/** Regions by total, largest first, then by id; the chart draws them on one scale. */
export function rankRegions<T extends { regionId: number; counts: RecognitionCounts }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => recognitionTotal(b.counts) - recognitionTotal(a.counts) || a.regionId - b.regionId);
}
