import { describe, expect, it } from "vitest";
import {
  budgetViolations,
  durationViolations,
  missingPartnerRegions,
  normaliseTag,
  normaliseTags,
  projectLimits,
  proposalViolations,
  recommendationViolations,
  regionViolations,
  tagViolations,
  type ProposalShape,
} from "./project-rules";

const valid: ProposalShape = {
  leadRegionId: 4,
  partnerRegionIds: [5],
  recommendations: [2],
  budgetYuan: 12_000_000,
  durationMonths: 36,
  tags: ["integrated circuits", "ai"],
};

const messages = (violations: Array<{ message: string }>) => violations.map((v) => v.message);

describe("regions", () => {
  it("accepts a lead and one or more distinct partners", () => {
    expect(regionViolations(4, [5])).toEqual([]);
    expect(regionViolations(1, [2, 3, 9])).toEqual([]);
  });

  it("refuses a project of one region, naming the two-region rule", () => {
    const violations = regionViolations(4, []);
    expect(violations).toEqual([
      { path: "partnerRegionIds", message: expect.stringContaining("at least two distinct regions") },
    ]);
  });

  it("refuses the lead region named again as a partner, even beside another partner", () => {
    expect(messages(regionViolations(4, [4]))).toEqual([
      expect.stringContaining("lead region cannot also be a partner"),
    ]);
    expect(messages(regionViolations(4, [4, 5]))).toEqual([
      expect.stringContaining("lead region cannot also be a partner"),
    ]);
  });

  it("refuses a partner named twice", () => {
    expect(messages(regionViolations(4, [5, 5]))).toEqual(["Each partner region can be named only once"]);
  });

  it(`allows at most ${projectLimits.partnersMax} partners`, () => {
    const many = Array.from({ length: projectLimits.partnersMax + 1 }, (_, i) => i + 10);
    expect(regionViolations(1, many.slice(0, -1))).toEqual([]);
    expect(messages(regionViolations(1, many))).toEqual([
      expect.stringContaining(`at most ${projectLimits.partnersMax}`),
    ]);
  });
});

describe("recommendations", () => {
  it("accepts one to five distinct numbers from 1 to 5", () => {
    expect(recommendationViolations([1])).toEqual([]);
    expect(recommendationViolations([5, 3, 1])).toEqual([]);
    expect(recommendationViolations([1, 2, 3, 4, 5])).toEqual([]);
  });

  it.each([
    [[], "Name at least one recommendation"],
    [[0], "numbered 1 to 5"],
    [[6], "numbered 1 to 5"],
    [[1.5], "numbered 1 to 5"],
    [[2, 2], "only once"],
    [[1, 2, 3, 4, 5, 1], "at most 5"],
  ] as const)("refuses %j", (numbers, message) => {
    expect(messages(recommendationViolations(numbers)).join(" | ")).toContain(message);
  });
});

describe("budget", () => {
  it("accepts a positive whole number of yuan up to the maximum", () => {
    expect(budgetViolations(1)).toEqual([]);
    expect(budgetViolations(projectLimits.budgetMaxYuan)).toEqual([]);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])("refuses %s", (value) => {
    expect(budgetViolations(value)).toEqual([
      { path: "budgetYuan", message: "The budget must be a positive whole number of yuan" },
    ]);
  });

  it("refuses more than the maximum, saying what it is", () => {
    expect(messages(budgetViolations(projectLimits.budgetMaxYuan + 1))).toEqual([
      "The budget can be at most ¥1,000,000,000,000",
    ]);
  });
});

describe("duration", () => {
  it("accepts 1 to 120 whole months", () => {
    for (const months of [1, 12, 120]) expect(durationViolations(months)).toEqual([]);
  });

  it.each([0, 121, -3, 6.5])("refuses %s", (months) => {
    expect(messages(durationViolations(months))).toEqual([
      "The duration must be a whole number of months from 1 to 120",
    ]);
  });
});

describe("tags", () => {
  it("trims, collapses spaces, lower-cases Latin and folds full-width letters", () => {
    expect(normaliseTag("  Integrated   Circuits ")).toBe("integrated circuits");
    expect(normaliseTag("ＡＩ")).toBe("ai");
    expect(normaliseTag(" 海洋科学 ")).toBe("海洋科学");
  });

  it("drops empties and keeps the first of duplicates", () => {
    expect(normaliseTags(["AI", "生物医药", " ai ", "", "   ", "Ai", "生物医药"])).toEqual(["ai", "生物医药"]);
  });

  it(`allows at most ${projectLimits.tagsMax} tags of at most ${projectLimits.tagMax} characters`, () => {
    const ten = Array.from({ length: 10 }, (_, i) => `tag ${i}`);
    expect(tagViolations(ten)).toEqual([]);
    expect(messages(tagViolations([...ten, "one more"]))).toEqual(["A project can have at most 10 tags"]);
    expect(tagViolations(["海".repeat(40)])).toEqual([]);
    expect(messages(tagViolations(["海".repeat(41)]))).toEqual([expect.stringContaining("at most 40 characters")]);
  });
});

describe("a whole proposal", () => {
  it("is well formed when every part is", () => {
    expect(proposalViolations(valid)).toEqual([]);
  });

  it("reports every broken rule with its field", () => {
    const violations = proposalViolations({
      ...valid,
      partnerRegionIds: [],
      recommendations: [],
      budgetYuan: 0,
      durationMonths: 0,
    });
    expect(violations.map((v) => v.path)).toEqual([
      "partnerRegionIds",
      "recommendations",
      "budgetYuan",
      "durationMonths",
    ]);
  });
});

describe("missingPartnerRegions", () => {
  it("lists, in partner order, the regions with no accepted co-proposer", () => {
    expect(missingPartnerRegions([5, 9, 3], [])).toEqual([5, 9, 3]);
    expect(
      missingPartnerRegions(
        [5, 9, 3],
        [
          { regionId: 9, status: "accepted" },
          { regionId: 5, status: "invited" },
          { regionId: 3, status: "declined" },
        ],
      ),
    ).toEqual([5, 3]);
  });

  it("is empty once each partner region has one acceptance, whatever else there is", () => {
    expect(
      missingPartnerRegions(
        [5, 9],
        [
          { regionId: 5, status: "declined" },
          { regionId: 5, status: "accepted" },
          { regionId: 9, status: "accepted" },
          { regionId: 9, status: "accepted" },
        ],
      ),
    ).toEqual([]);
  });

  it("ignores co-proposers from regions that are not partners", () => {
    expect(missingPartnerRegions([5], [{ regionId: 4, status: "accepted" }])).toEqual([5]);
  });
});
