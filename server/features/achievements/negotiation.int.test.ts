import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import pino from "pino";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  auditEntries,
  needMatchNotices,
  notifications,
  projectCoauthors,
  projects,
  technologyTransfers,
  type Role,
} from "@/db/schema";
import { streamKey } from "@/server/domain/stream-access";
import { streamVisibleTo } from "@/server/features/access";
import type { ClientToServerEvents, ServerToClientEvents } from "@/server/infra/realtime/events";
import { createRealtime, type Realtime } from "@/server/infra/realtime/io";
import {
  callerFor,
  createFrozenClock,
  createTestAccount,
  createTestServices,
  regionIdsByCode,
  sessionCookieOf,
  type TestAccount,
  type TestClock,
  type TestServices,
} from "@/server/testing/fixtures";
import { achievementInput as baseAchievementInput, enterpriseAccount } from "@/server/testing/achievements";
import { callFailure } from "@/server/testing/trpc-errors";
import type { CreateAchievementInput } from "./contract";

let services: TestServices;
let clock: TestClock;
let regionId: (code: string) => number;

beforeAll(async () => {
  clock = createFrozenClock(new Date("2026-12-01T10:10:00Z"));
  services = await createTestServices({ now: () => clock.now() });
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
  baseAchievementInput(regionId, { transferModes: ["licence", "joint_project"], ...over });

/** An owner in Shenzhen, a firm in Dongguan that enquired, and an onlooker. */
async function negotiation(titleEn: string) {
  const owner = await account("researcher", "shenzhen", "深圳先进技术研究院");
  const achievement = await as(owner).achievements.create(achievementInput({ titleEn }));
  const firm = await enterprise("dongguan", "东莞电驱");
  const { enquiryId } = await as(firm).achievements.enquire({
    achievementId: achievement.id,
    needId: null,
    body: "我们想了解合作条件。",
  });
  return { owner, firm, achievement, enquiryId, onlooker: await account("researcher", "suzhou") };
}

const kindsFor = async (accountId: number) =>
  (
    await services.deps.db
      .select({ kind: notifications.kind, params: notifications.params })
      .from(notifications)
      .where(eq(notifications.recipientId, accountId))
  ).map((n) => n.kind);

const enquiryEvents = (enquiryId: number) =>
  services.deps.publisher.published.filter((e) => e.stream === streamKey({ kind: "enquiry", id: enquiryId }));

describe(`negotiation and deals (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[TERMS] terms with revenue shares per region are proposed, countered, accepted and recorded as the deal", async () => {
    const { owner, firm, achievement, enquiryId, onlooker } = await negotiation("Terms test");
    const shenzhen = regionId("shenzhen");
    const dongguan = regionId("dongguan");
    const secret = 2_345_678;
    const shares = (sz: number) => [
      { regionId: shenzhen, revenueBp: sz },
      { regionId: dongguan, revenueBp: 10_000 - sz },
    ];

    // The thread knows the regions party: the owners' and the asker's.
    expect((await as(owner).achievements.enquiry({ enquiryId })).dealRegionIds).toEqual(
      [shenzhen, dongguan].sort((a, b) => a - b),
    );
    const bad = await callFailure(
      as(owner).achievements.proposeTerms({
        enquiryId,
        mode: "licence",
        valueYuan: secret,
        shares: [{ regionId: shenzhen, revenueBp: 9000 }],
      }),
    );
    expect(bad.reason).toBe("INVALID_TERMS");
    expect(bad.error.message).toContain("has none");

    const first = await as(owner).achievements.proposeTerms({
      enquiryId,
      mode: "licence",
      valueYuan: secret,
      shares: shares(7000),
    });
    expect(
      (await callFailure(as(owner).achievements.respondToTerms({ termsId: first.id, response: "accept" }))).reason,
    ).toBe("TERMS_OWN_PROPOSAL");
    expect(
      (await callFailure(as(onlooker).achievements.respondToTerms({ termsId: first.id, response: "accept" }))).code,
    ).toBe("NOT_FOUND");
    expect(
      (
        await callFailure(
          as(onlooker).achievements.proposeTerms({ enquiryId, mode: "licence", valueYuan: 1, shares: shares(5000) }),
        )
      ).code,
    ).toBe("NOT_FOUND");

    // The firm counters: the first terms are superseded and can no longer be accepted.
    const counter = await as(firm).achievements.proposeTerms({
      enquiryId,
      mode: "licence",
      valueYuan: secret,
      shares: shares(6000),
    });
    expect(
      (await callFailure(as(firm).achievements.respondToTerms({ termsId: first.id, response: "accept" }))).reason,
    ).toBe("TERMS_NOT_OPEN");
    expect(
      (
        await callFailure(
          as(owner).achievements.recordDeal({ termsId: counter.id, signedOn: "2026-12-01", publishValue: false }),
        )
      ).reason,
    ).toBe("TERMS_NOT_ACCEPTED");
    await as(owner).achievements.respondToTerms({ termsId: counter.id, response: "accept" });
    expect(
      (
        await callFailure(
          as(firm).achievements.recordDeal({ termsId: counter.id, signedOn: "2026-12-01", publishValue: true }),
        )
      ).reason,
    ).toBe("ACHIEVEMENT_FORBIDDEN");

    const deal = await as(owner).achievements.recordDeal({
      termsId: counter.id,
      signedOn: "2026-12-01",
      publishValue: true,
    });
    expect(deal.projectId).toBeNull();
    const [row] = await services.deps.db.select().from(technologyTransfers).where(eq(technologyTransfers.id, deal.id));
    expect(row).toMatchObject({ mode: "licence", valueYuan: secret, buyerRegionId: dongguan, termsId: counter.id });
    expect(row!.revenueShares).toEqual(shares(6000).sort((a, b) => a.regionId - b.regionId));
    const thread = await as(firm).achievements.enquiry({ enquiryId });
    expect(thread.terms.map((t) => t.status)).toEqual(["superseded", "recorded"]);
    expect(thread.terms[1]).toMatchObject({ transferId: deal.id, valueYuan: secret });
    expect(
      (await callFailure(as(owner).achievements.respondToTerms({ termsId: counter.id, response: "decline" }))).reason,
    ).toBe("TERMS_NOT_OPEN");

    // Only the seller has agreed to publish: the value reaches no public read, no notice and no live event.
    const outside = JSON.stringify([
      await as(onlooker).achievements.transfers({ achievementId: achievement.id }),
      await as(null).achievements.flows(),
      await as(null).achievements.deals(),
      await services.deps.db.select().from(notifications).where(eq(notifications.recipientId, firm.account.id)),
      await services.deps.db.select().from(notifications).where(eq(notifications.recipientId, owner.account.id)),
      enquiryEvents(enquiryId),
    ]);
    expect(outside).not.toContain(String(secret));
    expect(outside).not.toContain(firm.account.email);
    expect(outside).not.toContain(owner.account.email);
    expect(
      enquiryEvents(enquiryId)
        .filter((e) => e.type === "enquiry:terms")
        .at(-1),
    ).toMatchObject({
      payload: { terms: { id: counter.id, status: "recorded", transferId: deal.id } },
    });
    expect(await kindsFor(firm.account.id)).toContain("achievement_transfer");
  });

  it("[DEAL→PROJECT] a joint-project deal drafts a joint project with the buyer invited as co-proposer", async () => {
    const { owner, firm, achievement, enquiryId } = await negotiation("Joint project test");
    const shares = [
      { regionId: regionId("shenzhen"), revenueBp: 5000 },
      { regionId: regionId("dongguan"), revenueBp: 5000 },
    ];
    const terms = await as(firm).achievements.proposeTerms({
      enquiryId,
      mode: "joint_project",
      valueYuan: null,
      shares,
    });
    await as(owner).achievements.respondToTerms({ termsId: terms.id, response: "accept" });
    expect(
      (
        await callFailure(
          as(owner).achievements.recordDeal({ termsId: terms.id, signedOn: "2026-12-01", publishValue: false }),
        )
      ).reason,
    ).toBe("DEAL_PROJECT_BUDGET_REQUIRED");
    const deal = await as(owner).achievements.recordDeal({
      termsId: terms.id,
      signedOn: "2026-12-01",
      publishValue: false,
      project: { budgetYuan: 3_000_000, durationMonths: 24 },
    });
    expect(deal.projectId).not.toBeNull();
    const [project] = await services.deps.db.select().from(projects).where(eq(projects.id, deal.projectId!));
    expect(project).toMatchObject({ status: "draft", proposerId: owner.account.id, title: achievement.titleZh });
    const invitations = await services.deps.db
      .select()
      .from(projectCoauthors)
      .where(eq(projectCoauthors.projectId, project!.id));
    expect(invitations.map((i) => [i.accountId, i.status])).toEqual([[firm.account.id, "invited"]]);
    expect((await as(firm).projects.myInvitations()).map((i) => i.projectId)).toContain(project!.id);
    const [transfer] = await services.deps.db
      .select()
      .from(technologyTransfers)
      .where(eq(technologyTransfers.id, deal.id));
    expect(transfer!.projectId).toBe(project!.id);
    expect((await as(firm).achievements.enquiry({ enquiryId })).terms.at(-1)).toMatchObject({
      status: "recorded",
      projectId: project!.id,
    });
    expect(enquiryEvents(enquiryId).at(-1)).toMatchObject({
      type: "enquiry:terms",
      payload: { terms: { projectId: project!.id } },
    });
  });

  it("[LIVE] messages reach the parties' stream; a third account's subscription is refused; an admin hides with a reason", async () => {
    const { owner, firm, enquiryId, onlooker } = await negotiation("Live test");
    const admin = await account("admin", "beijing");
    const moderator = await account("moderator", "suzhou");
    await as(owner).achievements.postMessage({ enquiryId, body: "欢迎，可先签保密协议。" });
    const posted = enquiryEvents(enquiryId).filter((e) => e.type === "enquiry:message");
    expect(posted.map((e) => e.payload)).toEqual([
      expect.objectContaining({ message: expect.objectContaining({ body: "我们想了解合作条件。" }) }),
      expect.objectContaining({
        message: expect.objectContaining({
          body: "欢迎，可先签保密协议。",
          author: { id: owner.account.id, displayName: owner.account.displayName },
        }),
      }),
    ]);
    expect(JSON.stringify(posted)).not.toContain(owner.account.email);

    const stream = { kind: "enquiry" as const, id: enquiryId };
    for (const [who, may] of [
      [owner, true],
      [firm, true],
      [admin, true],
      [onlooker, false],
      [moderator, false],
    ] as const)
      expect(await streamVisibleTo(services.deps.db, who.user, stream)).toBe(may);

    // Over a real socket: the parties join, a third account is refused.
    const secret = "a-test-secret-that-is-long-enough-0123456789";
    const http: Server = createServer();
    const realtime: Realtime = await createRealtime(http, {
      db: services.deps.db,
      visibleTo: (viewer, s) => streamVisibleTo(services.deps.db, viewer, s),
      authSecret: secret,
      logger: pino({ level: "silent" }),
      sweepOutbox: false,
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];
    const subscribeAs = async (who: TestAccount) => {
      const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(url, {
        path: "/socket.io",
        transports: ["websocket"],
        extraHeaders: { cookie: await sessionCookieOf(services.deps.db, who.account, secret) },
        reconnection: false,
      });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", () => resolve());
        socket.once("connect_error", reject);
      });
      return new Promise((resolve) =>
        socket.emit("stream:subscribe", { stream: streamKey({ kind: "enquiry", id: enquiryId }) }, resolve),
      );
    };
    try {
      expect(await subscribeAs(firm)).toMatchObject({ ok: true });
      expect(await subscribeAs(onlooker)).toMatchObject({ ok: false, code: "FORBIDDEN" });
    } finally {
      for (const socket of sockets) socket.close();
      await realtime.close();
    }

    const thread = await as(firm).achievements.enquiry({ enquiryId });
    const abusive = thread.messages.at(-1)!;
    for (const who of [owner, firm, moderator])
      expect(
        (await callFailure(as(who).achievements.hideMessage({ messageId: abusive.id, reason: "辱骂" }))).code,
      ).toBe("FORBIDDEN");
    await as(admin).achievements.hideMessage({ messageId: abusive.id, reason: "含有辱骂内容" });
    const seen = (await as(firm).achievements.enquiry({ enquiryId })).messages.at(-1)!;
    expect(seen).toMatchObject({ id: abusive.id, body: null, hiddenReason: "含有辱骂内容" });
    expect(seen.hiddenAt).not.toBeNull();
    expect(enquiryEvents(enquiryId).at(-1)).toMatchObject({
      type: "enquiry:message-hidden",
      payload: { messageId: abusive.id, hiddenReason: "含有辱骂内容" },
    });
    const audit = await services.deps.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.action, "enquiry_message.hide"), eq(auditEntries.targetId, String(abusive.id))));
    expect(audit).toMatchObject([{ actorId: admin.account.id, reason: "含有辱骂内容" }]);
  });

  it("[NOTICE] interest, batched messages, and a strong match announced once per need and achievement", async () => {
    const { owner, firm, enquiryId } = await negotiation("Notice test");
    // Enquiring is interest in the achievement; later messages are one notice per thread and hour.
    expect((await kindsFor(owner.account.id)).filter((k) => k.startsWith("achievement_"))).toEqual([
      "achievement_interest",
    ]);
    await as(firm).achievements.postMessage({ enquiryId, body: "补充一点。" });
    await as(firm).achievements.postMessage({ enquiryId, body: "再补充一点。" });
    expect((await kindsFor(owner.account.id)).filter((k) => k === "achievement_enquiry")).toHaveLength(1);
    clock.advanceHours(1);
    await as(firm).achievements.postMessage({ enquiryId, body: "一小时后。" });
    expect((await kindsFor(owner.account.id)).filter((k) => k === "achievement_enquiry")).toHaveLength(2);

    const poster = await enterprise("dongguan", "东莞新能源汽车电驱有限公司");
    const need = await as(poster).achievements.createNeed({
      title: "电驱模块需要更耐高温的碳化硅封装",
      problem: "现有焊料封装在175度以上失效，寻求碳化硅功率模块的低温烧结封装工艺。",
      sectors: ["半导体"],
      budgetMinYuan: null,
      budgetMaxYuan: null,
      timelineMonths: 12,
      minTrl: 6,
    });
    const researcher = await account("researcher", "shenzhen");
    const fresh = await as(researcher).achievements.create(
      achievementInput({ titleEn: "Match notice test", titleZh: "碳化硅功率模块低温烧结封装工艺" }),
    );
    const notices = await services.deps.db
      .select()
      .from(needMatchNotices)
      .where(and(eq(needMatchNotices.needId, need.id), eq(needMatchNotices.achievementId, fresh.id)));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.score).toBeGreaterThanOrEqual(60);
    const matched = async () =>
      (
        await services.deps.db
          .select({ params: notifications.params })
          .from(notifications)
          .where(and(eq(notifications.recipientId, poster.account.id), eq(notifications.kind, "achievement_match")))
      ).filter((n) => String(n.params.achievement).includes("Match notice test"));
    expect(await matched()).toHaveLength(1);
    // Republishing the same achievement does not tell the poster again.
    await as(researcher).achievements.update({
      ...achievementInput({ titleEn: "Match notice test", titleZh: "碳化硅功率模块低温烧结封装工艺", trl: 7 }),
      achievementId: fresh.id,
      baseVersion: 1,
    });
    expect(await matched()).toHaveLength(1);
    // A weak match (another field entirely) is not announced.
    const unrelated = await as(researcher).achievements.create(
      achievementInput({
        titleEn: "Rice breeding",
        titleZh: "耐盐碱水稻育种方法",
        summaryZh: "盐碱地水稻高产育种。",
        summaryEn: "High-yield rice for saline soil.",
        sectors: ["农业"],
      }),
    );
    expect(
      await services.deps.db.select().from(needMatchNotices).where(eq(needMatchNotices.achievementId, unrelated.id)),
    ).toEqual([]);
  });
});
