import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { achievementOwners, matchCatalogueStamp } from "@/db/schema";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  regionIdsByCode,
  type TestServices,
} from "@/server/testing/fixtures";

let services: TestServices;
let regionId: (code: string) => number;

beforeAll(async () => {
  services = await createTestServices();
  regionId = await regionIdsByCode(services.deps.db);
});
afterAll(async () => {
  await services?.close();
});

const stamp = async () =>
  (await services.deps.db.select({ version: matchCatalogueStamp.version }).from(matchCatalogueStamp))[0]?.version;

describe(`the match index's freshness (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("follows every change it is built from, an owner row changed on its own included, and nothing else", async () => {
    const db = services.deps.db;
    const owner = await createTestAccount(db, {
      role: "researcher",
      regionCode: "shenzhen",
      organisation: "深圳实验室",
    });
    const firm = await createTestAccount(db, { role: "researcher", regionCode: "dongguan", organisation: "东莞电驱" });
    const admin = await createTestAccount(db, { role: "admin", regionCode: "shanghai" });
    await callerFor(services.deps, admin.user).achievements.setOrganisationType({
      accountId: firm.account.id,
      organisationType: "enterprise",
    });
    const achievement = await callerFor(services.deps, owner.user).achievements.create({
      kind: "patent",
      titleZh: "固态电池硫化物电解质干法成膜工艺",
      titleEn: "Dry film process for sulfide solid electrolytes",
      summaryZh: "干法成膜降低硫化物电解质的生产成本。",
      summaryEn: "A dry film process lowers the cost of sulfide electrolytes.",
      trl: 6,
      ipStatus: "filed",
      ipNumber: "CN202610000002.3",
      transferModes: ["licence"],
      priceYuan: null,
      sectors: ["新能源"],
      owners: [{ organisation: "深圳实验室", regionId: regionId("shenzhen") }],
      publish: true,
      originProjectId: null,
    });
    const need = await callerFor(services.deps, firm.user).achievements.createNeed({
      title: "寻求硫化物电解质干法成膜",
      problem: "固态电池产线需要低成本的硫化物电解质成膜工艺。",
      sectors: ["新能源"],
      budgetMinYuan: null,
      budgetMaxYuan: null,
      timelineMonths: 12,
      minTrl: 5,
    });
    const ownerRegionOfMatch = async () =>
      (await callerFor(services.deps, null).achievements.needMatches({ needId: need.id })).find(
        (m) => m.achievementId === achievement.id,
      )?.ownerRegion?.code;
    expect(await ownerRegionOfMatch()).toBe("shenzhen");

    // Reads leave the stamp alone, so the cached index is reused.
    const before = await stamp();
    await ownerRegionOfMatch();
    expect(await stamp()).toBe(before);

    // A change to the owners' table alone (no edit of the achievement's row) must still be seen.
    await db
      .update(achievementOwners)
      .set({ regionId: regionId("suzhou") })
      .where(eq(achievementOwners.achievementId, achievement.id));
    expect(await stamp()).toBeGreaterThan(before!);
    expect(await ownerRegionOfMatch()).toBe("suzhou");

    // A rolled-back change does not move the stamp.
    const afterOwnerChange = await stamp();
    await db
      .transaction(async (tx) => {
        await tx
          .update(achievementOwners)
          .set({ regionId: regionId("qingdao") })
          .where(eq(achievementOwners.achievementId, achievement.id));
        throw new Error("roll back");
      })
      .catch(() => undefined);
    expect(await stamp()).toBe(afterOwnerChange);
    expect(await ownerRegionOfMatch()).toBe("suzhou");
  });
});
