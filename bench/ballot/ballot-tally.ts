/** A tally as one comparable string ("plan/region:approve,reject,abstain", zero rows left out, sorted). */
export function plainTally(
  rows: ReadonlyArray<{ planId: number; regionId: number; approve: number; reject: number; abstain: number }>,
): string {
  return rows
    .filter((r) => r.approve + r.reject + r.abstain > 0)
    .map((r) => `${r.planId}/${r.regionId}:${r.approve},${r.reject},${r.abstain}`)
    .sort()
    .join(" ");
}
