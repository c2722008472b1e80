type Results = NonNullable<import("../../lib/router-types").RouterOutputs["fund"]["results"]>;

/** The common scale of every funded project's drift chart on the page, in points: the largest drift, at least twice the threshold. */
export function driftScale(data: Pick<Results, "projects" | "driftThresholdBp">): number {
  const largest = Math.max(0, ...data.projects.map((p) => p.drift.maxDriftBp));
  return Math.ceil(Math.max(largest, 2 * data.driftThresholdBp) / 500) * 5;
}
