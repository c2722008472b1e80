import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clusters } from "@/db/schema";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  regionIdsByCode,
  type TestAccount,
  type TestServices,
} from "@/server/testing/fixtures";
import type { CreateAchievementInput } from "./contract";

let services: TestServices;
let regionId: (code: string) => number;
let clusterId: (code: string) => number;
// The services' clock: each achievement is entered at the instant set here.
let instant = new Date("2026-03-31T17:00:00Z");

beforeAll(async () => {
  services = await createTestServices({ now: () => instant });
  regionId = await regionIdsByCode(services.deps.db);
  const rows = await services.deps.db.select({ id: clusters.id, code: clusters.code }).from(clusters);
  clusterId = (code) => rows.find((r) => r.code === code)!.id;
});
afterAll(async () => {
  await services?.close();
});

const as = (who: TestAccount | null) => callerFor(services.deps, who?.user ?? null);

const achievementInput = (over: Partial<CreateAchievementInput> = {}): CreateAchievementInput => ({
  kind: "patent",
  titleZh: "城市群统计测试成果",
  titleEn: "Cluster figures test achievement",
  summaryZh: "用于分季度统计的测试成果。",
  summaryEn: "An achievement for the quarterly figures.",
  trl: 5,
  ipStatus: "none",
  ipNumber: null,
  transferModes: ["licence"],
  priceYuan: null,
  sectors: ["储能"],
  owners: [{ organisation: "深圳储能研究所", regionId: regionId("shenzhen") }],
  publish: true,
  originProjectId: null,
  ...over,
});

const hiddenValue = 9_999_991;
const draftValue = 8_888_887;

describe(`cluster figures per quarter (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[PRIVACY] counts only published achievements and public deals, per cluster per China quarter, never a value", async () => {
    const owner = await createTestAccount(services.deps.db, {
      role: "researcher",
      regionCode: "shenzhen",
      organisation: "深圳储能研究所",
    });
    // 17:00 UTC on 31 March is already 1 April in China: the second quarter.
    const { id: joint } = await as(owner).achievements.create(
      achievementInput({
        owners: [
          { organisation: "深圳储能研究所", regionId: regionId("shenzhen") },
          { organisation: "上海材料所", regionId: regionId("shanghai") },
        ],
      }),
    );
    instant = new Date("2026-02-01T04:00:00Z");
    const { id: draft } = await as(owner).achievements.create(
      achievementInput({ publish: false, titleEn: "Secret draft for the figures" }),
    );
    const withdrawnInput = achievementInput({
      owners: [{ organisation: "北京研究院", regionId: regionId("beijing") }],
    });
    const { id: withdrawn } = await as(owner).achievements.create(withdrawnInput);
    await as(owner).achievements.update({
      ...withdrawnInput,
      achievementId: withdrawn,
      baseVersion: 1,
      withdraw: true,
    });

    const deal = { mode: "licence" as const, enquiryId: null, buyerOrganisation: "东莞电池厂", publishValue: true };
    // The seller would publish the value; the buyer never agreed, so it is not published.
    await as(owner).achievements.recordTransfer({
      ...deal,
      achievementId: joint,
      buyerRegionId: regionId("dongguan"),
      valueYuan: hiddenValue,
      signedOn: "2026-07-15",
    });
    await as(owner).achievements.recordTransfer({
      ...deal,
      achievementId: draft,
      buyerRegionId: regionId("beijing"),
      buyerOrganisation: "草稿买方",
      valueYuan: draftValue,
      signedOn: "2026-02-10",
    });
    await as(owner).achievements.recordTransfer({
      ...deal,
      achievementId: withdrawn,
      buyerRegionId: regionId("tianjin"),
      valueYuan: draftValue,
      signedOn: "2026-01-10",
    });

    for (const reader of [null, owner]) {
      const figures = await as(reader).achievements.clusterFigures();
      expect(figures.quarters).toEqual(["2026-Q2", "2026-Q3"]);
      expect(figures.clusters).toEqual(
        [
          { clusterId: clusterId("prd"), achievements: [1, 0], dealsSold: [0, 1], dealsBought: [0, 1] },
          { clusterId: clusterId("yrd"), achievements: [1, 0], dealsSold: [0, 1], dealsBought: [0, 0] },
        ].sort((a, b) => a.clusterId - b.clusterId),
      );
      expect(figures.clusterNames.map((c) => c.code).sort()).toEqual(["prd", "yrd"]);
      const shown = JSON.stringify(figures);
      expect(shown).not.toContain(String(hiddenValue));
      expect(shown).not.toContain(String(draftValue));
      expect(shown).not.toContain("草稿买方");
      expect(shown).not.toContain("Secret draft");
    }
  });
});
