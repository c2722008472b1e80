import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications, projects, type Role } from "@/db/schema";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  regionIdsByCode,
  type TestAccount,
  type TestServices,
} from "@/server/testing/fixtures";
import { proposalInput, startProject } from "@/server/testing/projects";
import { achievementInput as baseAchievementInput, enterpriseAccount } from "@/server/testing/achievements";
import { callFailure } from "@/server/testing/trpc-errors";
import type { CreateAchievementInput } from "./contract";

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
const account = (role: Role, regionCode: string, organisation = "Test organisation") =>
  createTestAccount(services.deps.db, { role, regionCode, organisation });

const enterprise = (regionCode: string, organisation: string) =>
  enterpriseAccount(services.deps, regionCode, organisation);

const achievementInput = (over: Partial<CreateAchievementInput> = {}) =>
  baseAchievementInput(regionId, { transferModes: ["licence", "joint_development"], ...over });

describe(`achievements (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[REGISTRY] an owner publishes, edits with versions; a draft stays hidden from others", async () => {
    const owner = await account("researcher", "shenzhen");
    const stranger = await account("researcher", "dongguan");
    const created = await as(owner).achievements.create(achievementInput());
    const draft = await as(owner).achievements.create(achievementInput({ publish: false, titleEn: "Secret draft" }));

    expect((await as(null).achievements.get({ achievementId: created.id })).titleZh).toContain("碳化硅");
    expect((await callFailure(as(stranger).achievements.get({ achievementId: draft.id }))).code).toBe("NOT_FOUND");
    const shown = await as(stranger).achievements.list({ q: "secret draft" });
    expect(shown.items).toEqual([]);
    expect((await as(owner).achievements.list({ mine: true })).items.map((i) => i.id)).toEqual(
      expect.arrayContaining([created.id, draft.id]),
    );

    await as(owner).achievements.update({ ...achievementInput({ trl: 7 }), achievementId: created.id, baseVersion: 1 });
    const versions = await as(null).achievements.versions({ achievementId: created.id });
    expect(versions.map((v) => [v.version, v.changed])).toEqual([
      [2, ["trl"]],
      [1, []],
    ]);
    // A stale edit is refused, and someone who is not an owner cannot edit at all.
    const stale = await callFailure(
      as(owner).achievements.update({ ...achievementInput(), achievementId: created.id, baseVersion: 1 }),
    );
    expect(stale.reason).toBe("ACHIEVEMENT_VERSION_CONFLICT");
    const foreign = await callFailure(
      as(stranger).achievements.update({ ...achievementInput(), achievementId: created.id, baseVersion: 2 }),
    );
    expect(foreign.reason).toBe("ACHIEVEMENT_FORBIDDEN");
    const noNumber = await callFailure(
      as(owner).achievements.create(achievementInput({ ipStatus: "filed", ipNumber: " " })),
    );
    expect(noNumber.reason).toBe("IP_NUMBER_REQUIRED");
  });

  it("[PROJECT] an approved project's proposers publish its outcomes in one step, owned by every proposer", async () => {
    const proposer = await account("researcher", "qingdao", "青岛海洋科学研究所");
    const project = await startProject(
      services.deps,
      proposer,
      proposalInput(regionId, {
        leadRegionId: regionId("qingdao"),
        partnerRegionIds: [regionId("yantai")],
        tags: ["海洋"],
      }),
    );
    const outcome = {
      kind: "prototype" as const,
      titleZh: "深远海观测浮标样机",
      titleEn: "Deep-sea observation buoy prototype",
      summaryZh: "耐受十二级风浪的观测浮标。",
      summaryEn: "A buoy that rides out force-12 seas.",
      trl: 5,
    };
    const early = await callFailure(
      as(proposer).achievements.publishFromProject({
        projectId: project.id,
        outcomes: [outcome],
        transferModes: ["licence"],
      }),
    );
    expect(early.reason).toBe("PROJECT_NOT_PUBLISHABLE");
    await services.deps.db.update(projects).set({ status: "approved" }).where(eq(projects.id, project.id));
    const outsider = await account("researcher", "qingdao");
    expect(
      (
        await callFailure(
          as(outsider).achievements.publishFromProject({
            projectId: project.id,
            outcomes: [outcome],
            transferModes: ["licence"],
          }),
        )
      ).reason,
    ).toBe("PROJECT_NOT_PUBLISHABLE");

    const created = await as(proposer).achievements.publishFromProject({
      projectId: project.id,
      outcomes: [outcome, { ...outcome, kind: "standard", titleZh: "浮标测试规范", titleEn: "Buoy test standard" }],
      transferModes: ["licence"],
    });
    expect(created).toHaveLength(2);
    const page = await as(null).achievements.get({ achievementId: created[0]!.id });
    expect(page.originProject?.id).toBe(project.id);
    expect(page.owners.map((o) => o.region.code).sort()).toEqual(["qingdao", "yantai"]);
    expect(page.sectors).toEqual(["海洋"]);
    // The co-proposer edits too: owners are every proposer.
    expect((await as(project.coauthors[0]!).achievements.get({ achievementId: created[0]!.id })).canEdit).toBe(true);
  });

  it("[MATCH] only enterprises post needs; a need sees the match with its explanation, and the owner sees the need", async () => {
    const owner = await account("researcher", "shenzhen");
    const admin = await account("admin", "shanghai");
    await as(admin).achievements.setRegionStrength({ regionId: regionId("shenzhen"), strength: "rnd" });
    await as(admin).achievements.setRegionStrength({ regionId: regionId("dongguan"), strength: "manufacturing" });
    const achievement = await as(owner).achievements.create(achievementInput());
    const university = await account("researcher", "dongguan");
    const refused = await callFailure(
      as(university).achievements.createNeed({
        title: "x",
        problem: "y",
        sectors: [],
        budgetMinYuan: null,
        budgetMaxYuan: null,
        timelineMonths: 6,
        minTrl: 5,
      }),
    );
    expect(refused.reason).toBe("NEED_ENTERPRISE_ONLY");

    const firm = await enterprise("dongguan", "东莞新能源汽车电驱有限公司");
    const reversed = await callFailure(
      as(firm).achievements.createNeed({
        title: "x",
        problem: "y",
        sectors: [],
        budgetMinYuan: 9,
        budgetMaxYuan: 1,
        timelineMonths: 6,
        minTrl: 5,
      }),
    );
    expect(reversed.reason).toBe("BUDGET_RANGE_REVERSED");
    const need = await as(firm).achievements.createNeed({
      title: "电驱模块需要更耐高温的碳化硅封装",
      problem: "现有焊料封装在175度以上失效，寻求碳化硅功率模块的烧结封装工艺。",
      sectors: ["半导体"],
      budgetMinYuan: 500_000,
      budgetMaxYuan: 3_000_000,
      timelineMonths: 12,
      minTrl: 6,
    });
    expect(need.regionId).toBe(regionId("dongguan"));

    const matches = await as(null).achievements.needMatches({ needId: need.id });
    const found = matches.find((m) => m.achievementId === achievement.id);
    expect(found?.explanation.terms).toEqual(expect.arrayContaining(["碳化硅"]));
    expect(found?.explanation.sectors).toEqual(["半导体"]);
    expect(found?.explanation.region).toMatchObject({
      rule: "complementary",
      ownerStrength: "rnd",
      needStrength: "manufacturing",
    });
    expect(found?.needRegion?.code).toBe("dongguan");

    const back = await as(owner).achievements.matchingNeeds({ achievementId: achievement.id });
    expect(back.map((m) => m.needId)).toContain(need.id);
  });

  it("[DEAL] an enquiry is private to the parties; a transfer's value shows only when both publish it", async () => {
    const owner = await account("researcher", "shenzhen");
    const achievement = await as(owner).achievements.create(achievementInput({ titleEn: "Deal test achievement" }));
    const firm = await enterprise("dongguan", "东莞电驱");
    const onlooker = await account("researcher", "suzhou");
    const moderator = await account("moderator", "suzhou");

    const { enquiryId } = await as(firm).achievements.enquire({
      achievementId: achievement.id,
      needId: null,
      body: "我们想了解授权条件。",
    });
    const told = await services.deps.db
      .select()
      .from(notifications)
      .where(eq(notifications.recipientId, owner.account.id));
    expect(told.map((n) => n.kind)).toContain("achievement_interest");
    await as(owner).achievements.postMessage({ enquiryId, body: "欢迎，可先签保密协议。" });
    expect((await as(firm).achievements.enquiry({ enquiryId })).messages).toHaveLength(2);
    for (const outsider of [onlooker, moderator, null])
      expect((await callFailure(as(outsider).achievements.enquiry({ enquiryId }))).code).toMatch(
        /NOT_FOUND|UNAUTHORIZED/,
      );
    expect(
      (await callFailure(as(owner).achievements.enquire({ achievementId: achievement.id, needId: null, body: "x" })))
        .reason,
    ).toBe("ENQUIRY_OWN_ACHIEVEMENT");

    const secret = 1_234_567;
    const { id: transferId } = await as(owner).achievements.recordTransfer({
      achievementId: achievement.id,
      enquiryId,
      mode: "licence",
      buyerOrganisation: "东莞电驱",
      buyerRegionId: regionId("dongguan"),
      valueYuan: secret,
      publishValue: true,
      signedOn: "2026-11-30",
    });
    // Seller agreed, buyer not yet: the value reaches the parties only.
    const publicView = JSON.stringify([
      await as(onlooker).achievements.transfers({ achievementId: achievement.id }),
      await as(null).achievements.flows(),
      await services.deps.db.select().from(notifications).where(eq(notifications.recipientId, firm.account.id)),
    ]);
    expect(publicView).not.toContain(String(secret));
    expect((await as(firm).achievements.transfers({ achievementId: achievement.id }))[0]?.valueYuan).toBe(secret);
    expect(
      (await callFailure(as(onlooker).achievements.publishTransferValue({ transferId, publish: true }))).reason,
    ).toBe("ACHIEVEMENT_FORBIDDEN");

    await as(firm).achievements.publishTransferValue({ transferId, publish: true });
    expect((await as(null).achievements.transfers({ achievementId: achievement.id }))[0]?.valueYuan).toBe(secret);
    const flows = await as(null).achievements.flows();
    const pair = flows.flows.find((f) => f.from === regionId("shenzhen") && f.to === regionId("dongguan"));
    expect(pair?.deals).toBeGreaterThanOrEqual(1);
    expect(pair?.publishedValueYuan).toBeGreaterThanOrEqual(secret);
  });

  it("[ADMIN] only admins set organisation types and region strengths", async () => {
    const researcher = await account("researcher", "shanghai");
    expect(
      (
        await callFailure(
          as(researcher).achievements.setRegionStrength({ regionId: regionId("suzhou"), strength: "rnd" }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    expect(
      (
        await callFailure(
          as(researcher).achievements.setOrganisationType({
            accountId: researcher.account.id,
            organisationType: "enterprise",
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
  });
});
