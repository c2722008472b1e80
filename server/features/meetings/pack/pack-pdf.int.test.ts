import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PDFParse } from "pdf-parse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { accounts, forums, meetings, opinionRounds, topics } from "@/db/schema";
import { seedDemoAccounts } from "@/db/seed";
import { seedDemoAttachments } from "@/server/demo/cycle/attachments";
import { seedDemoContent } from "@/server/demo/demo-content";
import { AppError } from "@/server/errors";
import type { SessionUser } from "@/server/infra/auth/session";
import { hashPassword } from "@/server/infra/auth/password";
import { localStorage } from "@/server/infra/storage/local-storage";
import { createTestServices, type TestServices } from "@/server/testing/fixtures";
import { createTopic } from "@/server/features/deliberation/topics";
import { createRound } from "@/server/features/opinions/rounds";
import { roundChoices } from "@/server/features/opinions";
import { applyMeetingEvent } from "@/app/lib/live/meeting-view";
import { addAgendaItem, updateAgendaItem } from "../agenda";
import { getMeeting } from "../read-meetings";
import { saveMinutes } from "../record/record";
import { meetingPackData } from "./pack";
import { clearPackCache, meetingPackPdf, meetingPackPdfUnlessHeld } from "./pack-cache";

let services: TestServices;
let storageRoot = "";

beforeAll(async () => {
  services = await createTestServices();
  await seedDemoAccounts(services.deps.db, hashPassword);
  await seedDemoContent(services.deps.db);
  storageRoot = await mkdtemp(path.join(tmpdir(), "xietong-pack-"));
  await seedDemoAttachments(services.deps.db, localStorage(storageRoot));
  clearPackCache();
}, 240_000);
afterAll(async () => {
  await services?.close();
  if (storageRoot) await rm(storageRoot, { recursive: true, force: true });
});

async function demoUser(email: string): Promise<SessionUser> {
  const [a] = await services.deps.db.select().from(accounts).where(eq(accounts.email, email));
  if (!a) throw new Error(`no demo account ${email}`);
  return { id: a.id, role: a.role, regionId: a.regionId, displayName: a.displayName, locale: a.locale };
}

async function meetingId(titleZh: string) {
  const [m] = await services.deps.db.select({ id: meetings.id }).from(meetings).where(eq(meetings.titleZh, titleZh));
  return m!.id;
}

async function textOf(pdf: Buffer) {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    // pdf.js may split a line into runs: compare without the spaces it puts between them.
    return (await parser.getText()).text.replace(/[ \t]+/g, " ");
  } finally {
    await parser.destroy();
  }
}

const shandong = "山东半岛城市群第三次科技协调会议";

describe(`meeting pack PDF (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[PACK] the demo meeting's minutes pack is a PDF with its Chinese title, agenda, minutes, decisions, each region's answer and result", async () => {
    const chair = await demoUser("member@demo.xietong.cn");
    const id = await meetingId(shandong);
    const zh = await meetingPackPdf(services.deps, chair, id, "zh-CN", "minutes");
    expect(zh.content.subarray(0, 5).toString()).toBe("%PDF-");
    expect(zh.filename).toBe(`meeting-${id}-minutes-zh-CN.pdf`);
    const text = await textOf(zh.content);
    expect(text).toContain(`纪要材料包：${shandong}`);
    // The record as a whole is pending (Yantai has not answered on data standards); each region's answer.
    expect(text).toContain("会议记录：待确认");
    expect(text).toContain("青岛：已确认");
    expect(text).toContain("烟台：待答复");
    expect(text).toContain("海洋装备联合中试平台收益分享方案");
    expect(text).toContain("科研设施数据共享标准");
    expect(text).toContain("报告人：青岛市科技局");
    expect(text).toContain("会议纪要");
    expect(text).toMatch(/表决 #\d+（已结束），各地区投票率/);
    expect(text).toMatch(/青岛：\d+ 人中 \d+ 人已投票/);
    // The demo ballot is secret with one voter a region: the pack, like the ballot's page, shows no region's counts.
    expect(text).toContain("青岛：不显示票数（此次无记名表决中有地区投票人数少于 3）");
    expect(text).not.toMatch(/赞成 \d+/);
    expect(text).toContain("出席情况");
    expect(text).toMatch(/青岛 · .+（现场参会），已签到/);
    expect(text).toMatch(/第 1 页，共 \d+ 页/);

    // The agenda pack of the same meeting: the agenda and attendance, no minutes, no decisions.
    const agenda = await textOf((await meetingPackPdf(services.deps, chair, id, "zh-CN", "agenda")).content);
    expect(agenda).toContain(`议程材料包：${shandong}`);
    expect(agenda).toContain("报告人：青岛市科技局");
    expect(agenda).toContain("出席情况");
    expect(agenda).not.toContain("会议纪要");
    expect(agenda).not.toContain("会议记录：");
    expect(agenda).not.toContain("青岛：已确认");

    const en = await meetingPackPdf(services.deps, chair, id, "en", "minutes");
    const english = await textOf(en.content);
    expect(english).toContain("Minutes pack: Third Shandong Peninsula S&T");
    expect(english).toContain("Third Shandong Peninsula S&T coordination meeting");
    expect(english).toContain("The record: Awaiting confirmation");
    expect(english).toContain("Host region: Qingdao");
    expect(english).toMatch(/Page 1 of \d+/);
  }, 60_000);

  it("[PACK] a coordination meeting's pack is not found for a researcher or a signed-out reader", async () => {
    const id = await meetingId(shandong);
    const researcher = await demoUser("researcher@demo.xietong.cn");
    for (const reader of [researcher, null]) {
      const failure = await meetingPackPdf(services.deps, reader, id, "zh-CN").catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(AppError);
      expect((failure as AppError).code).toBe("NOT_FOUND");
    }
    // The public forum's pack is readable signed out.
    const forum = await meetingPackPdf(
      services.deps,
      null,
      await meetingId("长三角区域创新论坛：科技成果跨区域转化"),
      "zh-CN",
    );
    const forumText = await textOf(forum.content);
    expect(forumText).toContain("主旨报告：区域创新共同体");
    // The files the pack page lists, with their types.
    expect(forumText).toContain("论坛议程 Forum agenda.pdf（PDF 文档）");
  }, 60_000);

  it("[PACK] each pack is cached until its own content changes: new minutes make a new minutes pack, not a new agenda pack", async () => {
    const chair = await demoUser("member@demo.xietong.cn");
    const live = await meetingId("珠三角集成电路合作协调会议");
    const first = await meetingPackPdf(services.deps, chair, live, "zh-CN");
    const again = await meetingPackPdf(services.deps, chair, live, "zh-CN");
    expect(again.cached).toBe(true);
    expect(again.content).toBe(first.content);
    const minutesBefore = await meetingPackPdf(services.deps, chair, live, "zh-CN", "minutes");

    const [item] = (
      await services.deps.db.query.agendaItems.findMany({ where: (a, { eq }) => eq(a.meetingId, live) })
    ).sort((a, b) => a.position - b.position);
    await saveMinutes(services.deps, chair, { itemId: item!.id, minutes: "联合实验室将于下月挂牌。" });
    const afterMinutes = await meetingPackPdf(services.deps, chair, live, "zh-CN", "minutes");
    expect(afterMinutes.cached).toBe(false);
    expect(afterMinutes.fingerprint).not.toBe(minutesBefore.fingerprint);
    expect(await textOf(afterMinutes.content)).toContain("联合实验室将于下月挂牌。");
    const agendaAfter = await meetingPackPdf(services.deps, chair, live, "zh-CN");
    expect(agendaAfter.cached).toBe(true);
    expect(agendaAfter.etag).toBe(first.etag);

    const forum = await meetingId("长三角区域创新论坛：科技成果跨区域转化");
    const [topic] = await services.deps.db.query.topics.findMany({ orderBy: (t, { asc }) => asc(t.id), limit: 1 });
    const before = await meetingPackPdf(services.deps, chair, forum, "en");
    await addAgendaItem(services.deps, chair, {
      meetingId: forum,
      titleZh: "闭幕",
      titleEn: "Closing remarks",
      durationMinutes: 10,
      presenter: "",
      topicId: topic!.id,
      projectId: null,
      ballotId: null,
      roundId: null,
    });
    const [fund] = await services.deps.db
      .select({ id: topics.id })
      .from(topics)
      .where(eq(topics.title, "跨区域协同创新联合基金：投向哪里、怎么分配？"));
    await addAgendaItem(services.deps, chair, {
      meetingId: forum,
      titleZh: "联合基金意见征集",
      titleEn: "The joint fund's opinion round",
      durationMinutes: 15,
      presenter: "",
      topicId: fund!.id,
      projectId: null,
      ballotId: null,
      roundId: null,
    });
    const after = await meetingPackPdf(services.deps, chair, forum, "en");
    expect(after.cached).toBe(false);
    expect(after.fingerprint).not.toBe(before.fingerprint);
    const text = await textOf(after.content);
    expect(text).toContain("Closing remarks");
    // The linked topic's digest: its stance counts per region, as the forum's chair may see them.
    expect(text).toContain(`Topic: ${topic!.title}`);
    expect(text).toMatch(/: \d+ support, \d+ concern, \d+ question, \d+ amendment/);
    // A topic with an opinion round: its question, and what the regions agree on when its map exists.
    expect(text).toContain("Opinion round: 联合基金应该怎样出资、评审和分配？");
    expect(text).toContain("Common ground across regions");
    expect(text).toContain("Where the regions differ most");
  }, 60_000);

  it("[PACK] the PDF's ETag is its content: the same content answers not-modified without drawing, a change a new ETag", async () => {
    const chair = await demoUser("member@demo.xietong.cn");
    const live = await meetingId("珠三角集成电路合作协调会议");
    const first = await meetingPackPdfUnlessHeld(services.deps, chair, live, "en", "agenda", null);
    expect(first.notModified).toBe(false);
    expect(first.etag).toMatch(/^"agenda-en-[\w-]{22}"$/);
    const held = await meetingPackPdfUnlessHeld(services.deps, chair, live, "en", "agenda", first.etag);
    expect(held).toEqual({
      notModified: true,
      etag: first.etag,
      filename: first.filename,
      fingerprint: first.fingerprint,
    });
    // A list of tags, and the weak form of ours, match too; another language's does not.
    expect(
      (await meetingPackPdfUnlessHeld(services.deps, chair, live, "en", "agenda", `"x", W/${first.etag}`)).notModified,
    ).toBe(true);
    const zh = await meetingPackPdfUnlessHeld(services.deps, chair, live, "zh-CN", "agenda", first.etag);
    expect(zh.notModified).toBe(false);
    expect(zh.etag).not.toBe(first.etag);

    const [forum] = await services.deps.db
      .select({ id: meetings.id })
      .from(meetings)
      .where(eq(meetings.titleZh, "长三角区域创新论坛：科技成果跨区域转化"));
    const before = await meetingPackPdfUnlessHeld(services.deps, chair, forum!.id, "en", "agenda", null);
    await addAgendaItem(services.deps, chair, {
      meetingId: forum!.id,
      titleZh: "自由交流",
      titleEn: "Open floor",
      durationMinutes: 5,
      presenter: "",
      topicId: null,
      projectId: null,
      ballotId: null,
      roundId: null,
    });
    const after = await meetingPackPdfUnlessHeld(services.deps, chair, forum!.id, "en", "agenda", before.etag);
    expect(after.notModified).toBe(false);
    expect(after.etag).not.toBe(before.etag);
    if (after.notModified) throw new Error("unreachable");
    expect(await textOf(after.content)).toContain("Open floor");
  }, 60_000);

  it("[PACK] a meeting without minutes has no minutes pack", async () => {
    const chair = await demoUser("member@demo.xietong.cn");
    const forum = await meetingId("长三角区域创新论坛：科技成果跨区域转化");
    const failure = await meetingPackPdf(services.deps, chair, forum, "zh-CN", "minutes").catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).reason).toBe("PACK_NO_MINUTES");
    expect((await meetingPackData(services.deps.db, chair, forum, services.deps.now())).hasMinutes).toBe(false);
  }, 60_000);
});

describe(`agenda items link opinion rounds (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  const fundQuestion =
    "联合基金应该怎样出资、评审和分配？ / How should the joint fund be financed, reviewed and shared?";

  it("[AGENDA] the chair links a round they may see; the pack digests that round; a round they may not see is refused and left out", async () => {
    const { db } = services.deps;
    const chair = await demoUser("member@demo.xietong.cn");
    const admin = await demoUser("admin@demo.xietong.cn");
    const researcher = await demoUser("researcher@demo.xietong.cn");
    const moderator = await demoUser("moderator@demo.xietong.cn");
    const forum = await meetingId("长三角区域创新论坛：科技成果跨区域转化");
    const [fund] = await db.select().from(opinionRounds).where(eq(opinionRounds.question, fundQuestion));

    // A round on a topic held for review: its author and the moderators see it, the chair does not.
    const [place] = await db.select({ id: forums.id }).from(forums).where(eq(forums.slug, "innovation-investment"));
    const topic = await createTopic(services.deps, researcher, {
      forumId: place!.id,
      title: "待审核的议题：中试平台收费标准",
      body: "中试平台对外开放时如何收费，请各地区发表意见。",
    });
    const hiddenRound = await createRound(services.deps, moderator, {
      topicId: topic.id,
      question: "中试平台应当如何收费？",
      holdNewStatements: false,
      minVotes: 7,
    });
    await db.update(topics).set({ state: "held" }).where(eq(topics.id, topic.id));

    const choices = (await roundChoices(db, chair)).map((r) => r.id);
    expect(choices).toContain(fund!.id);
    expect(choices).not.toContain(hiddenRound.id);
    expect((await roundChoices(db, moderator)).map((r) => r.id)).toContain(hiddenRound.id);

    const item = {
      titleZh: "联合基金意见征集结果",
      titleEn: "What the joint fund's opinion round found",
      durationMinutes: 20,
      presenter: "",
      topicId: null,
      projectId: null,
      ballotId: null,
    };
    const linked = await addAgendaItem(services.deps, chair, { ...item, meetingId: forum, roundId: fund!.id });
    for (const roundId of [hiddenRound.id, 987_654]) {
      const refused = await addAgendaItem(services.deps, chair, { ...item, meetingId: forum, roundId }).catch(
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(AppError);
      expect((refused as AppError).reason).toBe("BAD_AGENDA_ROUND");
    }
    // The admin reviews held topics, so may link that round.
    const hiddenItem = await addAgendaItem(services.deps, admin, {
      ...item,
      titleZh: "中试平台收费",
      titleEn: "Pilot platform fees",
      meetingId: forum,
      roundId: hiddenRound.id,
    });
    // What the meeting stream carries says only that an item links a round, never which one.
    const streamed = hiddenItem.items.find((i) => i.id === hiddenItem.itemId)!;
    expect(streamed.roundLinked).toBe(true);
    expect(Object.keys(streamed)).not.toContain("roundId");

    // Only this test's items: the demo's own round table already links the fund's round.
    const ours = new Set([linked.itemId, hiddenItem.itemId]);
    const links = async (reader: SessionUser | null) =>
      (await getMeeting(db, reader, forum, services.deps.now())).roundLinks
        .filter((l) => ours.has(l.itemId))
        .map((l) => [l.itemId, l.roundId]);
    expect(await links(chair)).toEqual([[linked.itemId, fund!.id]]);
    expect(await links(null)).toEqual([[linked.itemId, fund!.id]]);
    expect(await links(admin)).toEqual([
      [linked.itemId, fund!.id],
      [hiddenItem.itemId, hiddenRound.id],
    ]);

    // The chair's pack digests the linked round itself: both kinds of common ground and the divisions,
    // with no figure under three people; the item linking the hidden round has no round digest at all.
    const pack = await meetingPackData(db, chair, forum, services.deps.now());
    const digest = pack.digests.find((d) => d.itemId === linked.itemId)!;
    expect(digest.round?.roundId).toBe(fund!.id);
    expect(digest.round?.question).toBe(fundQuestion);
    expect(digest.round?.voters).toBeGreaterThanOrEqual(3);
    expect(digest.round?.regionConsensus.length).toBeGreaterThan(0);
    expect(digest.round?.consensus.length).toBeGreaterThan(0);
    expect(digest.round?.divisive.length).toBeGreaterThan(0);
    expect(pack.digests.find((d) => d.itemId === hiddenItem.itemId)?.round).toBeNull();
    const chairText = await textOf((await meetingPackPdf(services.deps, chair, forum, "zh-CN")).content);
    expect(chairText).toContain("各地区的共识（各地区权重相同）");
    expect(chairText).toContain("各观点群体的共识");
    expect(chairText).not.toContain("中试平台应当如何收费？");

    // The admin's pack shows the held round, which has no map yet: so no figure.
    const adminPack = await meetingPackData(db, admin, forum, services.deps.now());
    const adminDigest = adminPack.digests.find((d) => d.itemId === hiddenItem.itemId)!;
    expect(adminDigest.round?.question).toBe("中试平台应当如何收费？");
    expect(adminDigest.round?.voters).toBeNull();
    expect(await textOf((await meetingPackPdf(services.deps, admin, forum, "en")).content)).toContain(
      "Opinion round: 中试平台应当如何收费？",
    );

    // Retitling a linked item links no new round: its event says so, and each reader's page, applying
    // it without a read, holds what that reader reads next. Relinking it to another round needs a read.
    const readers = [admin, chair, null];
    const read = (reader: SessionUser | null) => getMeeting(db, reader, forum, services.deps.now());
    const before = await Promise.all(readers.map(read));
    const edit = async (roundId: number) => {
      const from = services.deps.publisher.published.length;
      await updateAgendaItem(services.deps, admin, {
        ...item,
        itemId: hiddenItem.itemId,
        titleZh: "中试平台收费标准",
        titleEn: "Pilot platform fee scale",
        roundId,
      });
      return services.deps.publisher.published.slice(from).filter((e) => e.stream === `meeting:${forum}`);
    };
    const retitled = await edit(hiddenRound.id);
    expect(retitled.find((e) => e.type === "meeting:agenda-changed")?.payload).toMatchObject({ roundLinkAdded: false });
    for (const [i, reader] of readers.entries()) {
      let view = { ...before[i]!, headSeq: 0 };
      for (const event of retitled) {
        const applied = applyMeetingEvent(view, event);
        expect(applied.refetch).toBe(false);
        view = applied.view;
      }
      expect(view).toEqual({ ...(await read(reader)), headSeq: retitled.at(-1)!.seq });
    }
    const relinked = await edit(fund!.id);
    expect(relinked.find((e) => e.type === "meeting:agenda-changed")?.payload).toMatchObject({ roundLinkAdded: true });
  }, 90_000);
});
