import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { accounts } from "@/db/schema";
import type { ServiceDeps } from "@/server/infra/deps";
import { callerFor, createTestAccount, type TestAccount } from "./fixtures";
import { proposalInput, startProject } from "./projects";

/**
 * A researcher's project (Shenzhen leads, Dongguan partners with an accepted co-proposer) with a
 * benefit-sharing plan that a fund call can take: the usual starting point of a fund test.
 */
export async function projectWithPlan(
  deps: ServiceDeps,
  region: (code: string) => number,
  title: string,
  budgetYuan: number,
  organisation?: string,
) {
  const proposer = await createTestAccount(deps.db, { role: "researcher", regionCode: "shenzhen", organisation });
  const project = await startProject(deps, proposer, proposalInput(region, { title, budgetYuan }));
  const plan = await callerFor(deps, proposer.user).ballots.plans.propose({
    projectId: project.id,
    shares: [
      { regionId: region("shenzhen"), costBp: 6000, benefitBp: 5000 },
      { regionId: region("dongguan"), costBp: 4000, benefitBp: 5000 },
    ],
    rationale: "Shenzhen designs, Dongguan builds",
  });
  return { proposer, project, planId: plan.id };
}

/** The fund's managers in a test: an admin (Beijing) and a chair of the coordination body (Shanghai). */
export async function fundManagers(db: Db) {
  const admin = await createTestAccount(db, { role: "admin", regionCode: "beijing" });
  const chair = await createTestAccount(db, { role: "member", regionCode: "shanghai" });
  await db.update(accounts).set({ chair: true }).where(eq(accounts.id, chair.account.id));
  return { admin, chair };
}

/**
 * The people of a fund ballot test: the fund's managers, the coordination body of the usual
 * project's regions (two Shenzhen members, one Dongguan) and a member of a region outside it.
 */
export async function fundBallotPeople(db: Db) {
  const managers = await fundManagers(db);
  const shenzhen = [
    await createTestAccount(db, { role: "member", regionCode: "shenzhen" }),
    await createTestAccount(db, { role: "member", regionCode: "shenzhen" }),
  ];
  const dongguan = await createTestAccount(db, { role: "member", regionCode: "dongguan" });
  const outsider = await createTestAccount(db, { role: "member", regionCode: "hangzhou" });
  return { ...managers, shenzhen, dongguan, outsider };
}

/** A small call with one regional funder, for the checks that need any call at all. */
export const smallCallInput = (
  region: (code: string) => number,
  criteria: Array<{ key: string; nameZh: string; nameEn: string; weight: number }>,
) => ({
  titleZh: "联合基金",
  titleEn: "Joint fund",
  descriptionZh: "说明",
  descriptionEn: "About",
  deadline: new Date(Date.now() + 7 * 86_400_000),
  recommendations: [2],
  centralBp: 2000,
  centralYuan: 100,
  contributions: [{ regionId: region("shenzhen"), yuan: 100 }],
  criteria,
});

/**
 * A call in selection: the centre pays 20 %, Shenzhen (90 M) and Dongguan (60 M) the rest; one
 * proposal per budget, each reviewed once with `score` (1–5) by one reviewer. Both fit together.
 */
export async function callInSelection(
  deps: ServiceDeps,
  region: (code: string) => number,
  managers: { admin: TestAccount; chair: TestAccount },
  proposals: Array<{ title: string; budgetYuan: number; score: number }>,
) {
  const as = (who: TestAccount) => callerFor(deps, who.user);
  const { id: callId } = await as(managers.chair).fund.create({
    titleZh: "集成电路联合攻关",
    titleEn: "Joint chip programme",
    descriptionZh: "面向先进封装的联合项目",
    descriptionEn: "Joint projects on advanced packaging",
    deadline: new Date(Date.now() + 7 * 86_400_000),
    recommendations: [2],
    centralBp: 2000,
    centralYuan: 40_000_000,
    contributions: [
      { regionId: region("shenzhen"), yuan: 90_000_000 },
      { regionId: region("dongguan"), yuan: 60_000_000 },
    ],
    criteria: [{ key: "merit", nameZh: "科学价值", nameEn: "Scientific merit", weight: 1 }],
    excludeProposalRegions: false,
  });
  await as(managers.chair).fund.advance({ callId, action: "open" });
  const made = [];
  for (const p of proposals) {
    const { proposer, project, planId } = await projectWithPlan(deps, region, p.title, p.budgetYuan);
    await as(proposer).fund.submit({ callId, projectId: project.id, planId });
    made.push({ ...p, projectId: project.id, proposer });
  }
  const reviewer = await createTestAccount(deps.db, { role: "researcher", organisation: "Zhejiang University" });
  await as(managers.admin).fund.setReviewer({ accountId: reviewer.account.id, reviewer: true });
  const listed = await as(managers.chair).fund.proposals({ callId });
  const submissions = made.map((p) => ({ ...p, submissionId: listed.find((x) => x.projectId === p.projectId)!.id }));
  for (const s of submissions)
    await as(managers.chair).fund.assign({ submissionId: s.submissionId, reviewerId: reviewer.account.id });
  await as(managers.chair).fund.advance({ callId, action: "startReview" });
  for (const assignment of await as(reviewer).fund.myAssignments()) {
    const score = submissions.find((s) => s.projectId === assignment.projectId)!.score;
    await as(reviewer).fund.declare({ assignmentId: assignment.id, noConflict: true });
    await as(reviewer).fund.review({
      assignmentId: assignment.id,
      scores: [{ key: "merit", score, comment: "Sound method" }],
    });
  }
  await as(managers.chair).fund.advance({ callId, action: "startSelection" });
  return { callId, submissions };
}
