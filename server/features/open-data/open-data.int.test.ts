import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { strFromU8, unzipSync } from "fflate";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeys, auditEntries, openDataDumps } from "@/db/schema";
import { createMemoryRateLimitStore } from "@/server/infra/rate-limit";
import { ballotProject, ballotSettings, freshRegions, insertAccounts, makeChair } from "@/server/testing/ballots";
import { callerFor, createTestAccount, createTestServices, type TestServices } from "@/server/testing/fixtures";
import { proposalInput, startProject } from "@/server/testing/projects";
import { toChinaLocal } from "@/server/features/meetings/rules";
import { castVote } from "@/server/features/ballots";
import { anonymousReader, readOpenData } from "./api-router";
import { apiLimits } from "./contract";
import { runDumpPass } from "./dumps";
import { createOpenDataHandler } from "./http-router";

let services: TestServices;
let server: Server;
let base: string;
let dumpsDir: string;
const db = process.env.DATABASE_URL ? "postgres" : "pglite";

/** What the test made: public things the API must show and private ones it must never reveal. */
const made = {
  publicProjectId: 0,
  draftProjectId: 0,
  draftTitle: "Secret draft: Qingdao–Yantai ocean sensor consortium",
  topicId: 0,
  visibleComment: "Shared test beds would halve the cost for both cities.",
  hiddenComment: "This hidden comment names a private phone number 13800000000.",
  ballotProjectId: 0,
  secretBallotId: 0,
  loneVoterId: 0,
  publicMeetingTitle: "Open innovation forum on ocean sensors",
  privateMeetingTitle: "Closed coordination meeting on budget shares",
  publishedDealYuan: 3_690_001,
  hiddenDealYuan: 4_810_002,
  draftDealBuyer: "Buyer of a draft's deal",
};

beforeAll(async () => {
  services = await createTestServices();
  const deps = services.deps;
  const moderator = await createTestAccount(deps.db, { role: "moderator" });
  const [a, b] = await freshRegions(deps.db, 2);
  const researcher = await createTestAccount(deps.db, { role: "researcher", regionCode: a!.code });
  const input = proposalInput(() => 0, { leadRegionId: a!.id, partnerRegionIds: [b!.id] });
  made.publicProjectId = (await startProject(deps, researcher, input)).id;
  made.draftProjectId = (
    await startProject(deps, researcher, { ...input, title: made.draftTitle }, { submit: false })
  ).id;

  // A topic with a visible comment and a hidden one.
  const asResearcher = callerFor(deps, researcher.user);
  const forum = (await callerFor(deps, null).forums.list())[0]!;
  const topic = await asResearcher.topics.create({
    forumId: forum.id,
    title: "Shared ocean test beds",
    body: "Why not?",
  });
  made.topicId = topic.id;
  const threadId = (await callerFor(deps, null).topics.byId({ topicId: topic.id })).threadId;
  await asResearcher.comments.add({ threadId, body: made.visibleComment, stance: "support" });
  const hidden = await asResearcher.comments.add({ threadId, body: made.hiddenComment, stance: "concern" });
  await callerFor(deps, moderator.user).moderation.hide({
    targetKind: "comment",
    targetId: hidden.id,
    reason: "Personal data",
  });

  // A closed secret ballot with a region of one voter, whose cell must never be shown.
  const setup = await ballotProject(deps, { members: [3, 1], plans: 1 });
  made.ballotProjectId = setup.projectId;
  const chair = setup.members[0]![0]!;
  made.secretBallotId = (
    await callerFor(deps, chair.user).ballots.open(
      ballotSettings(setup.projectId, { rule: "simple_majority", visibility: "secret" }),
    )
  ).id;
  const voters = setup.members.flat();
  made.loneVoterId = setup.members[1]![0]!.account.id;
  for (const voter of voters) {
    await castVote(deps, voter.user, {
      ballotId: made.secretBallotId,
      choices: [{ planId: setup.planIds[0]!, choice: "approve" }],
    });
  }
  await callerFor(deps, chair.user).ballots.close({ ballotId: made.secretBallotId });

  // A public forum (closed, so its record is open) and a members-only coordination meeting.
  const [meetingChair] = await insertAccounts(deps.db, a!.id, 1);
  await makeChair(deps.db, meetingChair!);
  const asChair = callerFor(deps, meetingChair!.user);
  const at = (h: number) => toChinaLocal(new Date(Date.now() + h * 3_600_000));
  const forumMeeting = await asChair.meetings.create({
    kind: "forum",
    titleZh: "海洋传感器开放创新论坛",
    titleEn: made.publicMeetingTitle,
    hostRegionId: a!.id,
    startsAt: at(24),
    endsAt: at(26),
    publicPage: true,
  } as never);
  await asChair.meetings.transition({ meetingId: forumMeeting.meetingId, action: "schedule" });
  await asChair.meetings.create({
    kind: "coordination",
    titleZh: "预算分担闭门协调会",
    titleEn: made.privateMeetingTitle,
    hostRegionId: a!.id,
    startsAt: at(30),
    endsAt: at(31),
  } as never);

  // Three deals: one whose value both sides published, one the buyer kept private, one on a draft.
  const firm = await createTestAccount(deps.db, { role: "researcher", regionCode: b!.code });
  const achievement = (publish: boolean) =>
    asResearcher.achievements.create({
      kind: "software",
      titleZh: "海洋传感数据平台",
      titleEn: "Ocean sensing data platform",
      summaryZh: "多源海洋传感数据的汇聚与质控。",
      summaryEn: "Gathers and checks data from many ocean sensors.",
      trl: 7,
      ipStatus: "none",
      ipNumber: null,
      transferModes: ["licence"],
      priceYuan: null,
      sectors: [],
      owners: [{ organisation: "Ocean institute", regionId: a!.id }],
      publish,
      originProjectId: null,
    });
  const shown = await achievement(true);
  const draft = await achievement(false);
  const { enquiryId } = await callerFor(deps, firm.user).achievements.enquire({
    achievementId: shown.id,
    needId: null,
    body: "Licence terms?",
  });
  const deal = { mode: "licence" as const, buyerRegionId: b!.id, publishValue: true, signedOn: "2026-10-01" };
  const both = await asResearcher.achievements.recordTransfer({
    ...deal,
    achievementId: shown.id,
    enquiryId,
    buyerOrganisation: "Coastal sensors Ltd",
    valueYuan: made.publishedDealYuan,
  });
  await callerFor(deps, firm.user).achievements.publishTransferValue({ transferId: both.id, publish: true });
  await asResearcher.achievements.recordTransfer({
    ...deal,
    achievementId: shown.id,
    enquiryId: null,
    buyerOrganisation: "Harbour works",
    valueYuan: made.hiddenDealYuan,
  });
  await asResearcher.achievements.recordTransfer({
    ...deal,
    achievementId: draft.id,
    enquiryId: null,
    buyerOrganisation: made.draftDealBuyer,
    valueYuan: 1,
  });

  dumpsDir = await mkdtemp(path.join(tmpdir(), "xietong-open-data-"));
  const handler = createOpenDataHandler({
    deps,
    rateLimits: createMemoryRateLimitStore(),
    dumpsDir,
    version: "test",
    logger: pino({ level: "silent" }),
  });
  server = createServer((req, res) => {
    // One address per test (x-test-address), so one test's use of the anonymous limit does not spill into another.
    const address = req.headers["x-test-address"];
    req.headers["x-xietong-client-ip"] = typeof address === "string" ? address : "203.0.113.7";
    void handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await services?.close();
  if (dumpsDir) await rm(dumpsDir, { recursive: true, force: true });
});

const get = (p: string, headers: Record<string, string> = {}) => fetch(`${base}${p}`, { headers });
const json = async (p: string, headers: Record<string, string> = {}) => {
  const res = await get(p, headers);
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, res };
};

describe(`open-data API (${db})`, () => {
  it("[OPEN-DATA] lists a public project but never a draft, in the list, by id or in any page", async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page = await json(`/projects?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(page.status).toBe(200);
      const items = page.body.items as { id: number }[];
      expect(items.length).toBeLessThanOrEqual(1);
      seen.push(...items.map((p) => p.id));
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    expect(seen).toContain(made.publicProjectId);
    expect(seen).not.toContain(made.draftProjectId);
    expect(new Set(seen).size).toBe(seen.length);
    expect((await json(`/projects/${made.publicProjectId}`)).body).toMatchObject({
      id: made.publicProjectId,
      status: "submitted",
    });
    const draft = await json(`/projects/${made.draftProjectId}`, { "accept-language": "en" });
    expect(draft.status).toBe(404);
    expect(JSON.stringify(draft.body)).not.toContain(made.draftTitle);
    // Viewer flags of the page never reach the API.
    expect(JSON.stringify((await json(`/projects/${made.publicProjectId}`)).body)).not.toContain("viewer");
  });

  it("[OPEN-DATA] shows a topic's visible comments, never a hidden one", async () => {
    const page = await json(`/topics/${made.topicId}/comments`);
    expect(page.status).toBe(200);
    const text = JSON.stringify(page.body);
    expect(text).toContain("Shared test beds");
    expect(text).not.toContain("13800000000");
    expect((page.body.items as unknown[]).length).toBe(1);
  });

  it("[OPEN-DATA] a secret ballot's result gives tallies only: no receipts, no voters, the lone voter's cell suppressed", async () => {
    const page = await json(`/projects/${made.ballotProjectId}/ballot-results`);
    expect(page.status).toBe(200);
    const [result] = page.body.items as Record<string, unknown>[];
    expect(result).toMatchObject({ ballotId: made.secretBallotId, visibility: "secret", outcome: "agreement" });
    expect(result).not.toHaveProperty("receipts");
    expect(result).not.toHaveProperty("votes");
    expect(typeof result!.digest).toBe("string");
    const plan = (result!.plans as { regions: Record<string, unknown>[] }[])[0]!;
    expect(plan.regions.find((r) => r.electorate === 1)).toMatchObject({ approve: null, suppressed: true });
    expect(JSON.stringify(page.body)).not.toMatch(new RegExp(`"(voterId|accountId)":${made.loneVoterId}\\b`));
  });

  it("[OPEN-DATA] lists public meetings only", async () => {
    const page = await json(`/meetings?when=upcoming`);
    const titles = (page.body.items as { titleEn: string }[]).map((m) => m.titleEn);
    expect(titles).toContain(made.publicMeetingTitle);
    expect(titles).not.toContain(made.privateMeetingTitle);
  });

  it("[OPEN-DATA] answers a weak ETag and 304 when it matches; bad input is a 400 in the caller's language", async () => {
    const first = await get("/forums");
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^W\/"/);
    expect((await get("/forums", { "if-none-match": etag! })).status).toBe(304);
    expect((await get("/forums", { "if-none-match": 'W/"other"' })).status).toBe(200);
    const zh = await json("/projects?limit=500", { "accept-language": "zh-CN" });
    const en = await json("/projects?limit=500", { "accept-language": "en" });
    expect(zh.status).toBe(400);
    expect((zh.body.error as { message: string }).message).toMatch(/[\u4e00-\u9fff]/);
    expect((en.body.error as { message: string }).message).toMatch(/100/);
    expect((await json("/projects?cursor=nonsense")).status).toBe(400);
    expect((await json("/nowhere")).status).toBe(404);
  });

  it("[OPEN-DATA] the deals feed pages public deals, a value only when both sides published it, never a draft's deal", async () => {
    const items: Record<string, unknown>[] = [];
    let cursor: string | null = null;
    do {
      const page = await json(`/deals?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(page.status).toBe(200);
      items.push(...(page.body.items as Record<string, unknown>[]));
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    expect(items.map((d) => [d.buyerOrganisation, d.valueYuan])).toEqual([
      ["Coastal sensors Ltd", made.publishedDealYuan],
      ["Harbour works", null],
    ]);
    const text = JSON.stringify(items);
    expect(text).not.toContain(String(made.hiddenDealYuan));
    expect(text).not.toContain(made.draftDealBuyer);
    expect(text).not.toContain("buyerAccountId");
  });

  it("[OPEN-DATA] serves an OpenAPI document naming every endpoint", async () => {
    const doc = await json("/openapi.json");
    expect(doc.body.openapi).toBe("3.1.0");
    expect(Object.keys(doc.body.paths as object)).toEqual(
      expect.arrayContaining(["/projects", "/projects/{id}", "/topics/{id}/comments", "/meetings", "/deals", "/dumps"]),
    );
  });

  it("[OPEN-DATA] limits anonymous callers per address; an admin's key gets its own higher limit until revoked", async () => {
    const admin = await createTestAccount(services.deps.db, { role: "admin" });
    const asAdmin = callerFor(services.deps, admin.user);
    const { id, key } = await asAdmin.openData.issueKey({ name: "Research institute", perMinute: 100 });
    expect(key).toMatch(/^xt_/);
    // Only the hash is stored.
    const [row] = await services.deps.db.select().from(apiKeys).where(eq(apiKeys.id, id));
    expect(JSON.stringify(row)).not.toContain(key);

    let last: Response | null = null;
    const crowded = { "x-test-address": "198.51.100.9" };
    for (let i = 0; i < apiLimits.anonymousPerMinute + 1; i += 1) last = await get("/recommendations?limit=1", crowded);
    expect(last!.status).toBe(429);
    expect(last!.headers.get("retry-after")).toBe("60");
    const refused = (await last!.json()) as { error: { reason: string; message: string } };
    expect(refused.error.reason).toBe("RATE_LIMITED");

    const withKey = await get("/recommendations?limit=1", { ...crowded, authorization: `Bearer ${key}` });
    expect(withKey.status).toBe(200);
    expect(withKey.headers.get("x-ratelimit-limit")).toBe("100");
    expect((await get("/recommendations?limit=1", { "x-api-key": key })).status).toBe(200);
    const [used] = await services.deps.db.select().from(apiKeys).where(eq(apiKeys.id, id));
    expect(used!.lastUsedAt).not.toBeNull();

    await asAdmin.openData.revokeKey({ keyId: id });
    const revoked = await json("/recommendations", { authorization: `Bearer ${key}`, "accept-language": "en" });
    expect(revoked.status).toBe(401);
    expect((revoked.body.error as { message: string }).message).toMatch(/key/i);
    const audit = await services.deps.db
      .select({ action: auditEntries.action })
      .from(auditEntries)
      .where(and(eq(auditEntries.targetType, "api_key"), eq(auditEntries.targetId, String(id))));
    expect(audit.map((a) => a.action).sort()).toEqual(["api_key.issue", "api_key.revoke"]);
    // Keys are for admins only.
    const researcher = await createTestAccount(services.deps.db, { role: "researcher" });
    await expect(callerFor(services.deps, researcher.user).openData.keys()).rejects.toThrow();
  });

  it("[OPEN-DATA] a dump an admin asks for holds the same public data as CSV and JSON, is listed and downloads", async () => {
    const admin = await createTestAccount(services.deps.db, { role: "admin" });
    await callerFor(services.deps, admin.user).openData.requestDump();
    // Before the nightly hour only the requested dump is written.
    const early = () => new Date("2030-01-01T01:00:00Z");
    const written = await runDumpPass({ db: services.deps.db, now: early, dir: dumpsDir, keep: 2 }, (onDataset) =>
      readOpenData(anonymousReader(services.deps), onDataset),
    );
    expect(written).toBe(1);
    const [dump] = await services.deps.db.select().from(openDataDumps);
    expect(dump).toMatchObject({ status: "done", trigger: "manual", progress: 9, total: 9 });

    const list = await json("/dumps");
    const items = list.body.items as { url: string; fileName: string; counts: Record<string, number> }[];
    expect(items).toHaveLength(1);
    expect(items[0]!.counts.projects).toBeGreaterThanOrEqual(2);
    const download = await fetch(`${base.replace("/api/v1", "")}${items[0]!.url}`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/zip");
    const files = unzipSync(new Uint8Array(await download.arrayBuffer()));
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining(["projects.csv", "projects.json", "comments.json", "deals.csv", "deals.json"]),
    );
    const everything = Object.values(files)
      .map((f) => strFromU8(f))
      .join("\n");
    expect(everything).toContain(made.visibleComment.slice(0, 20));
    expect(everything).not.toContain(made.draftTitle);
    expect(everything).not.toContain("13800000000");
    expect(everything).toContain(String(made.publishedDealYuan));
    expect(everything).not.toContain(String(made.hiddenDealYuan));
    expect(everything).not.toContain(made.draftDealBuyer);
    expect(everything).not.toContain(made.privateMeetingTitle);
    expect(everything).not.toContain("receipts");
    const projects = JSON.parse(strFromU8(files["projects.json"]!)) as { id: number }[];
    expect(projects.map((p) => p.id)).toContain(made.publicProjectId);
    expect(strFromU8(files["projects.csv"]!).split("\r\n")[0]).toContain("budgetYuan");

    // A name the database does not list is never opened.
    expect((await get("/dumps/..%2F..%2Fetc%2Fpasswd")).status).toBe(404);
    expect((await get("/dumps/xietong-open-data-20300101T000000Z-999.zip")).status).toBe(404);

    // After the nightly hour a nightly dump is queued once a day and written; only `keep` are kept.
    const late = () => new Date("2030-01-01T03:00:00Z");
    const pass = () =>
      runDumpPass({ db: services.deps.db, now: late, dir: dumpsDir, keep: 1 }, (onDataset) =>
        readOpenData(anonymousReader(services.deps), onDataset),
      );
    expect(await pass()).toBe(1);
    expect(await pass()).toBe(0);
    const rows = await services.deps.db.select().from(openDataDumps);
    expect(rows.map((r) => r.trigger)).toEqual(["nightly"]);
  });
});
