import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { outcomeTypes } from "@/shared/fund-vocabulary";
import { milestoneTiming, outcomeTotals, outcomesByQuarter, quarterOf, quarterRange } from "./outcome-stats";

const days = fc
  .integer({
    min: Date.parse("2024-01-01T00:00:00Z") / 86_400_000,
    max: Date.parse("2029-12-31T00:00:00Z") / 86_400_000,
  })
  .map((n) => new Date(n * 86_400_000).toISOString().slice(0, 10));
const outcome = fc.record({
  type: fc.constantFrom(...outcomeTypes),
  count: fc.integer({ min: 1, max: 50 }),
  achievedOn: days,
});

describe("fund outcome statistics", () => {
  it("tells a milestone on time, late, overdue or pending", () => {
    expect(milestoneTiming({ dueOn: "2026-05-20", doneOn: "2026-05-20" }, "2026-06-01")).toBe("on_time");
    expect(milestoneTiming({ dueOn: "2026-05-20", doneOn: "2026-05-21" }, "2026-06-01")).toBe("late");
    expect(milestoneTiming({ dueOn: "2026-05-20", doneOn: null }, "2026-05-21")).toBe("overdue");
    expect(milestoneTiming({ dueOn: "2026-05-20", doneOn: null }, "2026-05-20")).toBe("pending");
  });

  it("names quarters and fills the holes between them", () => {
    expect(quarterOf("2026-01-01")).toBe("2026-Q1");
    expect(quarterOf("2026-03-31")).toBe("2026-Q1");
    expect(quarterOf("2026-04-01")).toBe("2026-Q2");
    expect(quarterOf("2026-12-31")).toBe("2026-Q4");
    expect(quarterRange("2025-Q4", "2026-Q2")).toEqual(["2025-Q4", "2026-Q1", "2026-Q2"]);
  });

  it("sums by quarter and type, with empty quarters as zeros", () => {
    const { quarters, counts } = outcomesByQuarter(
      [
        { type: "joint_paper", count: 2, achievedOn: "2026-01-15" },
        { type: "joint_paper", count: 1, achievedOn: "2026-03-01" },
        { type: "patent_filed", count: 3, achievedOn: "2026-07-01" },
      ],
      outcomeTypes,
    );
    expect(quarters).toEqual(["2026-Q1", "2026-Q2", "2026-Q3"]);
    expect(counts.joint_paper).toEqual([3, 0, 0]);
    expect(counts.patent_filed).toEqual([0, 0, 3]);
    expect(counts.standard).toEqual([0, 0, 0]);
  });

  it("property: the quarterly counts add up to the totals, and the axis is contiguous and sorted", () => {
    fc.assert(
      fc.property(fc.array(outcome, { maxLength: 30 }), (outcomes) => {
        const { quarters, counts } = outcomesByQuarter(outcomes, outcomeTypes);
        const totals = outcomeTotals(outcomes, outcomeTypes);
        for (const type of outcomeTypes) expect(counts[type].reduce((a, b) => a + b, 0)).toBe(totals[type]);
        expect(quarters).toEqual([...quarters].sort());
        if (quarters.length > 0) expect(quarterRange(quarters[0]!, quarters.at(-1)!)).toEqual(quarters);
        expect(new Set(quarters).size).toBe(quarters.length);
      }),
    );
  });
});
