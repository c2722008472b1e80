import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { inferRouterInputs } from "@trpc/server";
import type { CreateProjectInput } from "./contract";
import {
  callerFor,
  createFrozenClock,
  createTestAccount,
  createTestServices,
  regionIdsByCode,
  type TestAccount,
  type TestServices,
} from "@/server/testing/fixtures";
import { putToVote } from "@/server/testing/ballots";
import { proposalInput, startProject } from "@/server/testing/projects";
import { callFailure } from "@/server/testing/trpc-errors";
import type { AppRouter } from "@/server/trpc/root";

type ListInput = inferRouterInputs<AppRouter>["projects"]["list"];

let services: TestServices;
let regionId: (code: string) => number;
let clusterId: (code: string) => number;
let proposer: TestAccount;
/** Project ids by a short name; see the table in beforeAll. */
const ids: Record<string, number> = {};

const signedOut = () => callerFor(services.deps, null);

beforeAll(async () => {
  services = await createTestServices();
  regionId = await regionIdsByCode(services.deps.db);
  const clusters = await signedOut().reference.regions();
  clusterId = (code) => clusters.find((c) => c.code === code)!.id;
  proposer = await createTestAccount(services.deps.db, { role: "researcher", regionCode: "qingdao" });
  const member = await createTestAccount(services.deps.db, { role: "member", regionCode: "shanghai" });
  const clock = createFrozenClock(new Date("2026-04-01T00:00:00Z"));
  const deps = { ...services.deps, now: clock.now };
  const r = (code: string) => regionId(code);

  const table: Array<[string, Partial<CreateProjectInput>, "submitted" | "voting" | "withdrawn" | "draft"]> = [
    [
      "marine",
      {
        title: "Qingdao–Yantai marine equipment",
        summary: "Sea trials and buoys",
        body: "青岛与烟台共建**海洋科学**装备平台。",
        leadRegionId: r("qingdao"),
        partnerRegionIds: [r("yantai")],
        recommendations: [3],
        tags: ["Marine Science", "海洋"],
        budgetYuan: 80_000_000,
      },
      "submitted",
    ],
    [
      "chips",
      {
        title: "Shenzhen–Dongguan chip packaging",
        summary: "Advanced packaging line",
        body: "Integrated circuit packaging for the delta.",
        leadRegionId: r("shenzhen"),
        partnerRegionIds: [r("dongguan")],
        recommendations: [2],
        tags: ["integrated circuits"],
        budgetYuan: 120_000_000,
      },
      "voting",
    ],
    [
      "biomed",
      {
        title: "Shanghai–Suzhou clinical trials",
        summary: "Shared trial network",
        body: "Biomedicine 生物医药 trials across three cities.",
        leadRegionId: r("shanghai"),
        partnerRegionIds: [r("suzhou"), r("hangzhou")],
        recommendations: [1, 2],
        tags: ["biomedicine"],
        budgetYuan: 300_000_000,
      },
      "submitted",
    ],
    [
      "ocean-ai",
      {
        title: "Beijing ocean data models",
        summary: "Artificial intelligence for sea data",
        body: "Models trained on 海洋数据 from Qingdao; 100% open, snake_case APIs.",
        leadRegionId: r("beijing"),
        partnerRegionIds: [r("qingdao"), r("tianjin")],
        recommendations: [4],
        tags: ["AI"],
        budgetYuan: 50_000_000,
      },
      "withdrawn",
    ],
    [
      "sensors",
      {
        title: "Shenzhen–Qingdao ocean sensors",
        summary: "Sensors made in the delta",
        body: "Chips from Shenzhen and Dongguan in Qingdao's sea sensors.",
        leadRegionId: r("shenzhen"),
        partnerRegionIds: [r("qingdao"), r("dongguan")],
        recommendations: [2, 3],
        tags: ["marine science", "sensors"],
        budgetYuan: 10_000_000,
      },
      "submitted",
    ],
    [
      "secret",
      {
        title: "Secret draft",
        summary: "Not yet",
        body: "未公开的海洋科学草案",
        leadRegionId: r("yantai"),
        partnerRegionIds: [r("qingdao")],
        recommendations: [3],
        tags: ["marine science"],
        budgetYuan: 999_000_000,
      },
      "draft",
    ],
  ];
  for (const [name, overrides, status] of table) {
    const project = await startProject(deps, proposer, proposalInput(regionId, overrides), {
      submit: status !== "draft",
    });
    ids[name] = project.id;
    if (status === "voting") await putToVote(deps, member, project.id);
    if (status === "withdrawn") await callerFor(deps, proposer.user).projects.withdraw({ projectId: project.id });
    clock.advanceSeconds(60);
  }
});
afterAll(async () => {
  await services?.close();
});

const name = (id: number) => Object.entries(ids).find(([, v]) => v === id)?.[0] ?? `#${id}`;

async function found(input: ListInput, caller = signedOut()) {
  const page = await caller.projects.list({ limit: 50, ...input });
  expect(page.nextCursor).toBeNull();
  return page.items.map((item) => name(item.id));
}

describe(`projects router: finding projects (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[SEARCH] a Chinese query finds Chinese text inside longer words, and drafts stay hidden", async () => {
    expect(await found({ q: "海洋" })).toEqual(["ocean-ai", "marine"]);
    expect(await found({ q: "海洋科学" })).toEqual(["marine"]);
    expect(await found({ q: "生物医药" })).toEqual(["biomed"]);
    expect(await found({ q: "海洋科学", mine: true }, callerFor(services.deps, proposer.user))).toEqual([
      "secret",
      "marine",
    ]);
  });

  it("[SEARCH] English matches case-insensitively in title, summary, body and tags; every word must occur", async () => {
    expect(await found({ q: "MARINE" })).toEqual(["sensors", "marine"]);
    expect(await found({ q: "Packaging" })).toEqual(["chips"]);
    expect(await found({ q: "artificial" })).toEqual(["ocean-ai"]);
    expect(await found({ q: "biomedicine" })).toEqual(["biomed"]);
    expect(await found({ q: "  packaging   integrated " })).toEqual(["chips"]);
    expect(await found({ q: "packaging biomedicine" })).toEqual([]);
    expect(await found({ q: "sensors 青岛" })).toEqual([]);
    expect(await found({ q: "sensors qingdao" })).toEqual(["sensors"]);
    // Full-width Latin typed with a Chinese input method finds the same.
    expect(await found({ q: "ＰＡＣＫＡＧＩＮＧ" })).toEqual(["chips"]);
  });

  it("[SEARCH] LIKE wildcards in a query are literal characters", async () => {
    expect(await found({ q: "100%" })).toEqual(["ocean-ai"]);
    expect(await found({ q: "snake_case" })).toEqual(["ocean-ai"]);
    expect(await found({ q: "%" })).toEqual(["ocean-ai"]);
    expect(await found({ q: "sn_ke" })).toEqual([]);
    expect(await found({ q: "   " })).toHaveLength(5);
  });

  it("[SEARCH] an edit is searchable at once, and the old text no longer matches", async () => {
    // Regions, recommendation and budget of its own, so the filters below do not meet it.
    const project = await startProject(
      services.deps,
      proposer,
      proposalInput(regionId, {
        title: "Hydrogen corridor",
        body: "氢能走廊 hydrogen",
        leadRegionId: regionId("hebei"),
        partnerRegionIds: [regionId("tianjin")],
        recommendations: [4],
        tags: ["hydrogen"],
        budgetYuan: 1_000,
      }),
    );
    ids.hydrogen = project.id;
    expect(await found({ q: "氢能" })).toEqual([name(project.id)]);
    await callerFor(services.deps, proposer.user).projects.update({
      projectId: project.id,
      body: "燃料电池 fuel cells",
    });
    expect(await found({ q: "氢能" })).toEqual([]);
    expect(await found({ q: "燃料电池" })).toEqual([name(project.id)]);
    await callerFor(services.deps, proposer.user).projects.withdraw({ projectId: project.id });
    expect(await found({ q: "燃料电池", status: "submitted" })).toEqual([]);
  });

  it("[FILTER] by region (lead or partner), city cluster, recommendation, status and tag — and combined", async () => {
    expect(await found({ regionId: regionId("qingdao") })).toEqual(["sensors", "ocean-ai", "marine"]);
    expect(await found({ regionId: regionId("dongguan") })).toEqual(["sensors", "chips"]);
    expect(await found({ clusterId: clusterId("sdp") })).toEqual(["sensors", "ocean-ai", "marine"]);
    expect(await found({ clusterId: clusterId("prd") })).toEqual(["sensors", "chips"]);
    expect(await found({ clusterId: clusterId("yrd") })).toEqual(["biomed"]);
    expect(await found({ recommendation: 2 })).toEqual(["sensors", "biomed", "chips"]);
    expect(await found({ recommendation: 5 })).toEqual([]);
    expect(await found({ status: "voting" })).toEqual(["chips"]);
    expect(await found({ status: "withdrawn" })).toContain("ocean-ai");
    expect(await found({ status: "draft" })).toEqual([]);
    expect(await found({ tag: "  Marine SCIENCE " })).toEqual(["sensors", "marine"]);
    expect(await found({ tag: "海洋" })).toEqual(["marine"]);
    expect(
      await found({ regionId: regionId("qingdao"), status: "submitted", recommendation: 3, q: "sensors" }),
    ).toEqual(["sensors"]);
  });

  it("[SORT] newest first, by budget, and by most discussed; items carry regions and recommendations", async () => {
    const base: ListInput = { status: "submitted", regionId: null };
    expect(await found({ ...base, sort: "newest", clusterId: null })).toEqual(["sensors", "biomed", "marine"]);
    expect(await found({ ...base, sort: "budget", clusterId: null })).toEqual(["biomed", "marine", "sensors"]);
    const byBudget = (await signedOut().projects.list({ sort: "budget", limit: 50 })).items;
    expect(byBudget.slice(0, 2).map((p) => name(p.id))).toEqual(["biomed", "chips"]);
    expect(byBudget.every((p, i) => i === 0 || byBudget[i - 1]!.budgetYuan >= p.budgetYuan)).toBe(true);

    const commenter = await createTestAccount(services.deps.db, { role: "member", regionCode: "beijing" });
    const threadOf = async (n: string) => (await signedOut().projects.get({ projectId: ids[n]! })).threadId;
    for (const [n, times] of [
      ["marine", 2],
      ["chips", 3],
      ["sensors", 1],
    ] as const) {
      for (let i = 0; i < times; i += 1)
        await callerFor(services.deps, commenter.user).comments.add({
          threadId: await threadOf(n),
          body: `Comment ${i}`,
          stance: "question",
        });
    }
    const discussed = await signedOut().projects.list({ sort: "discussed", limit: 50 });
    expect(discussed.items.slice(0, 3).map((p) => [name(p.id), p.commentCount])).toEqual([
      ["chips", 3],
      ["marine", 2],
      ["sensors", 1],
    ]);

    const item = (await signedOut().projects.list({ q: "sensors qingdao" })).items[0]!;
    expect(item).toMatchObject({
      title: "Shenzhen–Qingdao ocean sensors",
      status: "submitted",
      budgetYuan: 10_000_000,
      leadRegion: { code: "shenzhen" },
      recommendations: [2, 3],
      tags: ["marine science", "sensors"],
      proposer: { id: proposer.account.id },
    });
    expect(item.partnerRegions.map((r) => r.code).sort()).toEqual(["dongguan", "qingdao"]);
  });

  it("[PAGING] pages of two visit every project once in each sort; a forged cursor is BAD_REQUEST", async () => {
    for (const sort of ["newest", "budget", "discussed"] as const) {
      const whole = (await signedOut().projects.list({ sort, limit: 50 })).items.map((p) => p.id);
      const paged: number[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Array<{ id: number }>; nextCursor: string | null } = await signedOut().projects.list({
          sort,
          limit: 2,
          cursor,
        });
        paged.push(...page.items.map((p) => p.id));
        cursor = page.nextCursor;
      } while (cursor !== null);
      expect(paged).toEqual(whole);
    }
    const forged = Buffer.from(JSON.stringify({ at: "yesterday", id: 1 })).toString("base64url");
    expect(await callFailure(signedOut().projects.list({ sort: "newest", cursor: forged }))).toMatchObject({
      code: "BAD_REQUEST",
      reason: "BAD_CURSOR",
    });
  });
});

describe(`projects router: region and cluster dashboards (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  const code = (id: number) =>
    ["qingdao", "yantai", "shenzhen", "dongguan", "beijing", "tianjin", "shanghai", "suzhou", "hangzhou"].find(
      (c) => regionId(c) === id,
    );

  it("[DASHBOARD] a region: projects by status, budget requested, and the regions it works with", async () => {
    const board = await signedOut().projects.regionDashboard({ regionCode: "Qingdao" });
    expect(board.region).toMatchObject({ code: "qingdao", cluster: { code: "sdp" } });
    const counts = Object.fromEntries(board.byStatus.map((s) => [s.status, s.projects]));
    // The draft it partners in is private and not counted.
    expect(counts).toMatchObject({ submitted: 2, voting: 0, withdrawn: 1, approved: 0 });
    expect(board.byStatus.map((s) => s.status)).toEqual([
      "submitted",
      "voting",
      "approved",
      "rejected",
      "archived",
      "withdrawn",
    ]);
    expect(board.totals).toMatchObject({ activeProjects: 2, budgetRequestedYuan: 90_000_000, asLead: 1, asPartner: 1 });
    // Equal counts are ordered by region id, which follows the seed order.
    expect(board.partners.map((p) => [p.region.code, p.projects])).toEqual([
      ["shenzhen", 1],
      ["dongguan", 1],
      ["yantai", 1],
    ]);
    const links = board.network.links.map((l) => [code(l.a), code(l.b), l.projects]);
    expect(links).toContainEqual(["shenzhen", "dongguan", 1]);
    expect(board.network.nodes.map((n) => n.code).sort()).toEqual(["dongguan", "qingdao", "shenzhen", "yantai"]);
  });

  it("[DASHBOARD] a cluster: its regions' projects, per region, and links inside and beyond it", async () => {
    const board = await signedOut().projects.clusterDashboard({ clusterCode: "prd" });
    expect(board.cluster.code).toBe("prd");
    expect(board.regions.map((r) => r.code)).toEqual(["shenzhen", "dongguan"]);
    expect(Object.fromEntries(board.byStatus.map((s) => [s.status, s.projects]))).toMatchObject({
      submitted: 1,
      voting: 1,
    });
    expect(board.totals).toMatchObject({ activeProjects: 2, budgetRequestedYuan: 130_000_000 });
    expect(board.perRegion).toEqual([
      { region: expect.objectContaining({ code: "shenzhen" }), asLead: 2, asPartner: 0, leadBudgetYuan: 130_000_000 },
      { region: expect.objectContaining({ code: "dongguan" }), asLead: 0, asPartner: 2, leadBudgetYuan: 0 },
    ]);
    const links = board.network.links.map((l) => [code(l.a), code(l.b), l.projects]);
    expect(links[0]).toEqual(["shenzhen", "dongguan", 2]);
    expect(links).toContainEqual(["shenzhen", "qingdao", 1]);
    expect(board.crossClusterLinks.map((l) => [code(l.a), code(l.b)])).toEqual([
      ["shenzhen", "qingdao"],
      ["dongguan", "qingdao"],
    ]);
  });

  it("[DASHBOARD] an unknown region or cluster is NOT_FOUND", async () => {
    expect(await callFailure(signedOut().projects.regionDashboard({ regionCode: "atlantis" }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await callFailure(signedOut().projects.clusterDashboard({ clusterCode: "nowhere" }))).toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
