import { randomBytes } from "node:crypto";
import { count, eq, isNull, sql } from "drizzle-orm";
import type { SessionUser } from "@/server/infra/auth/session";
import { createRecordingPublisher } from "@/server/infra/realtime/publisher";
import { addComment, reactToComment } from "@/server/features/deliberation";
import { insertAccount } from "@/server/features/accounts";
import type { ServiceDeps } from "@/server/infra/deps";
import { createTopic } from "@/server/features/deliberation";
import { inviteCoauthor, respondToInvitation } from "@/server/features/projects";
import { changeProjectStatus } from "@/server/features/projects";
import { createProject } from "@/server/features/projects";
import { participatingRegionIds, proposePlan } from "@/server/features/ballots";
import { castVote } from "@/server/features/ballots";
import { closeBallot } from "@/server/features/ballots";
import { openBallot } from "@/server/features/ballots";
import { fileReport } from "@/server/features/moderation";
import { flushVoteNotices } from "@/server/features/ballots";
import { seedDemoMeetings } from "./cycle/meetings";
import { seedDemoFund } from "./cycle/fund";
import { seedDemoAchievements } from "./cycle/achievements";
import { seedDemoTalent } from "./partners/talent";
import type { Stance } from "@/shared/vocabulary";
import { seedDemoOpinions } from "./cycle/opinions";
import { seedDemoAlliances } from "./partners/alliances";
import type { Db } from "@/db/client";
import { accounts, events, forums, regions, topics, type Role } from "@/db/schema/index";

/** Voices from other regions so a demo shows a real cross-regional picture; they cannot sign in. */
const participants: { email: string; displayName: string; organisation: string; role: Role; region: string }[] = [
  {
    email: "qingdao.member@demo.xietong.cn",
    displayName: "刘洋 Liu Yang",
    organisation: "青岛市科技局",
    role: "member",
    region: "qingdao",
  },
  {
    email: "suzhou.member@demo.xietong.cn",
    displayName: "周婷 Zhou Ting",
    organisation: "苏州工业园区管委会",
    role: "member",
    region: "suzhou",
  },
  {
    email: "dongguan.member@demo.xietong.cn",
    displayName: "黄志强 Huang Zhiqiang",
    organisation: "东莞市发展和改革局",
    role: "member",
    region: "dongguan",
  },
  {
    email: "tianjin.member@demo.xietong.cn",
    displayName: "Anna Wu",
    organisation: "Tianjin Binhai Science Park",
    role: "member",
    region: "tianjin",
  },
  {
    email: "yantai.researcher@demo.xietong.cn",
    displayName: "孙海 Sun Hai",
    organisation: "烟台高端装备研究院",
    role: "researcher",
    region: "yantai",
  },
  // Every region a demo project spans has a voting member, so its ballot can open.
  {
    email: "shenzhen.member@demo.xietong.cn",
    displayName: "吴芳 Wu Fang",
    organisation: "深圳市科技创新局",
    role: "member",
    region: "shenzhen",
  },
  {
    email: "yantai.member@demo.xietong.cn",
    displayName: "马骏 Ma Jun",
    organisation: "烟台市科学技术局",
    role: "member",
    region: "yantai",
  },
];

interface DemoComment {
  by: string;
  stance: Stance;
  body: string;
  replyTo?: number;
  measure?: { code: string; text: string };
}

interface DemoTopic {
  forum: string;
  by: string;
  title: string;
  body: string;
  comments: DemoComment[];
}

const topicsToSeed: DemoTopic[] = [
  {
    forum: "coordination-mechanisms",
    by: "member@demo.xietong.cn",
    title: "跨城市群联席会议：轮值主办还是常设秘书处？",
    body: "长三角的领导小组运作多年，珠三角和山东半岛也在探索类似机制。\n\n想请各地谈谈：**跨城市群**的联席会议，应当由各地轮值主办，还是设立常设秘书处？",
    comments: [
      {
        by: "qingdao.member@demo.xietong.cn",
        stance: "support",
        body: "支持设立常设秘书处。轮值模式下议题容易中断，跟踪落实需要固定班子。",
      },
      {
        by: "dongguan.member@demo.xietong.cn",
        stance: "concern",
        body: "顾虑在于常设机构的经费由谁承担。建议先明确分摊办法，再谈机构设置。",
        replyTo: 0,
      },
      {
        by: "suzhou.member@demo.xietong.cn",
        stance: "amendment",
        body: "建议在举措中写明会商频次和议题征集方式。",
        measure: { code: "4.1-b", text: "联席会议每季度召开一次，议题提前一个月向各地区公开征集。" },
      },
      {
        by: "tianjin.member@demo.xietong.cn",
        stance: "question",
        body: "How would decisions be recorded so that each region can report back to its own government?",
      },
    ],
  },
  {
    forum: "innovation-investment",
    by: "researcher@demo.xietong.cn",
    title: "集成电路联合攻关专项资金的申报门槛",
    body: "深圳与东莞在芯片设计、封装测试上分工明确。建议专项资金允许**研发在一地、制造在另一地**的项目联合申报。",
    comments: [
      {
        by: "dongguan.member@demo.xietong.cn",
        stance: "support",
        body: "完全赞同，东莞的制造企业很需要与深圳研发团队绑定申报的通道。",
      },
      {
        by: "member@demo.xietong.cn",
        stance: "question",
        body: "资金拨付按项目牵头地还是按实际支出地？这关系到地方配套比例。",
      },
      {
        by: "yantai.researcher@demo.xietong.cn",
        stance: "concern",
        body: "担心门槛只照顾大企业，建议为中小企业保留一定比例。",
      },
    ],
  },
  {
    forum: "talent-mobility",
    by: "qingdao.member@demo.xietong.cn",
    title: "青岛—烟台海洋科技人才双聘试点",
    body: "青岛的海洋科研院所与烟台的装备制造企业合作紧密，建议试点科研人员**双聘**，社保和职称在两地互认。",
    comments: [
      {
        by: "yantai.researcher@demo.xietong.cn",
        stance: "support",
        body: "烟台企业欢迎双聘，关键是职称评审结果互认。",
      },
      { by: "suzhou.member@demo.xietong.cn", stance: "support", body: "苏州与上海之间也可以参照这一做法。" },
    ],
  },
];

interface DemoProject {
  by: string;
  /** One accepted co-proposer per partner region, in the same order as `partners`. */
  coauthors: string[];
  lead: string;
  partners: string[];
  recommendations: number[];
  title: string;
  summary: string;
  body: string;
  outcomes: string;
  budgetYuan: number;
  durationMonths: number;
  tags: string[];
}

const projectsToSeed: DemoProject[] = [
  {
    by: "researcher@demo.xietong.cn",
    coauthors: ["dongguan.member@demo.xietong.cn", "member@demo.xietong.cn"],
    lead: "shenzhen",
    partners: ["dongguan", "shanghai"],
    recommendations: [2, 3],
    title: "深莞车规级芯片研发与中试联合项目",
    summary: "深圳负责车规级芯片设计与验证，东莞提供封装测试与中试产线，缩短从样片到量产的周期。",
    body: "## 分工\n\n- **深圳**：芯片架构设计、可靠性验证\n- **东莞**：封装测试、中试线改造\n\n## 进度\n\n第一年完成样片，第二年进入中试。",
    outcomes: "两款车规级芯片完成认证；东莞中试线年产能达到十万片。",
    budgetYuan: 36_000_000,
    durationMonths: 30,
    tags: ["集成电路", "智能制造"],
  },
  {
    by: "qingdao.member@demo.xietong.cn",
    coauthors: ["yantai.researcher@demo.xietong.cn"],
    lead: "qingdao",
    partners: ["yantai"],
    recommendations: [1, 4],
    title: "青烟海洋观测装备共研共享平台",
    summary: "青岛的海洋科学团队与烟台的装备制造企业共建观测装备测试平台，科研设施和数据两地共享。",
    body: "依托青岛的**海洋科学**研究力量和烟台的高端装备制造能力，联合研制深远海观测浮标，并向两地科研人员开放测试海域与数据。",
    outcomes: "建成一处共享测试海域；形成三项装备标准；两地联合培养工程师五十名。",
    budgetYuan: 18_500_000,
    durationMonths: 24,
    tags: ["海洋科学", "高端装备"],
  },
];

async function seedDemoProjects(
  deps: ServiceDeps,
  asUser: (email: string) => SessionUser,
  regionId: (code: string) => number,
): Promise<number[]> {
  const ids: number[] = [];
  const recommendationRows = await deps.db.query.recommendations.findMany();
  for (const seed of projectsToSeed) {
    const proposer = asUser(seed.by);
    const project = await createProject(deps, proposer, {
      title: seed.title,
      summary: seed.summary,
      body: seed.body,
      expectedOutcomes: seed.outcomes,
      budgetYuan: seed.budgetYuan,
      durationMonths: seed.durationMonths,
      tags: seed.tags,
      recommendations: seed.recommendations.filter((n) => recommendationRows.some((r) => r.number === n)),
      leadRegionId: regionId(seed.lead),
      partnerRegionIds: seed.partners.map(regionId),
    });
    for (const email of seed.coauthors) {
      const coauthor = asUser(email);
      await inviteCoauthor(deps, proposer, { projectId: project.id, accountId: coauthor.id });
      await respondToInvitation(deps, coauthor, { projectId: project.id, response: "accept" });
    }
    await changeProjectStatus(deps, proposer, project.id, "submit");
    ids.push(project.id);
  }
  return ids;
}

/** Equal costs; the benefit leans towards the region at `favoured` (basis points, each column 10 000). */
function demoShares(regionIds: readonly number[], favoured: number) {
  const base = Math.floor(10_000 / regionIds.length);
  const rest = 10_000 - base * regionIds.length;
  const small = regionIds.length === 1 ? 0 : Math.floor(4_000 / (regionIds.length - 1));
  return regionIds.map((regionId, i) => ({
    regionId,
    costBp: base + (i === 0 ? rest : 0),
    benefitBp: regionIds.length === 1 ? 10_000 : i === favoured ? 10_000 - small * (regionIds.length - 1) : small,
  }));
}

/**
 * The two demo ballots, both opened by the demo member, who chairs the coordination body: one open
 * with some votes (the chair is in its electorate and has not voted), and one closed early by the
 * chair once both its regions met quorum, so a result shows. Kept in one function,
 * through the real use-cases, so ballot rules added later apply here too.
 */
export async function seedDemoBallots(
  deps: ServiceDeps,
  asUser: (email: string) => SessionUser,
  projects: { open: number; closed: number },
): Promise<{ openBallotId: number; closedBallotId: number }> {
  const day = 86_400_000;
  const plansFor = async (projectId: number, author: SessionUser, rationales: string[]) => {
    const regionIds = await participatingRegionIds(deps.db, projectId);
    for (const [i, rationale] of rationales.entries()) {
      await proposePlan(deps, author, { projectId, shares: demoShares(regionIds, i % regionIds.length), rationale });
    }
  };

  const chair = asUser("member@demo.xietong.cn");
  await plansFor(projects.open, asUser("researcher@demo.xietong.cn"), [
    "成本均摊，收益向牵头地区深圳倾斜。",
    "成本均摊，收益向中试所在地东莞倾斜。",
  ]);
  const open = await openBallot(deps, chair, {
    projectId: projects.open,
    closesAt: new Date(deps.now().getTime() + 5 * day),
    rule: "regional_consent",
    quorumBp: 5_000,
    visibility: "secret",
    showRunningTallies: false,
  });
  const [leadPlan, partnerPlan] = open.planIds as [number, number];
  await castVote(deps, asUser("shenzhen.member@demo.xietong.cn"), {
    ballotId: open.id,
    choices: [
      { planId: leadPlan, choice: "approve" },
      { planId: partnerPlan, choice: "abstain" },
    ],
  });
  await castVote(deps, asUser("dongguan.member@demo.xietong.cn"), {
    ballotId: open.id,
    choices: [
      { planId: leadPlan, choice: "reject" },
      { planId: partnerPlan, choice: "approve" },
    ],
  });

  await plansFor(projects.closed, asUser("qingdao.member@demo.xietong.cn"), ["青岛承担平台建设，收益按投入比例分享。"]);
  const closing = await openBallot(deps, chair, {
    projectId: projects.closed,
    closesAt: new Date(deps.now().getTime() + 3 * day),
    rule: "regional_consent",
    quorumBp: 5_000,
    visibility: "secret",
    showRunningTallies: false,
  });
  // Each region's one member votes, so both met quorum and the chair may close before the time.
  for (const voter of [asUser("qingdao.member@demo.xietong.cn"), asUser("yantai.member@demo.xietong.cn")]) {
    await castVote(deps, voter, {
      ballotId: closing.id,
      choices: closing.planIds.map((planId) => ({ planId, choice: "approve" as const })),
    });
  }
  await closeBallot(deps, chair, closing.id);
  await flushVoteNotices(deps.publisher);
  return { openBallotId: open.id, closedBallotId: closing.id };
}

/** Short replies, enough of them that the topic's comments run to a second page. */
const longThread = {
  forum: "coordination-mechanisms",
  by: "tianjin.member@demo.xietong.cn",
  title: "Shared data standards for cross-regional research facilities / 跨区域科研设施的数据共享标准",
  body: "Large facilities in each cluster publish data in different formats. Which standard should a joint facility use first?\n\n各城市群大型设施的数据格式不一，联合设施应先采用哪种标准？",
  replies: [
    "先统一元数据，再谈格式。",
    "Metadata first: a common catalogue would already help researchers find data.",
    "长三角已有科学数据中心的经验，可以参考。",
    "Licensing terms matter as much as formats.",
    "建议按学科分批推进，海洋数据先行。",
    "Who pays for the conversion of legacy data?",
    "各地可按设施投入比例分担转换成本。",
    "A pilot with two facilities would show the real cost.",
    "青岛和烟台的观测数据可以作为试点。",
    "Access rules for companies should be written down early.",
    "企业使用数据应当有清晰的收费标准。",
    "Publish the standard in both Chinese and English.",
    "同意，双语文档便于国际合作。",
    "Set a review date so the standard does not go stale.",
    "建议每两年评估一次。",
    "Data security reviews should be mutual, not repeated in each region.",
    "安全审查结果互认能省下大量时间。",
    "The coordination office could keep the catalogue.",
    "常设秘书处正好可以承担这项工作。",
    "Training for data stewards in every region would help.",
    "各地高校可以开设数据管理员培训。",
    "Let us draft a proposal for the next joint meeting.",
    "赞成，下次联席会议提交草案。",
    "I will collect the formats in use in Tianjin.",
  ],
};

/** Demo mode only: a few topics, comments and reactions, written through the real use-cases. Idempotent. */
export async function seedDemoContent(db: Db): Promise<void> {
  const [existing] = await db.select({ n: count() }).from(topics);
  if ((existing?.n ?? 0) > 0) return;

  const regionRows = await db.select({ id: regions.id, code: regions.code }).from(regions);
  const regionId = (code: string) => regionRows.find((r) => r.code === code)?.id ?? 0;
  for (const person of participants) {
    const [found] = await db
      .select({ id: accounts.id })
      .from(accounts)
      .where(sql`lower(${accounts.email}) = ${person.email}`);
    if (found) continue;
    await db.transaction((tx) =>
      insertAccount(tx, {
        ...person,
        regionId: regionId(person.region),
        password: randomBytes(24).toString("base64url"),
      }),
    );
  }
  const people = await db.select().from(accounts);
  const asUser = (email: string): SessionUser => {
    const account = people.find((p) => p.email === email);
    if (!account) throw new Error(`demo account ${email} is missing`);
    return {
      id: account.id,
      role: account.role,
      regionId: account.regionId,
      displayName: account.displayName,
      locale: account.locale,
    };
  };

  const deps: ServiceDeps = { db, publisher: createRecordingPublisher(), now: () => new Date(), inviteTtlHours: 72 };
  const measureRows = await db.query.measures.findMany();
  for (const seed of topicsToSeed) {
    const [forum] = await db.select().from(forums).where(eq(forums.slug, seed.forum));
    if (!forum) continue;
    const topic = await createTopic(deps, asUser(seed.by), { forumId: forum.id, title: seed.title, body: seed.body });
    const posted: number[] = [];
    for (const comment of seed.comments) {
      const measure = comment.measure ? measureRows.find((m) => m.code === comment.measure?.code) : undefined;
      const created = await addComment(deps, asUser(comment.by), {
        threadId: topic.threadId,
        parentId: comment.replyTo === undefined ? null : (posted[comment.replyTo] ?? null),
        stance: comment.stance,
        body: comment.body,
        amendment: measure && comment.measure ? { measureId: measure.id, proposedText: comment.measure.text } : null,
      });
      posted.push(created.id);
    }
    for (const [index, commentId] of posted.entries()) {
      const reactors = people.filter((p) => p.id % 3 !== index % 3).slice(0, 4);
      for (const reactor of reactors) {
        await reactToComment(deps, asUser(reactor.email), {
          commentId,
          kind: (["agree", "agree", "disagree", "pass"] as const)[(reactor.id + index) % 4]!,
        });
      }
    }
  }
  const [forLongThread] = await db.select().from(forums).where(eq(forums.slug, longThread.forum));
  if (forLongThread) {
    const topic = await createTopic(deps, asUser(longThread.by), {
      forumId: forLongThread.id,
      title: longThread.title,
      body: longThread.body,
    });
    const speakers = participants.filter((p) => p.role === "member").map((p) => p.email);
    const stances: Stance[] = ["support", "question", "concern", "support"];
    let reported: number | null = null;
    for (const [i, body] of longThread.replies.entries()) {
      const comment = await addComment(deps, asUser(speakers[i % speakers.length]!), {
        threadId: topic.threadId,
        parentId: null,
        stance: stances[i % stances.length]!,
        body,
        amendment: null,
      });
      reported ??= comment.id;
    }
    // One open report, so the moderation queue has something to show.
    if (reported !== null) {
      await fileReport(deps, asUser("suzhou.member@demo.xietong.cn"), {
        targetKind: "comment",
        targetId: reported,
        reason: "off_topic",
        note: "与数据标准无关。",
      });
    }
  }
  const [chips, marine] = await seedDemoProjects(deps, asUser, regionId);
  // Before the meetings, so the forum's round table can put the round's common ground on its agenda.
  const fundRoundId = await seedDemoOpinions(deps, asUser);
  if (chips !== undefined && marine !== undefined) {
    const seeded = await seedDemoBallots(deps, asUser, { open: chips, closed: marine });
    await seedDemoMeetings(deps, asUser, {
      marineProjectId: marine,
      marineBallotId: seeded.closedBallotId,
      chipsProjectId: chips,
      chipsBallotId: seeded.openBallotId,
      fundRoundId,
    });
  }
  await seedDemoFund(deps, asUser);
  await seedDemoAchievements(deps, asUser);
  await seedDemoTalent(deps, asUser, regionId);
  await seedDemoAlliances(deps, { chips, marine });
  // Seeded before anyone could watch: nothing to broadcast, so the outbox sweeper may skip them.
  await db
    .update(events)
    .set({ publishedAt: sql`now()` })
    .where(isNull(events.publishedAt));
}

/** What the start command prints after the demo accounts: where a newcomer begins, and as whom. */
export function demoGuide(): string {
  return [
    "Try first:",
    `  1. Sign in as member@demo.xietong.cn → Projects → "${projectsToSeed[0]!.title}": its ballot is open; cast your vote (you chair it and may close it early).`,
    `  2. Projects → "${projectsToSeed[1]!.title}": a closed ballot and its result.`,
    `  3. Forums → "${longThread.title}": comments over two pages, one reported.`,
    "  4. Meetings: one in session now (you chair it), one closed with minutes and decisions, a public forum ahead; /decisions lists what was decided.",
    "  5. Sign in as moderator@demo.xietong.cn → Moderation: the open report.",
    "  6. Sign in as admin@demo.xietong.cn → Administration → Audit log: everything above, by whom.",
    "  The search box in the header finds projects, topics and comments in Chinese or English.",
  ].join("\n");
}
