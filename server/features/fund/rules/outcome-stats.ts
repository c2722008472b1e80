import type { OutcomeType } from "@/shared/fund-vocabulary";

/**
 * The figures of the fund's public accountability pages (#19.5), computed from plain rows: milestones on
 * time or late, outcomes per type and per quarter. Days are `YYYY-MM-DD` China days.
 */
export type MilestoneTiming = "on_time" | "late" | "overdue" | "pending";

/** Done by its due day, done after it, past due and not done, or not yet due. */
export function milestoneTiming(m: { dueOn: string; doneOn: string | null }, today: string): MilestoneTiming {
  if (m.doneOn !== null) return m.doneOn <= m.dueOn ? "on_time" : "late";
  return m.dueOn < today ? "overdue" : "pending";
}

/** "2026-05-20" → "2026-Q2". */
export function quarterOf(day: string): string {
  const month = Number(day.slice(5, 7));
  return `${day.slice(0, 4)}-Q${Math.floor((month - 1) / 3) + 1}`;
}

/** Every quarter from the first to the last (inclusive), so a chart's time axis has no holes. */
export function quarterRange(first: string, last: string): string[] {
  const index = (q: string) => Number(q.slice(0, 4)) * 4 + Number(q.slice(6)) - 1;
  const out: string[] = [];
  for (let i = index(first); i <= index(last); i++) out.push(`${Math.floor(i / 4)}-Q${(i % 4) + 1}`);
  return out;
}

/** Sums outcome counts per quarter and type over the quarters the outcomes span. */
export function outcomesByQuarter(
  outcomes: Array<{ type: OutcomeType; count: number; achievedOn: string }>,
  types: readonly OutcomeType[],
): { quarters: string[]; counts: Record<OutcomeType, number[]> } {
  const quarters = outcomes.map((o) => quarterOf(o.achievedOn)).sort();
  const axis = quarters.length === 0 ? [] : quarterRange(quarters[0]!, quarters[quarters.length - 1]!);
  const counts = Object.fromEntries(types.map((t) => [t, axis.map(() => 0)])) as Record<OutcomeType, number[]>;
  for (const o of outcomes) {
    const row = counts[o.type];
    if (row) row[axis.indexOf(quarterOf(o.achievedOn))]! += o.count;
  }
  return { quarters: axis, counts };
}

/** Total count per type. */
export function outcomeTotals(
  outcomes: Array<{ type: OutcomeType; count: number }>,
  types: readonly OutcomeType[],
): Record<OutcomeType, number> {
  const totals = Object.fromEntries(types.map((t) => [t, 0])) as Record<OutcomeType, number>;
  for (const o of outcomes) if (o.type in totals) totals[o.type] += o.count;
  return totals;
}
