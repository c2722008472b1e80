import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { seedDemoAccounts } from "@/db/seed";
import { accounts } from "@/db/schema/index";
import { hashPassword } from "@/server/infra/auth/password";
import { sessionUserOf } from "@/server/testing/fixtures";
import { callerFor, createTestServices, type TestServices } from "@/server/testing/fixtures";
import { seedDemoContent } from "../demo-content";

let services: TestServices;

beforeAll(async () => {
  services = await createTestServices();
  await seedDemoAccounts(services.deps.db, hashPassword);
  await seedDemoContent(services.deps.db);
}, 180_000);
afterAll(async () => {
  await services?.close();
});

async function demoUser(email: string) {
  const [a] = await services.deps.db
    .select()
    .from(accounts)
    .where(sql`lower(${accounts.email}) = ${email}`);
  return sessionUserOf(a!);
}

describe(`demo alliances (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[DEMO] links demo profiles, founds two alliances with members in chain roles and leaves a review list", async () => {
    const anonymous = callerFor(services.deps, null);
    const list = await anonymous.alliances.list({ query: "" });
    expect(list.map((a) => a.nameEn)).toEqual([
      "YRD Integrated Circuit Innovation Alliance",
      "Shandong Peninsula Marine Equipment Alliance",
    ]);
    expect(list.every((a) => a.members >= 4 && a.cities >= 2)).toBe(true);

    const yrd = await anonymous.alliances.get({ allianceId: list[0]!.id });
    expect(yrd.projects).toHaveLength(1);
    // The Shenzhen institute's invitation waits for the demo researcher, who acts for it.
    const researcher = await demoUser("researcher@demo.xietong.cn");
    const mine = await callerFor(services.deps, researcher).organisations.mine();
    expect(mine?.nameEn).toBe("Shenzhen Institute of Advanced Technology");
    expect(yrd.members.find((m) => m.status === "invited")?.organisationId).toBe(mine?.id);
    // Two Shanghai designers: the crowded cell the paper warns of.
    const matrix = await anonymous.alliances.matrix({ allianceId: yrd.id });
    expect(matrix.crowdedCells).toBeGreaterThanOrEqual(1);

    // Normalised spellings were linked; the platform team's own text waits for the admin.
    const admin = await demoUser("admin@demo.xietong.cn");
    const review = await callerFor(services.deps, admin).organisations.review();
    expect(review.map((r) => r.organisation)).toContain("协同平台运维组");
    expect(review.map((r) => r.organisation)).not.toContain("东莞智驱电控有限公司");
  });
});
