import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoAccounts } from "@/db/seed";
import { hashPassword } from "@/server/infra/auth/password";
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
});
