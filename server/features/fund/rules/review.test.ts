import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { aggregate, conflictOfInterest, rubricProblems, scoreProblems, weightedScore, type Criterion } from "./review";

const rubric: Criterion[] = [
  { key: "merit", nameZh: "科学价值", nameEn: "Scientific merit", weight: 3 },
  { key: "joint", nameZh: "协同程度", nameEn: "Cross-regional value", weight: 1 },
];

describe("rubric and scores", () => {
  it("refuses an empty rubric, repeated keys and bad weights", () => {
    expect(rubricProblems([])).toHaveLength(1);
    expect(rubricProblems([rubric[0]!, rubric[0]!])).toEqual(["Each criterion needs its own key"]);
    expect(rubricProblems([{ ...rubric[0]!, weight: 0 }])).toEqual(["Weights are whole numbers from 1 to 100"]);
    expect(rubricProblems(rubric)).toEqual([]);
  });

  it("needs every criterion scored 1–5 with a comment", () => {
    expect(scoreProblems(rubric, [{ key: "merit", score: 4, comment: "ok" }])).toEqual([
      '"Cross-regional value" has no score',
    ]);
    expect(
      scoreProblems(rubric, [
        { key: "merit", score: 6, comment: "ok" },
        { key: "joint", score: 3, comment: " " },
      ]),
    ).toEqual(["Scores are whole numbers from 1 to 5", "Every score needs a comment"]);
  });

  it("weights scores in hundredths of a point", () => {
    const scores = [
      { key: "merit", score: 5, comment: "a" },
      { key: "joint", score: 1, comment: "b" },
    ];
    expect(weightedScore(rubric, scores)).toBe(400);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), (a, b) => {
        const s = weightedScore(rubric, [
          { key: "merit", score: a, comment: "x" },
          { key: "joint", score: b, comment: "y" },
        ]);
        return s >= 100 * Math.min(a, b) && s <= 100 * Math.max(a, b);
      }),
    );
  });
});

describe("aggregate", () => {
  it("flags a spread of more than two points, not of exactly two", () => {
    expect(aggregate([]).mean).toBeNull();
    expect(aggregate([500, 300])).toEqual({ reviews: 2, mean: 400, spread: 200, disagreement: false });
    expect(aggregate([500, 299]).disagreement).toBe(true);
  });

  it("keeps the mean between the lowest and highest review", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 100, max: 500 }), { minLength: 1, maxLength: 8 }), (scores) => {
        const { mean, spread } = aggregate(scores);
        return mean! >= Math.min(...scores) && mean! <= Math.max(...scores) && spread >= 0;
      }),
    );
  });
});

describe("conflict of interest", () => {
  const proposal = { organisations: ["Fudan University"], regionIds: [1, 2], authorIds: [7] };
  it("refuses authors, the proposal's organisations and, when the call says so, its regions", () => {
    const reviewer = { accountId: 9, organisation: " fudan  UNIVERSITY", regionId: 5 };
    expect(conflictOfInterest({ reviewer, proposal, excludeProposalRegions: false })).toBe("SAME_ORGANISATION");
    expect(
      conflictOfInterest({ reviewer: { ...reviewer, accountId: 7 }, proposal, excludeProposalRegions: false }),
    ).toBe("AUTHOR");
    const neighbour = { accountId: 9, organisation: "Zhejiang University", regionId: 2 };
    expect(conflictOfInterest({ reviewer: neighbour, proposal, excludeProposalRegions: false })).toBeNull();
    expect(conflictOfInterest({ reviewer: neighbour, proposal, excludeProposalRegions: true })).toBe("SAME_REGION");
  });
});
