import { chinaDay, chinaDayStart, dayMs } from "@/server/domain/china-time";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEntries, fundCalls, fundSubmissions, notifications, scheduledJobs } from "@/db/schema";
import { runDueJobs } from "@/server/infra/jobs/scheduled-jobs";
import { jobHandlers } from "@/server/jobs";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  regionIdsByCode,
  type TestAccount,
  type TestServices,
} from "@/server/testing/fixtures";
import { fundManagers, projectWithPlan, smallCallInput } from "@/server/testing/fund";
import { callFailure } from "@/server/testing/trpc-errors";
import { milestoneNoticeJobKind, reviewDueJobKind } from "./fund-notices";

/** #19.4–6: outcomes, the public accountability pages, the review due day and moving a milestone. */
let services: TestServices;
let admin: TestAccount;
let chair: TestAccount;
let region: (code: string) => number;

const as = (who: TestAccount) => callerFor(services.deps, who.user);
const anonymous = () => callerFor(services.deps, null);
const criteria = [{ key: "merit", nameZh: "科学价值", nameEn: "Scientific merit", weight: 1 }];
const reason = async (promise: Promise<unknown>) => (await callFailure(promise)).reason;

beforeAll(async () => {
  services = await createTestServices();
  region = await regionIdsByCode(services.deps.db);
  ({ admin, chair } = await fundManagers(services.deps.db));
});
afterAll(async () => {
  await services?.close();
});

/** An open call with one proposal (Shenzhen leads, Dongguan partners); `reviewDueOn` optional. */
async function callWithProposal(title: string, reviewDueOn: string | null = null) {
  const { id: callId } = await as(chair).fund.create({ ...smallCallInput(region, criteria), reviewDueOn });
  await as(chair).fund.advance({ callId, action: "open" });
  const { proposer, project, planId } = await projectWithPlan(services.deps, region, title, 1_000_000);
  await as(proposer).fund.submit({ callId, projectId: project.id, planId });
  const [submission] = await services.deps.db
    .select()
    .from(fundSubmissions)
    .where(eq(fundSubmissions.projectId, project.id));
  return { callId, submissionId: submission!.id, proposer, coauthor: project.coauthors[0]! };
}

/** Funded in an awarded call (the path through review and portfolio is fund.int.test.ts's). */
async function award(callId: number, submissionId: number) {
  await services.deps.db.update(fundCalls).set({ status: "awarded" }).where(eq(fundCalls.id, callId));
  await services.deps.db.update(fundSubmissions).set({ funded: true }).where(eq(fundSubmissions.id, submissionId));
}

const audits = (action: string) => services.deps.db.select().from(auditEntries).where(eq(auditEntries.action, action));

describe(`fund outcomes and accountability (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[FUND-OUTCOME] the team and the managers record outcomes, audited; they show in results and exports", async () => {
    const { callId, submissionId, proposer, coauthor } = await callWithProposal("Outcome project");
    const outsider = await createTestAccount(services.deps.db, { role: "researcher", regionCode: "shenzhen" });
    const paper = { submissionId, type: "joint_paper" as const, count: 2, achievedOn: "2026-03-10" };
    // Not funded yet: nobody records.
    expect(await reason(as(proposer).fund.recordOutcome(paper))).toBe("NOT_FUNDED");
    await award(callId, submissionId);
    expect(await reason(as(outsider).fund.recordOutcome(paper))).toBe("RESULTS_FORBIDDEN");
    await as(proposer).fund.recordOutcome({ ...paper, link: "https://example.org/paper", note: "Nature Electronics" });
    await as(coauthor).fund.recordOutcome({ ...paper, type: "patent_filed", count: 1, achievedOn: "2026-05-02" });
    await as(chair).fund.recordOutcome({ ...paper, type: "joint_paper", count: 1, achievedOn: "2026-06-30" });
    const audited = (await audits("fund.outcome_recorded")).filter((a) => a.targetId === String(submissionId));
    expect(audited).toHaveLength(3);

    const results = (await anonymous().fund.results({ callId }))!;
    expect(results.outcomeTotals).toMatchObject({ joint_paper: 3, patent_filed: 1, patent_granted: 0 });
    const project = results.projects.find((p) => p.id === submissionId)!;
    expect(project.outcomes.map((o) => [o.type, o.count])).toEqual([
      ["joint_paper", 2],
      ["patent_filed", 1],
      ["joint_paper", 1],
    ]);
    const json = JSON.parse((await anonymous().fund.exportCall({ callId, format: "json" })).text);
    expect(json.results.outcomeTotals.joint_paper).toBe(3);
    expect(json.results.projects[0].outcomes[0]).toMatchObject({
      type: "joint_paper",
      link: "https://example.org/paper",
    });
    const csv = (await anonymous().fund.exportCall({ callId, format: "csv" })).text;
    expect(csv).toContain("[outcomes]");
    expect(csv).toContain(`${submissionId},patent_filed,1,2026-05-02`);
  });

  it("[FUND-OUTCOME] moves a milestone's due day, audited, and its notices follow the new day", async () => {
    const { callId, submissionId, proposer } = await callWithProposal("Moved milestone");
    await award(callId, submissionId);
    const outsider = await createTestAccount(services.deps.db, { role: "researcher", regionCode: "dongguan" });
    const start = services.deps.now();
    const oldDue = chinaDay(new Date(start.getTime() + 30 * dayMs));
    const newDue = chinaDay(new Date(start.getTime() + 60 * dayMs));
    const milestone = await as(proposer).fund.addMilestone({
      submissionId,
      title: "Moved",
      deliverable: "Prototype",
      dueOn: oldDue,
    });
    expect(await reason(as(outsider).fund.moveMilestone({ milestoneId: milestone.id, dueOn: newDue }))).toBe(
      "RESULTS_FORBIDDEN",
    );
    expect(await as(chair).fund.moveMilestone({ milestoneId: milestone.id, dueOn: newDue })).toEqual({
      id: milestone.id,
      dueOn: newDue,
    });
    const [audit] = (await audits("fund.milestone_moved")).filter((a) => a.targetId === String(milestone.id));
    expect(audit).toMatchObject({ before: { dueOn: oldDue }, after: { dueOn: newDue } });
    const keys = (
      await services.deps.db.select().from(scheduledJobs).where(eq(scheduledJobs.kind, milestoneNoticeJobKind))
    )
      .map((j) => j.key)
      .filter((k) => k.startsWith(`${milestone.id}:`))
      .sort();
    expect(keys).toEqual(
      [
        `${milestone.id}:${newDue}:due`,
        `${milestone.id}:${newDue}:late`,
        `${milestone.id}:${oldDue}:due`,
        `${milestone.id}:${oldDue}:late`,
      ].sort(),
    );
    const noticed = async () =>
      (
        await services.deps.db
          .select()
          .from(notifications)
          .where(and(eq(notifications.recipientId, proposer.account.id), eq(notifications.kind, "fund_milestone_due")))
      ).filter((n) => n.params.where === "Moved");
    const at = (days: number) => ({ ...services.deps, now: () => new Date(start.getTime() + days * dayMs) });
    await runDueJobs(at(24), jobHandlers);
    await runDueJobs(at(32), jobHandlers);
    expect(await noticed()).toHaveLength(0);
    await runDueJobs(at(54), jobHandlers);
    expect(await noticed()).toHaveLength(1);
    // Done, it keeps its day.
    await as(proposer).fund.completeMilestone({
      milestoneId: milestone.id,
      doneOn: chinaDay(at(54).now()),
      evidenceUrl: "https://example.org/done",
    });
    expect(await reason(as(proposer).fund.moveMilestone({ milestoneId: milestone.id, dueOn: oldDue }))).toBe(
      "MILESTONE_DONE",
    );
  });

  it("[FUND-PUBLIC] the accountability pages count only awarded calls, filtered by cluster and region", async () => {
    const shown = await callWithProposal("Shown in public");
    await award(shown.callId, shown.submissionId);
    await as(shown.proposer).fund.recordOutcome({
      submissionId: shown.submissionId,
      type: "standard",
      count: 4,
      achievedOn: "2026-02-01",
    });
    // Funded in a call that is still in selection (set directly): its results are not public yet.
    const hidden = await callWithProposal("Still choosing");
    await services.deps.db.update(fundCalls).set({ status: "selection" }).where(eq(fundCalls.id, hidden.callId));
    await services.deps.db
      .update(fundSubmissions)
      .set({ funded: true })
      .where(eq(fundSubmissions.id, hidden.submissionId));
    // A draft call exists too; it never counts.
    await as(chair).fund.create(smallCallInput(region, criteria));

    const all = await anonymous().fund.accountability({});
    const titles = all.projects.map((p) => p.title);
    expect(titles).toContain("Shown in public");
    expect(titles).not.toContain("Still choosing");
    expect(all.outcomes.totals.standard).toBeGreaterThanOrEqual(4);
    expect(all.outcomes.quarters).toContain("2026-Q1");
    expect(all.money.some((m) => m.code === "central")).toBe(true);
    const shenzhen = all.money.find((m) => m.code === "shenzhen")!;
    expect(shenzhen.plannedYuan).toBeGreaterThan(0);

    // The Pearl River Delta (Shenzhen, Dongguan) sees the project; Beijing–Tianjin–Hebei does not.
    const prd = await anonymous().fund.accountability({ cluster: "prd" });
    expect(prd.filter).toEqual({ cluster: "prd", region: null });
    expect(prd.projects.map((p) => p.title)).toContain("Shown in public");
    expect(prd.money.every((m) => m.code === "shenzhen" || m.code === "dongguan" || m.code === "guangzhou")).toBe(true);
    const bj = await anonymous().fund.accountability({ region: "beijing" });
    expect(bj.projects.map((p) => p.title)).not.toContain("Shown in public");
    expect(bj.outcomes.totals.standard).toBe(0);
    const dg = await anonymous().fund.accountability({ region: "dongguan" });
    expect(dg.projects.map((p) => p.title)).toContain("Shown in public");
    expect(dg.money.map((m) => m.code)).toEqual(["dongguan"]);
  });

  it("[FUND-REVIEW-DUE] reminds each reviewer with an unsubmitted review, once, and not for a moved day", async () => {
    const start = services.deps.now();
    const dueOn = chinaDay(new Date(start.getTime() + 20 * dayMs));
    const { callId, submissionId, proposer } = await callWithProposal("Due proposal", dueOn);
    expect((await anonymous().fund.get({ callId })).reviewDueOn).toBe(dueOn);
    const r1 = await createTestAccount(services.deps.db, { role: "researcher", organisation: "Zhejiang University" });
    const r2 = await createTestAccount(services.deps.db, { role: "researcher", organisation: "Nanjing University" });
    for (const r of [r1, r2]) {
      await as(admin).fund.setReviewer({ accountId: r.account.id, reviewer: true });
      await as(chair).fund.assign({ submissionId, reviewerId: r.account.id });
    }
    expect((await as(r1).fund.myAssignments()).find((a) => a.callId === callId)?.reviewDueOn).toBe(dueOn);
    await as(chair).fund.advance({ callId, action: "startReview" });
    const [a2] = (await as(r2).fund.myAssignments()).filter((a) => a.callId === callId);
    await as(r2).fund.declare({ assignmentId: a2!.id, noConflict: true });
    await as(r2).fund.review({ assignmentId: a2!.id, scores: [{ key: "merit", score: 4, comment: "Sound" }] });

    const dueNotices = async (who: TestAccount) =>
      services.deps.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.recipientId, who.account.id), eq(notifications.kind, "fund_review_due")));
    const run = (instant: Date) => runDueJobs({ ...services.deps, now: () => instant }, jobHandlers);
    await run(chinaDayStart(dueOn, -3 * dayMs + 10 * 3_600_000));
    await run(chinaDayStart(dueOn, -3 * dayMs + 11 * 3_600_000));
    const [first, ...more] = await dueNotices(r1);
    expect(more).toHaveLength(0);
    expect(first).toMatchObject({ params: { where: "Due proposal", due: dueOn } });
    expect(first!.link).toMatch(/^\/fund\/reviews\/\d+$/);
    expect(await dueNotices(r2)).toHaveLength(0);
    expect(await dueNotices(proposer)).toHaveLength(0);

    // The managers move the day on before the day's own reminder: the old one stays silent.
    expect(await reason(as(proposer).fund.setReviewDue({ callId, reviewDueOn: dueOn }))).toBe("ROLE_REQUIRED");
    const member = await createTestAccount(services.deps.db, { role: "member" });
    expect(await reason(as(member).fund.setReviewDue({ callId, reviewDueOn: dueOn }))).toBe("FUND_MANAGER_REQUIRED");
    const movedTo = chinaDay(new Date(start.getTime() + 40 * dayMs));
    await as(chair).fund.setReviewDue({ callId, reviewDueOn: movedTo });
    const [audit] = (await audits("fund.review_due_set")).filter((a) => a.targetId === String(callId));
    expect(audit).toMatchObject({ before: { reviewDueOn: dueOn }, after: { reviewDueOn: movedTo } });
    await run(chinaDayStart(dueOn, 10 * 3_600_000));
    expect(await dueNotices(r1)).toHaveLength(1);
    await run(chinaDayStart(movedTo, 10 * 3_600_000));
    expect(await dueNotices(r1)).toHaveLength(3);
    expect(await dueNotices(r2)).toHaveLength(0);
    const keys = (await services.deps.db.select().from(scheduledJobs).where(eq(scheduledJobs.kind, reviewDueJobKind)))
      .map((j) => j.key)
      .filter((k) => k.startsWith(`${callId}:`));
    expect(keys.sort()).toEqual(
      [
        `${callId}:${dueOn}:soon`,
        `${callId}:${dueOn}:today`,
        `${callId}:${movedTo}:soon`,
        `${callId}:${movedTo}:today`,
      ].sort(),
    );

    // Before the deadline, or once awarded, the day cannot be set.
    expect(await reason(as(chair).fund.setReviewDue({ callId, reviewDueOn: chinaDay(start) }))).toBe(
      "INVALID_REVIEW_DUE",
    );
    await award(callId, submissionId);
    expect(await reason(as(chair).fund.setReviewDue({ callId, reviewDueOn: movedTo }))).toBe("INVALID_REVIEW_DUE");
  });
});
