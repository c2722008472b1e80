import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoAccounts } from "@/db/seed";
import { hashPassword } from "@/server/infra/auth/password";
import { eq } from "drizzle-orm";
import { accounts, regions } from "@/db/schema";
import { callerFor, createTestServices, sessionUserOf, type TestServices } from "@/server/testing/fixtures";
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

describe(`demo achievements (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[DEMO] seeds achievements (the approved project's outcomes among them), needs with explained matches and two transfers", async () => {
    const anonymous = callerFor(services.deps, null);
    const list = await anonymous.achievements.list({});
    expect(list.total).toBeGreaterThanOrEqual(5);
    expect(list.items.some((a) => a.originProjectId !== null)).toBe(true);

    const needs = await anonymous.achievements.needs({});
    expect(needs).toHaveLength(3);
    const ev = needs.find((n) => n.region.code === "dongguan")!;
    const [best] = await anonymous.achievements.needMatches({ needId: ev.id });
    expect(best?.achievement.titleZh).toContain("碳化硅");
    expect(best?.explanation.region.rule).toBe("complementary");

    const flows = await anonymous.achievements.flows();
    expect(flows.deals).toBe(2);
    // The confidential joint development counts as a flow but shows no value to the public.
    const toSuzhou = flows.flows.filter((f) => flows.regions.find((r) => r.id === f.to)?.code === "suzhou");
    expect(toSuzhou.length).toBeGreaterThan(0);
    expect(toSuzhou.every((f) => f.publishedValueYuan === 0)).toBe(true);
  });

  it("[DEMO] the licence was negotiated: an offer, a counter-offer with revenue shares per region, recorded as the deal", async () => {
    const [firm] = await services.deps.db
      .select()
      .from(accounts)
      .where(eq(accounts.email, "dongguan.firm@demo.xietong.cn"));
    const asFirm = callerFor(services.deps, sessionUserOf(firm!));
    const [enquiry] = await asFirm.achievements.myEnquiries();
    const thread = await asFirm.achievements.enquiry({ enquiryId: enquiry!.id });
    expect(thread.terms.map((t) => [t.side, t.status])).toEqual([
      ["asker", "superseded"],
      ["owner", "recorded"],
    ]);
    const regionCodes = new Map((await services.deps.db.select().from(regions)).map((r) => [r.id, r.code] as const));
    for (const terms of thread.terms) {
      // Every region party to the deal has its share, and the shares make the whole.
      expect(terms.shares.map((s) => regionCodes.get(s.regionId)).sort()).toEqual(["dongguan", "shanghai", "shenzhen"]);
      expect(terms.shares.reduce((sum, s) => sum + s.revenueBp, 0)).toBe(10_000);
    }
    const recorded = thread.terms.find((t) => t.status === "recorded")!;
    expect(recorded).toMatchObject({ mode: "licence", valueYuan: 1_800_000 });
    expect(recorded.transferId).not.toBeNull();
    // The recorded deal is the published licence the flows count.
    const deals = await callerFor(services.deps, null).achievements.deals();
    expect(deals.some((d) => d.valueYuan === 1_800_000)).toBe(true);
  });
});
