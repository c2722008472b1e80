import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEntries, moderationActions, notifications, type Role } from "@/db/schema";
import { streamKey } from "@/server/domain/stream-access";
import { streamVisibleTo } from "@/server/features/access";
import { applyNegotiationEvent } from "@/app/lib/live/enquiry-thread";
import {
  callerFor,
  createFrozenClock,
  createTestAccount,
  createTestServices,
  regionIdsByCode,
  type TestAccount,
  type TestClock,
  type TestServices,
} from "@/server/testing/fixtures";
import { achievementInput, enterpriseAccount } from "@/server/testing/achievements";
import { callFailure } from "@/server/testing/trpc-errors";

let services: TestServices;
let clock: TestClock;
let regionId: (code: string) => number;

beforeAll(async () => {
  clock = createFrozenClock(new Date("2026-12-02T09:00:00Z"));
  services = await createTestServices({ now: () => clock.now() });
  regionId = await regionIdsByCode(services.deps.db);
});
afterAll(async () => {
  await services?.close();
});

const as = (who: TestAccount | null) => callerFor(services.deps, who?.user ?? null);
const account = (role: Role, regionCode: string) => createTestAccount(services.deps.db, { role, regionCode });

/** A negotiation whose owner answers once politely and once abusively. */
async function negotiation(titleEn: string) {
  const owner = await account("researcher", "shenzhen");
  const achievement = await as(owner).achievements.create(achievementInput(regionId, { titleEn }));
  const firm = await enterpriseAccount(services.deps, "dongguan", "东莞电驱");
  const { enquiryId } = await as(firm).achievements.enquire({
    achievementId: achievement.id,
    needId: null,
    body: "我们想了解许可条件，报价的保密细节如下：每件 12 万元。",
  });
  await as(owner).achievements.postMessage({ enquiryId, body: "可以，先签保密协议。" });
  await as(owner).achievements.postMessage({ enquiryId, body: "你们这种公司根本不配谈合作，滚。" });
  const thread = await as(firm).achievements.enquiry({ enquiryId });
  return { owner, firm, enquiryId, thread, abusive: thread.messages.at(-1)! };
}

const enquiryEvents = (enquiryId: number) =>
  services.deps.publisher.published.filter((e) => e.stream === streamKey({ kind: "enquiry", id: enquiryId }));

describe("moderating a negotiation message", () => {
  it("[REPORT] a party reports; the queue shows that message alone; the hide reaches the parties live", async () => {
    const { owner, firm, enquiryId, thread, abusive } = await negotiation("Moderated negotiation");
    const moderator = await account("moderator", "beijing");
    const onlooker = await account("researcher", "suzhou");

    // Only a party has read the message, so only a party may report it; an outsider learns nothing.
    const outsider = await callFailure(
      as(onlooker).moderation.report({ targetKind: "enquiry_message", targetId: abusive.id, reason: "abusive" }),
    );
    expect(outsider.code).toBe("NOT_FOUND");
    expect(
      (
        await callFailure(
          as(owner).moderation.report({ targetKind: "enquiry_message", targetId: abusive.id, reason: "abusive" }),
        )
      ).reason,
    ).toBe("CANNOT_REPORT_OWN");
    await as(firm).moderation.report({
      targetKind: "enquiry_message",
      targetId: abusive.id,
      reason: "abusive",
      note: "人身攻击",
    });

    const queue = await as(moderator).moderation.queue({ order: "newest" });
    const item = queue.items.find((i) => i.targetKind === "enquiry_message" && i.targetId === abusive.id)!;
    expect(item).toBeDefined();
    expect(item.item.bodyHtml).toContain("滚");
    expect(item.item.path).toBeNull();
    expect(item.author?.id).toBe(owner.account.id);
    expect(item.context).toEqual({ where: "", entries: [] });
    // Nothing else of the private thread is in the queue: not the other messages, not the asker's quote.
    const shown = JSON.stringify(item);
    for (const other of thread.messages.filter((m) => m.id !== abusive.id)) expect(shown).not.toContain(other.body!);
    expect(shown).not.toContain("12 万元");

    // The moderator still cannot read the thread, nor follow its stream.
    expect((await callFailure(as(moderator).achievements.enquiry({ enquiryId }))).code).toBe("NOT_FOUND");
    expect(await streamVisibleTo(services.deps.db, moderator.user, { kind: "enquiry", id: enquiryId })).toBe(false);
    expect(await streamVisibleTo(services.deps.db, firm.user, { kind: "enquiry", id: enquiryId })).toBe(true);

    const before = enquiryEvents(enquiryId).length;
    await as(moderator).moderation.hide({
      targetKind: "enquiry_message",
      targetId: abusive.id,
      reason: "人身攻击",
    });
    for (const party of [firm, owner]) {
      const seen = (await as(party).achievements.enquiry({ enquiryId })).messages;
      expect(seen.find((m) => m.id === abusive.id)).toMatchObject({ body: null, hiddenReason: "人身攻击" });
      // The other messages are untouched.
      expect(seen.filter((m) => m.body !== null)).toHaveLength(thread.messages.length - 1);
    }
    // The page applies the event's payload to what it holds: the same placeholder, no refetch.
    const events = enquiryEvents(enquiryId).slice(before);
    expect(events.map((e) => e.type)).toEqual(["enquiry:message-hidden"]);
    const applied = applyNegotiationEvent(
      { ...thread, headSeq: 0 },
      {
        ...events[0]!,
        seq: 1,
        at: new Date().toISOString(),
      },
    );
    expect(applied.refetch).toBe(false);
    expect(applied.view.messages.find((m) => m.id === abusive.id)).toMatchObject({
      body: null,
      hiddenReason: "人身攻击",
    });

    // Audited, in the author's moderation history, and both the author and the reporter are told.
    const audit = await services.deps.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.action, "moderation.hide"), eq(auditEntries.targetId, String(abusive.id))));
    expect(audit).toMatchObject([{ actorId: moderator.account.id, targetType: "enquiry_message", reason: "人身攻击" }]);
    const history = await services.deps.db
      .select()
      .from(moderationActions)
      .where(eq(moderationActions.subjectAccountId, owner.account.id));
    expect(history).toMatchObject([{ action: "hide", targetType: "enquiry_message", targetId: abusive.id }]);
    const kinds = async (accountId: number) =>
      (
        await services.deps.db
          .select({ kind: notifications.kind, link: notifications.link })
          .from(notifications)
          .where(eq(notifications.recipientId, accountId))
      ).filter((n) => n.kind === "content_hidden" || n.kind === "report_resolved");
    expect(await kinds(owner.account.id)).toEqual([
      { kind: "content_hidden", link: `/achievements/enquiries/${enquiryId}` },
    ]);
    expect(await kinds(firm.account.id)).toEqual([{ kind: "report_resolved", link: "/moderation/my-reports" }]);
    expect(
      (await as(moderator).moderation.queue({ order: "newest" })).items.some(
        (i) => i.targetKind === "enquiry_message" && i.targetId === abusive.id,
      ),
    ).toBe(false);

    // Shown again, the message comes back whole on the stream.
    await as(moderator).moderation.restore({ targetKind: "enquiry_message", targetId: abusive.id, reason: "误判" });
    expect((await as(firm).achievements.enquiry({ enquiryId })).messages.at(-1)).toMatchObject({
      id: abusive.id,
      body: abusive.body,
      hiddenAt: null,
    });
    expect(enquiryEvents(enquiryId).at(-1)).toMatchObject({
      type: "enquiry:message-restored",
      payload: { message: { id: abusive.id, body: abusive.body } },
    });
  });

  it("[DISMISS] a moderator dismisses a report: the message stays, the reporter is told", async () => {
    const { owner, firm, enquiryId, thread } = await negotiation("Dismissed report");
    const moderator = await account("moderator", "beijing");
    const polite = thread.messages.at(-2)!;
    await as(firm).moderation.report({ targetKind: "enquiry_message", targetId: polite.id, reason: "spam" });
    // Acting on it is moderators' work; a party cannot hide a message.
    expect(
      (
        await callFailure(
          as(owner).moderation.hide({ targetKind: "enquiry_message", targetId: polite.id, reason: "x" }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    const before = enquiryEvents(enquiryId).length;
    const dismissed = await as(moderator).moderation.dismiss({
      targetKind: "enquiry_message",
      targetId: polite.id,
      reason: "正常的商务沟通",
    });
    expect(dismissed.dismissed).toBe(1);
    expect((await as(owner).achievements.enquiry({ enquiryId })).messages.at(-2)).toMatchObject({
      id: polite.id,
      body: polite.body,
    });
    // Nothing changed in the thread, so its parties' pages hear nothing.
    expect(enquiryEvents(enquiryId).length).toBe(before);
    const [report] = await as(firm).moderation.myReports();
    expect(report).toMatchObject({ targetKind: "enquiry_message", targetId: polite.id, status: "dismissed" });
  });

  it("[PARTY] a moderator who is a party to the negotiation cannot act on the other side's message; another can", async () => {
    const owner = await account("researcher", "shenzhen");
    const achievement = await as(owner).achievements.create(achievementInput(regionId, { titleEn: "Party moderator" }));
    const askingModerator = await account("moderator", "dongguan");
    const { enquiryId } = await as(askingModerator).achievements.enquire({
      achievementId: achievement.id,
      needId: null,
      body: "我们想了解许可条件。",
    });
    await as(owner).achievements.postMessage({ enquiryId, body: "先付定金再谈，不然免谈。" });
    const message = (await as(owner).achievements.enquiry({ enquiryId })).messages.at(-1)!;
    await as(askingModerator).moderation.report({
      targetKind: "enquiry_message",
      targetId: message.id,
      reason: "abusive",
    });

    const refused = await callFailure(
      as(askingModerator).moderation.hide({ targetKind: "enquiry_message", targetId: message.id, reason: "辱骂" }),
    );
    expect(refused).toMatchObject({ code: "FORBIDDEN", reason: "PRIVATE_PARTY" });
    expect(
      (
        await callFailure(
          as(askingModerator).moderation.dismiss({ targetKind: "enquiry_message", targetId: message.id, reason: "无" }),
        )
      ).reason,
    ).toBe("PRIVATE_PARTY");
    // Nothing changed: the message is still there for both sides, and another moderator may act.
    expect((await as(owner).achievements.enquiry({ enquiryId })).messages.at(-1)!.hiddenAt).toBeNull();
    const other = await account("moderator", "beijing");
    await as(other).moderation.hide({ targetKind: "enquiry_message", targetId: message.id, reason: "威胁性语言" });
    expect((await as(owner).achievements.enquiry({ enquiryId })).messages.at(-1)!.hiddenAt).not.toBeNull();
  });
});
