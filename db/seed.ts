import { sql } from "drizzle-orm";
import type { Db } from "./client";
import { accounts, calendarDays, clusters, forums, measures, recommendations, regions, type Role } from "./schema";
import { seedCalendarDays } from "./seed-calendar-days";
import { seedClusters, seedRecommendations, seedRegions } from "./seed-data";

/**
 * Reference data every installation needs. Idempotent: rows that exist are left alone, so names an
 * admin has since changed are not overwritten by a restart.
 */
export async function seedReferenceData(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .insert(clusters)
      .values(seedClusters.map((c) => ({ ...c })))
      .onConflictDoNothing({ target: clusters.code });
    const clusterRows = await tx.select({ id: clusters.id, code: clusters.code }).from(clusters);
    const clusterIdByCode = new Map(clusterRows.map((c) => [c.code, c.id]));
    await tx
      .insert(regions)
      .values(
        seedRegions.map(({ clusterCode, ...region }) => {
          const clusterId = clusterIdByCode.get(clusterCode);
          if (clusterId === undefined)
            throw new Error(`Seed region ${region.code} names unknown cluster ${clusterCode}`);
          return { ...region, clusterId };
        }),
      )
      .onConflictDoNothing({ target: regions.code });

    for (const { measures: seedMeasures, ...recommendation } of seedRecommendations) {
      await tx.insert(recommendations).values(recommendation).onConflictDoNothing({ target: recommendations.number });
      const [row] = await tx
        .select({ id: recommendations.id })
        .from(recommendations)
        .where(sql`${recommendations.number} = ${recommendation.number}`);
      if (!row) throw new Error(`Recommendation ${recommendation.number} missing after seeding`);
      await tx
        .insert(measures)
        .values(seedMeasures.map((m, index) => ({ ...m, recommendationId: row.id, position: index + 1 })))
        .onConflictDoNothing({ target: measures.code });
      // Each recommendation is a forum of its own.
      await tx
        .insert(forums)
        .values({
          slug: recommendation.slug,
          recommendationId: row.id,
          titleZh: recommendation.titleZh,
          titleEn: recommendation.titleEn,
          descriptionZh: recommendation.summaryZh,
          descriptionEn: recommendation.summaryEn,
        })
        .onConflictDoNothing({ target: forums.slug });
    }

    // A year is seeded only while it has no day at all, so a day an admin removed stays removed.
    for (const [year, days] of seedCalendarDays) {
      const [any] = await tx
        .select({ date: calendarDays.date })
        .from(calendarDays)
        .where(sql`${calendarDays.date} between ${`${year}-01-01`} and ${`${year}-12-31`}`)
        .limit(1);
      if (!any)
        await tx
          .insert(calendarDays)
          .values([...days])
          .onConflictDoNothing({ target: calendarDays.date });
    }
  });
}

export interface DemoAccount {
  role: Role;
  email: string;
  password: string;
  displayName: string;
  organisation: string;
  regionCode: string;
  /** Chairs the coordination body: opens and closes ballots (an admin's grant, in the real world). */
  chair?: boolean;
}

/** Demo mode only: one account per role, with credentials the start command prints. */
export const demoAccounts: readonly DemoAccount[] = [
  {
    role: "member",
    email: "member@demo.xietong.cn",
    password: "demo-member-2026",
    displayName: "陈静 Chen Jing",
    organisation: "上海市科学技术委员会",
    regionCode: "shanghai",
    chair: true,
  },
  {
    role: "researcher",
    email: "researcher@demo.xietong.cn",
    password: "demo-researcher-2026",
    displayName: "李明 Li Ming",
    organisation: "深圳先进技术研究院",
    regionCode: "shenzhen",
  },
  {
    role: "moderator",
    email: "moderator@demo.xietong.cn",
    password: "demo-moderator-2026",
    displayName: "王芳 Wang Fang",
    organisation: "京津冀协同发展办公室",
    regionCode: "beijing",
  },
  {
    role: "admin",
    email: "admin@demo.xietong.cn",
    password: "demo-admin-2026",
    displayName: "赵磊 Zhao Lei",
    organisation: "协同平台运维组",
    regionCode: "hangzhou",
  },
];

export async function seedDemoAccounts(
  db: Db,
  hash: (password: string) => Promise<string>,
): Promise<readonly DemoAccount[]> {
  const regionRows = await db.select({ id: regions.id, code: regions.code }).from(regions);
  const regionIdByCode = new Map(regionRows.map((r) => [r.code, r.id]));
  for (const demo of demoAccounts) {
    const existing = await db
      .select({ id: accounts.id })
      .from(accounts)
      .where(sql`lower(${accounts.email}) = ${demo.email}`);
    if (existing.length > 0) continue;
    const regionId = regionIdByCode.get(demo.regionCode);
    if (regionId === undefined) throw new Error(`Demo region ${demo.regionCode} is not seeded`);
    await db
      .insert(accounts)
      .values({
        email: demo.email,
        displayName: demo.displayName,
        organisation: demo.organisation,
        role: demo.role,
        chair: demo.chair ?? false,
        regionId,
        passwordHash: await hash(demo.password),
      })
      .onConflictDoNothing();
  }
  return demoAccounts;
}
