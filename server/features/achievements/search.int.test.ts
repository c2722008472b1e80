import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { achievementEditors, achievementOwners, achievements, regions } from "@/db/schema";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  regionIdsByCode,
  type TestAccount,
  type TestServices,
} from "@/server/testing/fixtures";
import { searchColumns } from "./achievements";
import type { CreateAchievementInput } from "./contract";
import { showcaseCountCap } from "./read-achievements";

let services: TestServices;
let regionId: (code: string) => number;

beforeAll(async () => {
  services = await createTestServices();
  regionId = await regionIdsByCode(services.deps.db);
});
afterAll(async () => {
  await services?.close();
});

const as = (who: TestAccount | null) => callerFor(services.deps, who?.user ?? null);

const input = (over: Partial<CreateAchievementInput>): CreateAchievementInput => ({
  kind: "patent",
  titleZh: "碳化硅功率器件低温烧结封装工艺",
  titleEn: "Low-temperature sintering package for silicon carbide power devices",
  summaryZh: "银烧结替代焊料，提高模块的耐热性。",
  summaryEn: "Silver sintering replaces solder.",
  trl: 6,
  ipStatus: "none",
  ipNumber: null,
  transferModes: ["licence"],
  priceYuan: null,
  sectors: ["半导体"],
  owners: [{ organisation: "深圳先进技术研究院", regionId: regionId("shenzhen") }],
  publish: true,
  originProjectId: null,
  ...over,
});

describe(`showcase search (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[SEARCH] finds Chinese and English substrings through the grams' index, with every filter, never a draft or withdrawn one", async () => {
    const owner = await createTestAccount(services.deps.db, { role: "researcher", regionCode: "shenzhen" });
    const stranger = await createTestAccount(services.deps.db, { role: "researcher", regionCode: "dongguan" });
    const sic = await as(owner).achievements.create(input({}));
    const buoy = await as(owner).achievements.create(
      input({
        kind: "software",
        titleZh: "深远海观测浮标数据平台",
        titleEn: "Deep-sea Observation Buoy data platform",
        summaryZh: "浮标观测数据的实时汇聚。",
        summaryEn: "Real-time buoy data.",
        trl: 8,
        transferModes: ["service"],
        sectors: ["海洋"],
        owners: [{ organisation: "东莞海洋所", regionId: regionId("dongguan") }],
      }),
    );
    const draft = await as(owner).achievements.create(input({ publish: false, titleZh: "碳化硅秘密草稿" }));
    const withdrawn = await as(owner).achievements.create(input({ titleZh: "碳化硅已撤回成果" }));
    await as(owner).achievements.update({
      ...input({ titleZh: "碳化硅已撤回成果" }),
      achievementId: withdrawn.id,
      baseVersion: 1,
      withdraw: true,
    });

    const ids = async (who: TestAccount | null, over: Record<string, unknown>) =>
      (await as(who).achievements.list(over)).items.map((i) => i.id).sort((a, b) => a - b);

    // Chinese: two characters, one character, a phrase across the title; English in any case.
    expect(await ids(null, { q: "碳化硅" })).toEqual([sic.id]);
    expect(await ids(null, { q: "浮" })).toEqual([buoy.id]);
    expect(await ids(null, { q: "观测浮标数据" })).toEqual([buoy.id]);
    expect(await ids(null, { q: "SILICON Carbide" })).toEqual([sic.id]);
    expect(await ids(null, { q: "buoy" })).toEqual([buoy.id]);
    // Grams all present but not in a row: the substring test decides.
    expect(await ids(null, { q: "碳烧" })).toEqual([]);
    expect(await ids(null, { q: "carbide silicon" })).toEqual([]);
    // A wildcard in the query is a plain character.
    expect(await ids(null, { q: "%" })).toEqual([]);

    // Filters with a query.
    expect(await ids(null, { q: "数据", kind: "software" })).toEqual([buoy.id]);
    expect(await ids(null, { q: "数据", kind: "patent" })).toEqual([]);
    expect(await ids(null, { q: "s", minTrl: 7 })).toEqual([buoy.id]);
    expect(await ids(null, { q: "s", regionId: regionId("shenzhen") })).toEqual([sic.id]);
    expect(await ids(null, { q: "s", sector: "海洋" })).toEqual([buoy.id]);
    expect(await ids(null, { q: "s", mode: "licence" })).toEqual([sic.id]);

    // Draft and withdrawn: never in the showcase, for anyone; the owner finds them under "mine".
    for (const who of [null, stranger, owner]) {
      expect(await ids(who, { q: "秘密" })).toEqual([]);
      expect(await ids(who, { q: "撤回" })).toEqual([]);
    }
    expect(await ids(stranger, { q: "秘密", mine: true })).toEqual([]);
    expect(await ids(owner, { q: "碳化硅", mine: true })).toEqual([sic.id, draft.id, withdrawn.id]);
    const page = await as(null).achievements.list({ q: "碳化硅" });
    expect(page).toMatchObject({ total: 1, totalExact: true });
  });

  it("[SEARCH] counts a common term up to the cap, then says so; pages stay newest first", async () => {
    const owner = await createTestAccount(services.deps.db, { role: "researcher", regionCode: "shanghai" });
    const n = showcaseCountCap + 5;
    const texts = Array.from({ length: n }, (_, i) => ({
      titleZh: `量子通信样机${i}`,
      titleEn: `Quantum link ${i}`,
      summaryZh: "量子密钥分发。",
      summaryEn: "Key distribution.",
    }));
    // Inserted directly: a few hundred rows through the use-case would only slow the test.
    const rows = await services.deps.db
      .insert(achievements)
      .values(
        texts.map((t) => ({
          ...t,
          kind: "patent" as const,
          trl: 5,
          transferModes: ["licence" as const],
          sectors: [],
          ...searchColumns({ ...t, sectors: [], ipNumber: null }),
          createdById: owner.account.id,
          editedById: owner.account.id,
        })),
      )
      .returning({ id: achievements.id });
    await services.deps.db
      .insert(achievementOwners)
      .values(rows.map((r) => ({ achievementId: r.id, organisation: "量子所", regionId: regionId("shanghai") })));
    await services.deps.db
      .insert(achievementEditors)
      .values(rows.map((r) => ({ achievementId: r.id, accountId: owner.account.id })));
    const newest = rows.map((r) => r.id).sort((a, b) => b - a);

    const first = await as(null).achievements.list({ q: "量子", limit: 20 });
    expect(first.total).toBe(showcaseCountCap);
    expect(first.totalExact).toBe(false);
    expect(first.items.map((i) => i.id)).toEqual(newest.slice(0, 20));
    expect(first.items[0]!.owners).toEqual([expect.objectContaining({ organisation: "量子所" })]);
    // A page past the cap still comes back, and the count reaches at least its end.
    const late = await as(null).achievements.list({ q: "quantum", offset: showcaseCountCap, limit: 20 });
    expect(late.items.map((i) => i.id)).toEqual(newest.slice(showcaseCountCap, showcaseCountCap + 5));
    expect(late).toMatchObject({ total: n, totalExact: true });
    // A rarer term among them is exact.
    const one = await as(null).achievements.list({ q: "样机17" });
    expect(one.items.map((i) => i.id)).toEqual(
      rows
        .filter((_, i) => String(i).startsWith("17"))
        .map((r) => r.id)
        .sort((a, b) => b - a),
    );
    expect(one.totalExact).toBe(true);
  });

  it("[SEARCH] the showcase follows every change it shows: a new, edited or withdrawn achievement, an owner, a region's name", async () => {
    const owner = await createTestAccount(services.deps.db, { role: "researcher", regionCode: "qingdao" });
    const titles = async (q: string) => (await as(null).achievements.list({ q })).items.map((i) => i.titleEn);
    expect(await titles("tidal turbine")).toEqual([]);
    const turbine = await as(owner).achievements.create(
      input({
        titleZh: "潮流能水轮机叶片",
        titleEn: "Tidal turbine blade",
        owners: [{ organisation: "中国海洋大学", regionId: regionId("qingdao") }],
      }),
    );
    expect(await titles("tidal turbine")).toEqual(["Tidal turbine blade"]);
    await as(owner).achievements.update({
      achievementId: turbine.id,
      baseVersion: turbine.version,
      ...input({
        titleZh: "潮流能水轮机复合叶片",
        titleEn: "Tidal turbine composite blade",
        owners: [{ organisation: "中国海洋大学", regionId: regionId("yantai") }],
      }),
    });
    expect(await titles("tidal turbine")).toEqual(["Tidal turbine composite blade"]);
    expect(await as(null).achievements.list({ q: "tidal", regionId: regionId("qingdao") })).toMatchObject({ total: 0 });
    // A region renamed by an admin shows under its new name at once.
    await services.deps.db
      .update(regions)
      .set({ nameEn: "Yantai City" })
      .where(eq(regions.id, regionId("yantai")));
    const [card] = (await as(null).achievements.list({ q: "tidal", regionId: regionId("yantai") })).items;
    expect(card!.owners).toEqual([
      { organisation: "中国海洋大学", region: expect.objectContaining({ nameEn: "Yantai City" }) },
    ]);
    await services.deps.db.update(achievements).set({ status: "withdrawn" }).where(eq(achievements.id, turbine.id));
    expect(await titles("tidal turbine")).toEqual([]);
  });
});
