/**
 * npm run bench:matching — achievements × needs at scale (defaults: 20,000 × 2,000).
 *
 * 1. The pure index (server/features/achievements/rules/matching.ts): build, rank one need (p99 over
 *    every need), and a full rebuild = build + top 10 for every need + top 10 for every achievement.
 * 2. Through the use-cases on a database (PGlite in memory, or DATABASE_URL): matchesForNeed once the
 *    index is cached (fingerprint query + rows), and the showcase search (listAchievements with q).
 * Prints name=value lines; the figures go in bench/README.md.
 */
import { performance } from "node:perf_hooks";
import path from "node:path";
import { and, desc, eq, like, sql } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { seedReferenceData } from "@/db/seed";
import {
  achievementEditors,
  achievementOwners,
  achievements,
  accounts,
  regionStrengthsTable,
  regions,
  technologyNeeds,
} from "@/db/schema";
import { MatchIndex, type AchievementDoc, type NeedDoc } from "@/server/features/achievements/rules/matching";
import { matchesForNeed } from "@/server/features/achievements/match";
import { listAchievements, showcaseCountCap } from "@/server/features/achievements/read-achievements";
import { searchColumns } from "@/server/features/achievements/achievements";
import type { RegionStrength } from "@/shared/achievement-vocabulary";
import { positiveInt } from "../support/bench-env";

if (process.env.BENCH_DATABASE_URL) process.env.DATABASE_URL = process.env.BENCH_DATABASE_URL;
const achievementCount = positiveInt("BENCH_ACHIEVEMENTS", 20_000);
const needCount = positiveInt("BENCH_NEEDS", 2_000);
const dbQueries = positiveInt("BENCH_DB_QUERIES", 200);
const achievementSample = positiveInt("BENCH_ACHIEVEMENT_SAMPLE", 200);

/** A fixed-seed generator, so two runs measure the same corpus. */
function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(2026);
const pickOne = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
const pickSome = <T>(list: readonly T[], n: number) => Array.from({ length: n }, () => pickOne(list));

const sectors = [
  "半导体",
  "新能源汽车",
  "人工智能",
  "智能制造",
  "海洋",
  "生物医药",
  "新材料",
  "固态电池",
  "光伏",
  "工业软件",
  "机器人",
  "数据",
];
const zhPhrases = [
  "碳化硅功率器件",
  "烧结封装工艺",
  "固态电解质",
  "干法成膜",
  "视觉缺陷检测",
  "小样本学习",
  "观测浮标",
  "海试测试",
  "靶向药物递送",
  "高熵合金",
  "钙钛矿电池",
  "工业控制软件",
  "协作机器人",
  "数字孪生",
  "边缘计算",
  "激光焊接",
  "热管理系统",
  "芯片设计验证",
  "传感器融合",
  "低温烧结",
  "抗体筛选",
  "轻量化结构",
  "储能变流器",
  "智能运维",
];
const enWords = [
  "silicon",
  "carbide",
  "power",
  "module",
  "sintering",
  "packaging",
  "solid",
  "electrolyte",
  "film",
  "vision",
  "defect",
  "inspection",
  "buoy",
  "ocean",
  "drug",
  "delivery",
  "alloy",
  "perovskite",
  "solar",
  "control",
  "robot",
  "twin",
  "edge",
  "laser",
  "welding",
  "thermal",
  "sensor",
  "fusion",
  "antibody",
  "lightweight",
  "storage",
  "inverter",
];
const regionCount = 10;
const strengths = new Map<number, RegionStrength>(
  Array.from({ length: regionCount }, (_, i) => [i + 1, (["rnd", "manufacturing", "balanced"] as const)[i % 3]!]),
);

function achievementText() {
  const titleZh = pickSome(zhPhrases, 2).join("");
  const titleEn = pickSome(enWords, 4).join(" ");
  return {
    titleZh,
    titleEn,
    summaryZh: `${pickSome(zhPhrases, 5).join("，")}。`,
    summaryEn: `${pickSome(enWords, 14).join(" ")}.`,
  };
}

function p(sorted: number[], q: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}
const ms = (x: number) => x.toFixed(2);

async function main() {
  const achievementTexts = Array.from({ length: achievementCount }, achievementText);
  const docs: AchievementDoc[] = achievementTexts.map((a, i) => ({
    id: i + 1,
    text: `${a.titleZh}\n${a.titleEn}\n${a.summaryZh}\n${a.summaryEn}`,
    sectors: [...new Set(pickSome(sectors, 1 + Math.floor(random() * 2)))],
    trl: 1 + Math.floor(random() * 9),
    ownerRegionIds: [...new Set(pickSome([...strengths.keys()], 1 + Math.floor(random() * 2)))],
  }));
  const needs: NeedDoc[] = Array.from({ length: needCount }, (_, i) => ({
    id: i + 1,
    text: `${pickSome(zhPhrases, 2).join("")}\n${pickSome(zhPhrases, 3).join("，")} ${pickSome(enWords, 6).join(" ")}`,
    sectors: [pickOne(sectors)],
    minTrl: 1 + Math.floor(random() * 9),
    regionId: 1 + Math.floor(random() * regionCount),
  }));
  console.log(`achievements=${achievementCount} needs=${needCount}`);

  let started = performance.now();
  const index = new MatchIndex(docs, needs, strengths);
  const buildS = (performance.now() - started) / 1000;
  console.log(`match_index_build_s=${buildS.toFixed(2)}`);

  // CPU time beside wall time: on an oversubscribed machine the wall clock mostly measures the queue.
  const perNeed: number[] = [];
  const perNeedCpu: number[] = [];
  for (const need of needs) {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    index.forNeed(need, 10);
    const cpu = process.cpuUsage(cpu0);
    perNeed.push(performance.now() - t0);
    perNeedCpu.push((cpu.user + cpu.system) / 1000);
  }
  perNeed.sort((a, b) => a - b);
  perNeedCpu.sort((a, b) => a - b);
  console.log(`match_one_need_p50_ms=${ms(p(perNeed, 0.5))}`);
  console.log(`match_one_need_p99_ms=${ms(p(perNeed, 0.99))}`);
  console.log(`match_one_need_cpu_p50_ms=${ms(p(perNeedCpu, 0.5))}`);
  console.log(`match_one_need_cpu_p99_ms=${ms(p(perNeedCpu, 0.99))}`);

  // The achievement side is sampled (BENCH_ACHIEVEMENT_SAMPLE): its page ranks one achievement at a time.
  const perAchievement: number[] = [];
  for (const doc of docs.slice(0, achievementSample)) {
    const t0 = performance.now();
    index.forAchievement(doc, 10);
    perAchievement.push(performance.now() - t0);
  }
  perAchievement.sort((a, b) => a - b);
  console.log(`match_one_achievement_p99_ms=${ms(p(perAchievement, 0.99))} (sample of ${perAchievement.length})`);
  const allNeedsS = perNeed.reduce((a, b) => a + b, 0) / 1000;
  // A full rebuild: the index plus every need's ranking (what the need pages show).
  console.log(`match_full_rebuild_s=${(buildS + allNeedsS).toFixed(2)}`);

  // Through the use-cases, on a database.
  const handle = await openDatabase({
    url: process.env.DATABASE_URL || undefined,
    dataDir: "memory://bench-matching",
    migrationsFolder: path.resolve(import.meta.dirname, "../../db/migrations"),
  });
  try {
    await handle.migrate();
    await seedReferenceData(handle.db);
    const db = handle.db;
    const regionRows = await db.select({ id: regions.id }).from(regions).orderBy(regions.id);
    for (const [i, r] of regionRows.slice(0, regionCount).entries())
      await db
        .insert(regionStrengthsTable)
        .values({ regionId: r.id, strength: strengths.get(i + 1)! })
        .onConflictDoNothing();
    const [owner] = await db
      .insert(accounts)
      .values({
        email: `bench-${Date.now()}@bench.invalid`,
        displayName: "bench",
        organisation: "bench",
        role: "researcher",
        regionId: regionRows[0]!.id,
        passwordHash: "x",
      })
      .returning();
    const regionOf = (n: number) => regionRows[(n - 1) % regionRows.length]!.id;
    started = performance.now();
    for (let from = 0; from < achievementCount; from += 1_000) {
      const batch = achievementTexts.slice(from, from + 1_000).map((text, j) => {
        const doc = docs[from + j]!;
        return {
          ...text,
          kind: "patent" as const,
          trl: doc.trl,
          transferModes: ["licence" as const],
          sectors: [...doc.sectors],
          ...searchColumns({ ...text, sectors: doc.sectors, ipNumber: null }),
          createdById: owner!.id,
          editedById: owner!.id,
        };
      });
      const rows = await db.insert(achievements).values(batch).returning({ id: achievements.id });
      await db.insert(achievementOwners).values(
        rows.flatMap((row, j) =>
          docs[from + j]!.ownerRegionIds.map((n) => ({
            achievementId: row.id,
            organisation: "bench",
            regionId: regionOf(n),
          })),
        ),
      );
      await db.insert(achievementEditors).values(rows.map((row) => ({ achievementId: row.id, accountId: owner!.id })));
    }
    const needRows = await db
      .insert(technologyNeeds)
      .values(
        needs.map((n) => ({
          postedById: owner!.id,
          organisation: "bench",
          regionId: regionOf(n.regionId),
          title: n.text.split("\n")[0]!,
          problem: n.text.split("\n")[1]!,
          sectors: [...n.sectors],
          timelineMonths: 12,
          minTrl: n.minTrl,
        })),
      )
      .returning({ id: technologyNeeds.id });
    console.log(`db_seed_s=${((performance.now() - started) / 1000).toFixed(1)} database=${handle.kind}`);

    const deps = { db };
    started = performance.now();
    await matchesForNeed(deps, null, needRows[0]!.id);
    console.log(`db_first_match_with_index_build_s=${((performance.now() - started) / 1000).toFixed(2)}`);
    const viaDb: number[] = [];
    const viaDbCpu: number[] = [];
    // Baseline in the same run: the freshness check the index used before the stamp row (an aggregate
    // over every published achievement and open need on each match).
    const oldFingerprint: number[] = [];
    for (let i = 0; i < dbQueries; i += 1) {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      await matchesForNeed(deps, null, pickOne(needRows).id);
      const cpu = process.cpuUsage(cpu0);
      viaDb.push(performance.now() - t0);
      viaDbCpu.push((cpu.user + cpu.system) / 1000);
      const t1 = performance.now();
      await db.execute(
        sql`select concat_ws('/',
          (select count(*) || ':' || coalesce(max(version + id), 0) || ':' || coalesce(extract(epoch from max(edited_at)), 0) from achievements where status = 'published'),
          (select count(*) || ':' || coalesce(max(id), 0) from technology_needs where status = 'open'),
          (select count(*) || ':' || coalesce(extract(epoch from max(updated_at)), 0) from region_strengths)) as stamp`,
      );
      oldFingerprint.push(performance.now() - t1);
    }
    for (const list of [viaDb, viaDbCpu, oldFingerprint]) list.sort((a, b) => a - b);
    console.log(`db_match_one_need_p50_ms=${ms(p(viaDb, 0.5))}`);
    console.log(`db_match_one_need_p99_ms=${ms(p(viaDb, 0.99))}`);
    console.log(`db_match_one_need_cpu_p99_ms=${ms(p(viaDbCpu, 0.99))}`);
    console.log(`db_match_old_freshness_check_p50_ms=${ms(p(oldFingerprint, 0.5))}`);
    console.log(`db_match_old_freshness_check_p99_ms=${ms(p(oldFingerprint, 0.99))}`);

    // The same queries, interleaved: the app's search, then the baseline (what it did before: a
    // substring test on every published row, newest first, plus an exact count).
    const searches: number[] = [];
    const searchesCpu: number[] = [];
    const baseline: number[] = [];
    let totalsCapped = 0;
    let resultsMatch = 0;
    for (let i = 0; i < dbQueries; i += 1) {
      const q = i % 2 === 0 ? pickOne(zhPhrases).slice(0, 4) : pickOne(enWords);
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const page = await listAchievements(deps, null, { q, mine: false, offset: 0, limit: 30 });
      const cpu = process.cpuUsage(cpu0);
      searches.push(performance.now() - t0);
      searchesCpu.push((cpu.user + cpu.system) / 1000);
      if (!page.totalExact) totalsCapped += 1;
      const t1 = performance.now();
      const condition = and(eq(achievements.status, "published"), like(achievements.searchText, `%${q}%`));
      const [expected, [counted]] = await Promise.all([
        db
          .select({ id: achievements.id, titleZh: achievements.titleZh })
          .from(achievements)
          .where(condition)
          .orderBy(desc(achievements.createdAt), desc(achievements.id))
          .limit(30),
        db
          .select({ n: sql<number>`count(*)::int` })
          .from(achievements)
          .where(condition),
      ]);
      baseline.push(performance.now() - t1);
      // The search must return what the old query did: the same page, in order, and the same count up to the cap.
      const n = Number(counted!.n);
      if (
        page.items.map((item) => item.id).join() === expected.map((row) => row.id).join() &&
        page.items.every((item, j) => item.titleZh === expected[j]!.titleZh) &&
        page.total === Math.min(n, showcaseCountCap) &&
        page.totalExact === n <= showcaseCountCap
      )
        resultsMatch += 1;
    }
    searches.sort((a, b) => a - b);
    searchesCpu.sort((a, b) => a - b);
    baseline.sort((a, b) => a - b);
    // PGlite runs in this process, so its work is in the CPU figure; PostgreSQL's is not.
    console.log(`showcase_search_cpu_p99_ms=${ms(p(searchesCpu, 0.99))}`);
    console.log(`showcase_search_p50_ms=${ms(p(searches, 0.5))}`);
    console.log(`showcase_search_p99_ms=${ms(p(searches, 0.99))}`);
    console.log(`showcase_search_totals_capped=${totalsCapped}/${dbQueries}`);
    console.log(`showcase_search_results_match_baseline=${resultsMatch}/${dbQueries}`);
    console.log(`showcase_search_baseline_p50_ms=${ms(p(baseline, 0.5))}`);
    console.log(`showcase_search_baseline_p99_ms=${ms(p(baseline, 0.99))}`);
    console.log(`showcase_search_speedup_p99=${(p(baseline, 0.99) / p(searches, 0.99)).toFixed(1)}`);
  } finally {
    await handle.close();
  }
}

await main();
