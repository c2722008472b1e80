import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { accounts, regions } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import { advanceCall, createCall } from "@/server/features/fund/calls";
import { decidePortfolio } from "@/server/features/fund/portfolio";
import { addMilestone, completeMilestone } from "@/server/features/fund/milestones";
import { recordOutcome } from "@/server/features/fund/outcomes";
import { postProgress, recordDisbursement } from "@/server/features/fund/results";
import { assignReviewer, declareNoConflict, setReviewer, submitReview } from "@/server/features/fund/reviews";
import { submitProposal } from "@/server/features/fund/submissions";
import { participatingRegionIds, proposePlan } from "@/server/features/ballots/plans/benefit-plans";
import { insertAccount } from "@/server/features/accounts/create-account";
import type { ServiceDeps } from "@/server/infra/deps";
import { inviteCoauthor, respondToInvitation } from "@/server/features/projects/project-coauthors";
import { changeProjectStatus } from "@/server/features/projects/project-status";
import { createProject } from "@/server/features/projects/projects";

/**
 * The joint fund's demo (issue #19): one awarded call funded by every region and the centre, five
 * proposals with reviews, a portfolio chosen within every contribution, milestones, progress and
 * payments; and a second call still open, so the demo researcher can submit. Written through the
 * real use-cases, so the fund's rules apply to the demo as to anyone.
 */

const teams: { code: string; organisation: string; name: string }[] = [
  { code: "shanghai", organisation: "上海集成电路研发中心", name: "周岚 Zhou Lan" },
  { code: "suzhou", organisation: "苏州纳米所", name: "顾一鸣 Gu Yiming" },
  { code: "hangzhou", organisation: "杭州生物医药创新中心", name: "沈佳 Shen Jia" },
  { code: "shenzhen", organisation: "深圳先进封装研究院", name: "黄涛 Huang Tao" },
  { code: "dongguan", organisation: "东莞松山湖材料实验室", name: "叶文 Ye Wen" },
  { code: "beijing", organisation: "北京氢能研究院", name: "刘畅 Liu Chang" },
  { code: "tianjin", organisation: "天津大学", name: "孙悦 Sun Yue" },
  { code: "hebei", organisation: "河北氢能装备公司", name: "马骏 Ma Jun" },
  { code: "qingdao", organisation: "青岛海洋科学与技术中心", name: "于海 Yu Hai" },
  { code: "yantai", organisation: "烟台海工装备集团", name: "曲波 Qu Bo" },
];

const reviewers = [
  { email: "reviewer1@demo.xietong.cn", name: "许宁 Xu Ning", organisation: "中国科学技术大学", code: "hangzhou" },
  { email: "reviewer2@demo.xietong.cn", name: "郭琳 Guo Lin", organisation: "南京大学", code: "suzhou" },
  { email: "reviewer3@demo.xietong.cn", name: "邓远 Deng Yuan", organisation: "山东大学", code: "qingdao" },
];

const proposals = [
  {
    title: "长三角 EDA 工具链联合攻关",
    summary: "上海与苏州联合研发芯片设计工具链的关键环节，向区域内设计企业开放试用。",
    lead: "shanghai",
    partners: ["suzhou"],
    recommendations: [2],
    budgetYuan: 30_000_000,
    costs: [6000, 4000],
    scores: [
      [5, 4, 4],
      [4, 4, 5],
    ],
  },
  {
    title: "深莞先进封装中试平台",
    summary: "深圳负责封装设计，东莞负责中试与检测，共建面向中小企业的先进封装中试平台。",
    lead: "shenzhen",
    partners: ["dongguan"],
    recommendations: [2],
    budgetYuan: 40_000_000,
    costs: [5500, 4500],
    scores: [
      [4, 5, 4],
      [5, 4, 4],
    ],
  },
  {
    title: "京津冀氢能装备联合验证",
    summary: "北京研发、天津测试、河北制造，联合验证氢能重卡关键装备。",
    lead: "beijing",
    partners: ["tianjin", "hebei"],
    recommendations: [3],
    budgetYuan: 36_000_000,
    costs: [4000, 3000, 3000],
    scores: [
      [4, 3, 3],
      [2, 2, 2],
    ],
  },
  {
    title: "青烟深远海观测数据共享网络",
    summary: "青岛与烟台共建观测浮标网络，数据向两地科研机构开放。",
    lead: "qingdao",
    partners: ["yantai"],
    recommendations: [4],
    budgetYuan: 18_000_000,
    costs: [5000, 5000],
    scores: [
      [4, 4, 3],
      [3, 4, 4],
    ],
  },
  {
    title: "杭沪生物医药临床数据协作平台",
    summary: "杭州与上海医疗机构共享脱敏临床数据，支撑创新药联合研发。",
    lead: "hangzhou",
    partners: ["shanghai"],
    recommendations: [1],
    budgetYuan: 25_000_000,
    costs: [5000, 5000],
    scores: [
      [3, 4, 3],
      [4, 3, 3],
    ],
  },
];

const criteria = [
  { key: "merit", nameZh: "科学价值与创新性", nameEn: "Scientific merit and novelty", weight: 4 },
  { key: "joint", nameZh: "跨区域协同程度", nameEn: "Cross-regional collaboration", weight: 3 },
  { key: "feasibility", nameZh: "可行性与团队", nameEn: "Feasibility and team", weight: 3 },
];
const comments = ["目标清晰，技术路线可行。", "两地分工明确，互补性强。", "团队基础扎实，预算基本合理。"];

const day = 24 * 3_600_000;
const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * day).toISOString().slice(0, 10);

export async function seedDemoFund(deps: ServiceDeps, asUser: (email: string) => SessionUser): Promise<void> {
  const db = deps.db;
  const regionRows = await db.select({ id: regions.id, code: regions.code }).from(regions);
  const regionId = (code: string) => regionRows.find((r) => r.code === code)?.id ?? 0;
  const emailOf = (code: string) => `fund.${code}@demo.xietong.cn`;
  for (const person of [
    ...teams.map((t) => ({ email: emailOf(t.code), name: t.name, organisation: t.organisation, code: t.code })),
    ...reviewers,
  ]) {
    const [found] = await db
      .select({ id: accounts.id })
      .from(accounts)
      .where(sql`lower(${accounts.email}) = ${person.email}`);
    if (found) continue;
    await db.transaction((tx) =>
      insertAccount(tx, {
        email: person.email,
        displayName: person.name,
        organisation: person.organisation,
        role: "researcher",
        regionId: regionId(person.code),
        password: randomBytes(24).toString("base64url"),
      }),
    );
  }
  const people = await db
    .select({
      id: accounts.id,
      email: accounts.email,
      role: accounts.role,
      regionId: accounts.regionId,
      displayName: accounts.displayName,
      locale: accounts.locale,
    })
    .from(accounts);
  const user = (email: string): SessionUser => {
    const row = people.find((p) => p.email === email);
    if (!row) throw new Error(`demo account ${email} is missing`);
    return {
      id: row.id,
      role: row.role,
      regionId: row.regionId,
      displayName: row.displayName,
      locale: row.locale,
    };
  };
  const admin = asUser("admin@demo.xietong.cn");
  const chair = asUser("member@demo.xietong.cn");

  const everyRegion = regionRows.map((r) => r.code);
  // Enough for three of the five proposals: the centre's money is what binds, as in a real call.
  const contributions: Record<string, number> = {
    shanghai: 22_000_000,
    suzhou: 10_000_000,
    hangzhou: 10_000_000,
    shenzhen: 16_000_000,
    dongguan: 13_000_000,
    beijing: 11_000_000,
    tianjin: 8_000_000,
    hebei: 8_000_000,
    qingdao: 7_000_000,
    yantai: 7_000_000,
  };
  const call = await createCall(deps, chair, {
    titleZh: "2026 年度跨区域科技协同专项（第一批）",
    titleEn: "Cross-regional S&T cooperation fund 2026, first call",
    descriptionZh:
      "中央财政与各城市群地区共同出资，支持跨区域联合攻关、共享平台和数据互通项目。中央财政承担每个项目费用的 30%，其余由参与地区按商定的成本分担比例承担。",
    descriptionEn:
      "Central and regional money for joint research, shared platforms and data exchange across the city clusters. The centre pays 30 % of every funded project; the regions taking part pay the rest by their agreed cost shares.",
    deadline: new Date(Date.now() + 30 * day),
    recommendations: [1, 2, 3, 4],
    centralBp: 3000,
    centralYuan: 30_000_000,
    contributions: everyRegion.map((code) => ({ regionId: regionId(code), yuan: contributions[code] ?? 5_000_000 })),
    criteria,
    excludeProposalRegions: false,
    reviewDueOn: isoDay(40),
  });
  await advanceCall(deps, chair, { callId: call.id, action: "open" });

  const submissions: { id: number; projectId: number; lead: SessionUser }[] = [];
  for (const p of proposals) {
    const lead = user(emailOf(p.lead));
    const project = await createProject(deps, lead, {
      title: p.title,
      summary: p.summary,
      body: `${p.summary}\n\n项目分工、进度安排与预算说明见附件。`,
      expectedOutcomes: "联合论文、专利申请、标准草案与人才交流。",
      budgetYuan: p.budgetYuan,
      durationMonths: 24,
      tags: ["联合基金"],
      recommendations: p.recommendations,
      leadRegionId: regionId(p.lead),
      partnerRegionIds: p.partners.map(regionId),
    });
    for (const code of p.partners) {
      const partner = user(emailOf(code));
      await inviteCoauthor(deps, lead, { projectId: project.id, accountId: partner.id });
      await respondToInvitation(deps, partner, { projectId: project.id, response: "accept" });
    }
    await changeProjectStatus(deps, lead, project.id, "submit");
    const ordered = await participatingRegionIds(db, project.id);
    const plan = await proposePlan(deps, lead, {
      projectId: project.id,
      shares: ordered.map((id, i) => ({ regionId: id, costBp: p.costs[i]!, benefitBp: p.costs[i]! })),
      rationale: "成本与收益按各方投入的研发力量分担。",
    });
    const submitted = await submitProposal(deps, lead, { callId: call.id, projectId: project.id, planId: plan.id });
    submissions.push({ id: submitted.id, projectId: project.id, lead });
  }

  const experts = reviewers.map((r) => user(r.email));
  for (const expert of experts) await setReviewer(deps, admin, { accountId: expert.id, reviewer: true });
  const assignments: { assignmentId: number; reviewer: SessionUser; proposal: number; k: number }[] = [];
  for (const [index, submission] of submissions.entries())
    for (const k of [0, 1]) {
      const reviewer = experts[(index + k) % experts.length]!;
      const { id } = await assignReviewer(deps, chair, { submissionId: submission.id, reviewerId: reviewer.id });
      assignments.push({ assignmentId: id, reviewer, proposal: index, k });
    }
  await advanceCall(deps, chair, { callId: call.id, action: "startReview" });
  for (const a of assignments) {
    await declareNoConflict(deps, a.reviewer, { assignmentId: a.assignmentId, noConflict: true });
    const scores = proposals[a.proposal]!.scores[a.k]!;
    await submitReview(deps, a.reviewer, {
      assignmentId: a.assignmentId,
      scores: criteria.map((c, i) => ({ key: c.key, score: scores[i]!, comment: comments[i]! })),
    });
  }
  await advanceCall(deps, chair, { callId: call.id, action: "startSelection" });
  const decided = await decidePortfolio(deps, chair, {
    callId: call.id,
    method: "exact",
    reason: "在各出资方额度内评审总分最高；协调机构全体会议审议通过。",
  });

  // Results for the funded projects: milestones (one done on time), progress, the first payments.
  for (const [i, submission] of submissions.entries()) {
    if (!decided.selected.includes(submission.id)) continue;
    const first = await addMilestone(deps, submission.lead, {
      submissionId: submission.id,
      title: "联合团队组建与任务书签订",
      deliverable: "任务书与分工协议",
      dueOn: isoDay(-20),
    });
    await completeMilestone(deps, submission.lead, {
      milestoneId: first.id,
      doneOn: isoDay(-25),
      evidenceUrl: "https://www.most.gov.cn/",
    });
    await addMilestone(deps, submission.lead, {
      submissionId: submission.id,
      title: "中期成果验收",
      deliverable: "样机或平台上线，中期报告",
      dueOn: isoDay(180 + i * 30),
    });
    // One kick-off report came in late, so the accountability pages have both kinds to show.
    const report = await addMilestone(deps, submission.lead, {
      submissionId: submission.id,
      title: "开题报告与数据共享协议",
      deliverable: "开题报告",
      dueOn: isoDay(-12),
    });
    await completeMilestone(deps, submission.lead, {
      milestoneId: report.id,
      doneOn: isoDay(i % 2 === 0 ? -14 : -5),
      evidenceUrl: "https://www.most.gov.cn/",
    });
    // Outcomes so far, spread over the last quarters.
    for (const [type, count, daysAgo] of [
      ["joint_paper", 1 + (i % 3), 200],
      ["patent_filed", 1 + (i % 2), 110],
      ["trainee_exchanged", 3 + i, 60],
      ["joint_paper", 2, 20],
    ] as const)
      await recordOutcome(deps, submission.lead, {
        submissionId: submission.id,
        type,
        count,
        achievedOn: isoDay(-daysAgo - i * 7),
        link: null,
        note: "",
      });
    await postProgress(deps, submission.lead, {
      submissionId: submission.id,
      status: i === 2 ? "at_risk" : "on_track",
      percent: 20 + i * 5,
      body: i === 2 ? "关键部件交付延迟，已调整测试计划。" : "任务书已签订，首批经费到位，研发按计划推进。",
    });
    await recordDisbursement(deps, chair, {
      submissionId: submission.id,
      regionId: null,
      amountYuan: Math.floor((proposals[i]!.budgetYuan * 3) / 10 / 2),
      paidOn: isoDay(-15),
      note: "首期拨款",
    });
    // Each region pays half its share of the regions' 70 %, as agreed; one partner of the Shenzhen–Dongguan
    // project (i === 1) has paid only 70 % of that, so its cost shares drift past the 5-point threshold and
    // the page offers a revision ballot.
    const codes = [proposals[i]!.lead, ...proposals[i]!.partners];
    for (const [k, code] of codes.entries()) {
      const agreed = (proposals[i]!.budgetYuan * 7 * (proposals[i]!.costs[k] ?? 0)) / 10 / 10_000 / 2;
      await recordDisbursement(deps, chair, {
        submissionId: submission.id,
        regionId: regionId(code),
        amountYuan: Math.floor(i === 1 && k > 0 ? agreed * 0.7 : agreed),
        paidOn: isoDay(-10 + k),
        note: "首期拨款",
      });
    }
  }

  // A second call, open: the demo researcher may submit the chip project to it.
  const open = await createCall(deps, chair, {
    titleZh: "2026 年度跨区域科技协同专项（第二批）",
    titleEn: "Cross-regional S&T cooperation fund 2026, second call",
    descriptionZh: "面向集成电路与高端装备领域的跨区域联合项目。",
    descriptionEn: "Joint projects across regions in integrated circuits and advanced equipment.",
    deadline: new Date(Date.now() + 45 * day),
    recommendations: [2, 3],
    centralBp: 3000,
    centralYuan: 30_000_000,
    contributions: ["shanghai", "shenzhen", "dongguan", "suzhou"].map((code) => ({
      regionId: regionId(code),
      yuan: 12_000_000,
    })),
    criteria,
    excludeProposalRegions: true,
    reviewDueOn: isoDay(60),
  });
  await advanceCall(deps, chair, { callId: open.id, action: "open" });
}
