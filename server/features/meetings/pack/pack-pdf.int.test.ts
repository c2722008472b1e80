import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PDFParse } from "pdf-parse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { accounts, meetings, topics } from "@/db/schema";
import { seedDemoAccounts } from "@/db/seed";
import { seedDemoAttachments } from "@/server/demo/cycle/attachments";
import { seedDemoContent } from "@/server/demo/demo-content";
import { AppError } from "@/server/errors";
import type { SessionUser } from "@/server/infra/auth/session";
import { hashPassword } from "@/server/infra/auth/password";
import { localStorage } from "@/server/infra/storage/local-storage";
import { createTestServices, type TestServices } from "@/server/testing/fixtures";
import { addAgendaItem } from "../agenda";
import { clearPackCache, meetingPackPdf } from "./pack-cache";
import { saveMinutes } from "../record/record";

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
  it("[PACK] the demo meeting's pack is a PDF with its Chinese title, agenda, minutes, decision and each region's result", async () => {
    const chair = await demoUser("member@demo.xietong.cn");
    const id = await meetingId(shandong);
    const zh = await meetingPackPdf(services.deps, chair, id, "zh-CN");
    expect(zh.content.subarray(0, 5).toString()).toBe("%PDF-");
    expect(zh.filename).toBe(`meeting-${id}-zh-CN.pdf`);
    const text = await textOf(zh.content);
    expect(text).toContain(shandong);
    expect(text).toContain("海洋装备联合中试平台收益分享方案");
    expect(text).toContain("科研设施数据共享标准");
    expect(text).toContain("报告人：青岛市科技局");
    expect(text).toContain("会议纪要");
    expect(text).toMatch(/表决 #\d+（已结束），各地区投票率/);
    expect(text).toMatch(/青岛：\d+ 人中 \d+ 人已投票/);
    expect(text).toMatch(/青岛：同意（赞成 \d+，反对 \d+，弃权 \d+）/);
    expect(text).toContain("出席情况");
    expect(text).toMatch(/青岛 · .+（现场参会），已签到/);
    expect(text).toMatch(/第 1 页，共 \d+ 页/);

    const en = await meetingPackPdf(services.deps, chair, id, "en");
    const english = await textOf(en.content);
    expect(english).toContain("Third Shandong Peninsula S&T coordination meeting");
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

  it("[PACK] the pack is cached until its content changes: new minutes or a new agenda item make a new one", async () => {
    const chair = await demoUser("member@demo.xietong.cn");
    const live = await meetingId("珠三角集成电路合作协调会议");
    const first = await meetingPackPdf(services.deps, chair, live, "zh-CN");
    const again = await meetingPackPdf(services.deps, chair, live, "zh-CN");
    expect(again.cached).toBe(true);
    expect(again.content).toBe(first.content);

    const [item] = (
      await services.deps.db.query.agendaItems.findMany({ where: (a, { eq }) => eq(a.meetingId, live) })
    ).sort((a, b) => a.position - b.position);
    await saveMinutes(services.deps, chair, { itemId: item!.id, minutes: "联合实验室将于下月挂牌。" });
    const afterMinutes = await meetingPackPdf(services.deps, chair, live, "zh-CN");
    expect(afterMinutes.cached).toBe(false);
    expect(afterMinutes.fingerprint).not.toBe(first.fingerprint);
    expect(await textOf(afterMinutes.content)).toContain("联合实验室将于下月挂牌。");

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
});
