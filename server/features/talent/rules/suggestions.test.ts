import { describe, expect, it } from "vitest";
import { organisationsOf, rankCoproposers, type DraftDoc, type ExpertDoc } from "./suggestions";

const QINGDAO = 9;
const YANTAI = 10;
const SHANGHAI = 1;

const expert = (over: Partial<ExpertDoc> & Pick<ExpertDoc, "accountId">): ExpertDoc => {
  const fields = over.fields ?? [];
  const keywords = over.keywords ?? [];
  return {
    organisation: "中国海洋大学",
    regionId: QINGDAO,
    text: [...fields, ...keywords].join(" "),
    ...over,
    fields,
    keywords,
  };
};

const ocean = expert({
  accountId: 1,
  fields: ["海洋科学"],
  keywords: ["海洋观测", "传感器", "ocean observation"],
});
const batteries = expert({
  accountId: 2,
  organisation: "烟台先进材料研究院",
  regionId: YANTAI,
  fields: ["材料科学"],
  keywords: ["固态电池", "电解质"],
});
const shanghaiOcean = expert({
  accountId: 3,
  organisation: "同济大学",
  regionId: SHANGHAI,
  fields: ["海洋科学"],
  keywords: ["海洋观测", "传感器"],
});
const lessOcean = expert({ accountId: 4, keywords: ["海洋牧场"], fields: ["水产"] });

const draft = (over: Partial<DraftDoc> = {}): DraftDoc => ({
  text: "近海海洋观测网络：布设低功耗传感器，实时监测赤潮与水质",
  tags: [],
  partnerRegionIds: [QINGDAO, YANTAI],
  excludeAccountIds: [],
  ...over,
});

describe("co-proposer suggestions", () => {
  it("ranks the matching expert first and says why, with the draft's own phrases", () => {
    const ranked = rankCoproposers(draft(), [batteries, lessOcean, ocean]);
    expect(ranked[0]!.accountId).toBe(ocean.accountId);
    expect(ranked[0]!.reasons.keywords).toEqual(["海洋观测", "传感器"]);
    expect(ranked[0]!.reasons.terms).toEqual(expect.arrayContaining(["海洋观测", "传感器"]));
    expect(ranked[0]!.score).toBeGreaterThan(50);
    // Someone sharing only a loose term ranks below; someone sharing nothing is not suggested.
    expect(ranked.map((s) => s.accountId)).not.toContain(batteries.accountId);
    const less = ranked.find((s) => s.accountId === lessOcean.accountId);
    if (less) expect(less.score).toBeLessThan(ranked[0]!.score);
  });

  it("suggests only people in the chosen partner regions", () => {
    const ranked = rankCoproposers(draft(), [shanghaiOcean, ocean]);
    expect(ranked.map((s) => s.accountId)).toEqual([ocean.accountId]);
    expect(
      rankCoproposers(draft({ partnerRegionIds: [SHANGHAI] }), [shanghaiOcean, ocean]).map((s) => s.accountId),
    ).toEqual([shanghaiOcean.accountId]);
    expect(rankCoproposers(draft({ partnerRegionIds: [] }), [shanghaiOcean, ocean])).toEqual([]);
  });

  it("leaves out the proposer and people already invited", () => {
    expect(rankCoproposers(draft({ excludeAccountIds: [ocean.accountId] }), [ocean])).toEqual([]);
  });

  it("matches across languages by keyword and tag, and English text by words", () => {
    const english = rankCoproposers(
      draft({ text: "A coastal ocean observation network with low-power sensors", tags: [] }),
      [ocean, batteries],
    );
    expect(english.map((s) => s.accountId)).toEqual([ocean.accountId]);
    expect(english[0]!.reasons.keywords).toEqual(["ocean observation"]);
    const tagged = rankCoproposers(draft({ text: "储能示范项目", tags: ["固态电池"] }), [ocean, batteries]);
    expect(tagged.map((s) => s.accountId)).toEqual([batteries.accountId]);
    expect(tagged[0]!.reasons.keywords).toEqual(["固态电池"]);
  });

  it("is deterministic: equal scores are ordered by account, and an empty draft suggests nobody", () => {
    const twin = { ...ocean, accountId: 7 };
    const ranked = rankCoproposers(draft(), [twin, ocean]);
    expect(ranked.map((s) => s.accountId)).toEqual([ocean.accountId, 7]);
    expect(ranked[0]!.score).toBe(ranked[1]!.score);
    expect(rankCoproposers(draft({ text: "   " }), [ocean])).toEqual([]);
  });

  it("respects the limit", () => {
    const many = Array.from({ length: 20 }, (_, i) => ({ ...ocean, accountId: 100 + i }));
    expect(rankCoproposers(draft(), many, 5)).toHaveLength(5);
  });

  it("groups the suggested people by organisation and region, best score first", () => {
    const colleague = expert({ accountId: 5, keywords: ["传感器"] });
    const ranked = rankCoproposers(draft(), [ocean, colleague, batteries, lessOcean]);
    const organisations = organisationsOf(ranked);
    expect(organisations[0]).toMatchObject({ organisation: "中国海洋大学", regionId: QINGDAO });
    expect(organisations[0]!.accountIds).toEqual(expect.arrayContaining([ocean.accountId, colleague.accountId]));
    expect(organisations[0]!.score).toBe(ranked[0]!.score);
    expect(organisations).toHaveLength(1);
  });
});
