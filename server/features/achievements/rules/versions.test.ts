import { describe, expect, it } from "vitest";
import { changedFields, type AchievementSnapshot } from "./versions";

const base: AchievementSnapshot = {
  kind: "patent",
  titleZh: "标题",
  titleEn: "Title",
  summaryZh: "摘要",
  summaryEn: "Summary",
  trl: 5,
  ipStatus: "none",
  ipNumber: null,
  transferModes: ["licence"],
  priceYuan: null,
  sectors: [],
  owners: [{ organisation: "Org", regionId: 1 }],
};

describe("achievement versions", () => {
  it("names the changed fields in form order", () => {
    expect(changedFields(base, { ...base, trl: 6, titleEn: "New" })).toEqual(["titleEn", "trl"]);
  });

  it("ignores the key order of an owner read back from jsonb", () => {
    const reordered = { ...base, owners: [{ regionId: 1, organisation: "Org" }] };
    expect(changedFields(base, reordered)).toEqual([]);
    expect(changedFields(base, { ...base, owners: [{ regionId: 2, organisation: "Org" }] })).toEqual(["owners"]);
  });
});
