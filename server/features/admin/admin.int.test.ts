import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, auditEntries, clusters, regions, type Role } from "@/db/schema";
import { loadSessionUser } from "@/server/infra/auth/session";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  sessionClaimsOf,
  type TestAccount,
  type TestServices,
} from "@/server/testing/fixtures";
import { callFailure } from "@/server/testing/trpc-errors";

let services: TestServices;
let admin: TestAccount;
let admin2: TestAccount;

beforeAll(async () => {
  services = await createTestServices();
  admin = await createTestAccount(services.deps.db, { role: "admin", displayName: "Chief Admin" });
  admin2 = await createTestAccount(services.deps.db, { role: "admin" });
});
afterAll(async () => {
  await services?.close();
});

const as = (who: TestAccount | null) => callerFor(services.deps, who?.user ?? null);
const audits = (action: string, targetId: number | string) =>
  services.deps.db
    .select()
    .from(auditEntries)
    .where(and(eq(auditEntries.action, action), eq(auditEntries.targetId, String(targetId))));

describe("every admin procedure against every role", () => {
  const roles: Array<"signed-out" | Role> = ["signed-out", "member", "researcher", "moderator"];
  const calls: Record<string, (c: ReturnType<typeof as>) => Promise<unknown>> = {
    accounts: (c) => c.admin.accounts({}),
    updateAccount: (c) => c.admin.updateAccount({ accountId: admin2.account.id, organisation: "X" }),
    addCluster: (c) => c.admin.addCluster({ code: "west-test", nameZh: "西部", nameEn: "West" }),
    addRegion: (c) => c.admin.addRegion({ code: "chengdu-test", clusterId: 1, nameZh: "成都", nameEn: "Chengdu" }),
    renameRegion: (c) => c.admin.renameRegion({ regionId: 1, nameZh: "上海市", nameEn: "Shanghai City" }),
    retireRegion: (c) => c.admin.retireRegion({ regionId: 1, retired: true }),
    setHoldSettings: (c) =>
      c.admin.setHoldSettings({ forumId: 1, newAccountDays: 3, holdBlockedWords: false, holdLinks: false }),
    addBlockedWord: (c) => c.admin.addBlockedWord({ word: "x" }),
    audit: (c) => c.admin.audit({}),
    auditCsv: (c) => c.admin.auditCsv({}),
    activity: (c) => c.admin.activity({ weeks: 4 }),
  };
  for (const [name, call] of Object.entries(calls)) {
    for (const role of roles) {
      it(`${name} as ${role} is refused`, async () => {
        const person = role === "signed-out" ? null : await createTestAccount(services.deps.db, { role });
        expect((await callFailure(call(as(person)))).code).toBe(role === "signed-out" ? "UNAUTHORIZED" : "FORBIDDEN");
      });
    }
  }
});

describe("accounts", () => {
  it("changes role, region and organisation with before and after in the audit log, and ends the person's sessions", async () => {
    const person = await createTestAccount(services.deps.db, { role: "member", regionCode: "shanghai" });
    const [qingdao] = await services.deps.db.select().from(regions).where(eq(regions.code, "qingdao"));
    const claims = await sessionClaimsOf(services.deps.db, person.account);
    await as(admin).admin.updateAccount({
      accountId: person.account.id,
      role: "moderator",
      regionId: qingdao!.id,
      organisation: "青岛科技局",
      reason: "Appointed",
    });
    const [row] = await services.deps.db.select().from(accounts).where(eq(accounts.id, person.account.id));
    expect(row).toMatchObject({ role: "moderator", regionId: qingdao!.id, organisation: "青岛科技局" });
    const [entry] = await audits("account.update", person.account.id);
    expect(entry).toMatchObject({
      actorId: admin.account.id,
      reason: "Appointed",
      before: { role: "member", organisation: "Test organisation" },
      after: { role: "moderator", organisation: "青岛科技局" },
    });
    expect(await loadSessionUser(services.deps.db, claims)).toBeNull();
    const listed = await as(admin).admin.accounts({ query: "青岛科技", role: "moderator" });
    expect(listed.accounts.map((a) => a.id)).toContain(person.account.id);
  });

  it("refuses changing one's own role, and a failed change leaves no audit row", async () => {
    const before = (await audits("account.update", admin.account.id)).length;
    expect(
      await callFailure(as(admin).admin.updateAccount({ accountId: admin.account.id, role: "member" })),
    ).toMatchObject({ reason: "OWN_ACCOUNT" });
    expect(
      await callFailure(as(admin).admin.updateAccount({ accountId: admin.account.id, regionId: 99999 })),
    ).toMatchObject({ reason: "REGION_NOT_FOUND" });
    expect((await audits("account.update", admin.account.id)).length).toBe(before);
  });
});

describe("regions and clusters", () => {
  it("adds, renames in both languages and retires, each audited", async () => {
    const cluster = await as(admin).admin.addCluster({ code: "chengyu", nameZh: "成渝", nameEn: "Chengdu–Chongqing" });
    const region = await as(admin).admin.addRegion({
      code: "chengdu",
      clusterId: cluster.id,
      nameZh: "成都",
      nameEn: "Chengdu",
    });
    expect(
      await callFailure(
        as(admin).admin.addRegion({ code: "chengdu", clusterId: cluster.id, nameZh: "成都", nameEn: "Chengdu" }),
      ),
    ).toMatchObject({ code: "CONFLICT", reason: "CODE_TAKEN" });
    await as(admin).admin.renameRegion({ regionId: region.id, nameZh: "成都市", nameEn: "Chengdu City" });
    await as(admin).admin.retireRegion({ regionId: region.id, retired: true });
    const [row] = await services.deps.db.select().from(regions).where(eq(regions.id, region.id));
    expect(row).toMatchObject({ nameZh: "成都市", nameEn: "Chengdu City" });
    expect(row!.retiredAt).not.toBeNull();
    expect(await audits("region.rename", region.id)).toMatchObject([
      { before: { nameZh: "成都", nameEn: "Chengdu" }, after: { nameZh: "成都市", nameEn: "Chengdu City" } },
    ]);
    expect(await audits("region.retire", region.id)).toHaveLength(1);
    await as(admin).admin.renameCluster({
      clusterId: cluster.id,
      nameZh: "成渝地区",
      nameEn: "Chengdu–Chongqing Region",
    });
    await as(admin).admin.retireCluster({ clusterId: cluster.id, retired: true });
    expect(
      await callFailure(
        as(admin).admin.addRegion({ code: "chongqing", clusterId: cluster.id, nameZh: "重庆", nameEn: "Chongqing" }),
      ),
    ).toMatchObject({ reason: "CLUSTER_RETIRED" });
    const [c] = await services.deps.db.select().from(clusters).where(eq(clusters.id, cluster.id));
    expect(c!.retiredAt).not.toBeNull();
  });
});

describe("audit log", () => {
  it("filters by actor, action and target, pages by cursor and exports CSV", async () => {
    await as(admin2).admin.addBlockedWord({ word: "机密泄露" });
    await as(admin2).admin.addBlockedWord({ word: "=cmd|calc" });
    const page1 = await as(admin).admin.audit({ actorId: admin2.account.id, limit: 1 });
    expect(page1.items).toHaveLength(1);
    expect(page1.items[0]).toMatchObject({ action: "blocked_word.add", actorName: admin2.account.displayName });
    const page2 = await as(admin).admin.audit({ actorId: admin2.account.id, limit: 1, cursor: page1.nextCursor });
    expect(page2.items[0]!.id).toBeLessThan(page1.items[0]!.id);
    const prefixed = await as(admin).admin.audit({ action: "blocked_word" });
    expect(prefixed.items.length).toBeGreaterThanOrEqual(2);
    expect((await callFailure(as(admin).admin.audit({ cursor: "nonsense" }))).code).toBe("BAD_REQUEST");
    const { csv, rows } = await as(admin).admin.auditCsv({ actorId: admin2.account.id });
    expect(rows).toBe(2);
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe("id,created_at,actor_id,actor,action,target_type,target_id,reason,before,after");
    expect(csv).toContain("机密泄露");
    // A cell that a spreadsheet would run as a formula is kept as text.
    expect(csv).toContain(`"{""word"":""=cmd|calc""}"`);
    const from = new Date(Date.now() + 3_600_000);
    expect((await as(admin).admin.audit({ from })).items).toHaveLength(0);
  });
});

describe("activity per region", () => {
  it("counts comments, projects and votes per region per week", async () => {
    const writer = await createTestAccount(services.deps.db, { role: "researcher", regionCode: "yantai" });
    const [forum] = await as(null).forums.list();
    const topic = await as(writer).topics.create({ forumId: forum!.id, title: "Marine equipment", body: "Opening" });
    await as(writer).comments.add({ threadId: topic.threadId, stance: "support", body: "One" });
    await as(writer).comments.add({ threadId: topic.threadId, stance: "support", body: "Two" });
    const activity = await as(admin).admin.activity({ weeks: 4 });
    expect(activity.weeks).toHaveLength(4);
    expect(activity.regions.length).toBeGreaterThan(5);
    const yantai = activity.regions.find((r) => r.code === "yantai")!;
    expect(yantai.series.comments).toHaveLength(4);
    // This week is the last bucket.
    expect(yantai.series.comments[3]).toBe(2);
    expect(yantai.series.comments.slice(0, 3)).toEqual([0, 0, 0]);
  });
});
