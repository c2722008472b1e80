import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEntries, fundAssignments, fundCalls } from "@/db/schema";
import type { AppError } from "@/server/errors";
import { transact } from "@/server/infra/transact";
import { awardPortfolioPlan, currentPortfolioPlan } from "./portfolio";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  regionIdsByCode,
  type TestAccount,
  type TestServices,
} from "@/server/testing/fixtures";
import { fundManagers, projectWithPlan as fundProject, smallCallInput } from "@/server/testing/fund";
import { callFailure } from "@/server/testing/trpc-errors";

let services: TestServices;
let admin: TestAccount;
let chair: TestAccount;
let member: TestAccount;
let region: (code: string) => number;

const as = (who: TestAccount | null) => callerFor(services.deps, who?.user ?? null);
const day = 24 * 3_600_000;
const criteria = [
  { key: "merit", nameZh: "科学价值", nameEn: "Scientific merit", weight: 2 },
  { key: "joint", nameZh: "协同程度", nameEn: "Cross-regional value", weight: 1 },
];
const review = (merit: number, joint: number) => [
  { key: "merit", score: merit, comment: "Sound method" },
  { key: "joint", score: joint, comment: "Both regions contribute" },
];

const smallCall = () => smallCallInput(region, criteria);

beforeAll(async () => {
  services = await createTestServices();
  region = await regionIdsByCode(services.deps.db);
  ({ admin, chair } = await fundManagers(services.deps.db));
  member = await createTestAccount(services.deps.db, { role: "member", regionCode: "hangzhou" });
});
afterAll(async () => {
  await services?.close();
});

const projectWithPlan = (title: string, budgetYuan: number, organisation: string) =>
  fundProject(services.deps, region, title, budgetYuan, organisation);

describe(`fund: call → review → portfolio → results (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[FUND] runs a call end to end within every funder's contribution", async () => {
    // A call: the centre pays 20 % of every project, Shenzhen and Dongguan the rest by plan.
    const refused = await callFailure(as(member).fund.create(smallCall()));
    expect(refused.reason).toBe("FUND_MANAGER_REQUIRED");

    const { id: callId } = await as(chair).fund.create({
      titleZh: "集成电路联合攻关",
      titleEn: "Joint chip programme",
      descriptionZh: "面向先进封装的联合项目",
      descriptionEn: "Joint projects on advanced packaging",
      deadline: new Date(Date.now() + 7 * day),
      recommendations: [2],
      centralBp: 2000,
      centralYuan: 40_000_000,
      contributions: [
        { regionId: region("shenzhen"), yuan: 90_000_000 },
        { regionId: region("dongguan"), yuan: 60_000_000 },
      ],
      criteria,
      excludeProposalRegions: false,
    });
    // A draft is invisible to everyone but the managers.
    expect((await callFailure(as(null).fund.get({ callId }))).code).toBe("NOT_FOUND");
    expect((await as(null).fund.list({})).calls.some((c) => c.id === callId)).toBe(false);
    await as(chair).fund.advance({ callId, action: "open" });
    expect((await as(null).fund.get({ callId })).status).toBe("open");

    const a = await projectWithPlan("Packaging pilot line", 100_000_000, "Shenzhen Institute A");
    const b = await projectWithPlan("Test equipment", 60_000_000, "Dongguan Works B");
    const c = await projectWithPlan("Substrate materials", 60_000_000, "Fudan University");
    for (const p of [a, b, c]) await as(p.proposer).fund.submit({ callId, projectId: p.project.id, planId: p.planId });
    expect(
      (await callFailure(as(a.proposer).fund.submit({ callId, projectId: a.project.id, planId: a.planId }))).reason,
    ).toBe("PROPOSAL_ALREADY_SUBMITTED");
    // Somebody else's plan, or somebody else's project, is refused.
    expect(
      (await callFailure(as(a.proposer).fund.submit({ callId, projectId: a.project.id, planId: b.planId }))).reason,
    ).toBe("PROPOSAL_NOT_ELIGIBLE");
    expect(
      (await callFailure(as(b.proposer).fund.submit({ callId, projectId: a.project.id, planId: a.planId }))).reason,
    ).toBe("PROPOSAL_NOT_ELIGIBLE");

    const proposals = await as(null).fund.proposals({ callId });
    expect(proposals).toHaveLength(3);
    // The cost split adds up, with the centre's 20 %.
    const first = proposals.find((p) => p.projectId === a.project.id)!;
    expect(first.parts.reduce((s, p) => s + p.yuan, 0)).toBe(100_000_000);
    expect(first.parts.find((p) => p.funderId === 0)?.yuan).toBe(20_000_000);
    expect(first.aggregate).toBeNull();

    // Reviewers: researchers flagged by an admin; conflicts refused on the server.
    const r1 = await createTestAccount(services.deps.db, { role: "researcher", organisation: "Zhejiang University" });
    const r2 = await createTestAccount(services.deps.db, { role: "researcher", organisation: "Nanjing University" });
    const conflicted = await createTestAccount(services.deps.db, {
      role: "researcher",
      organisation: "fudan university",
    });
    expect((await callFailure(as(chair).fund.setReviewer({ accountId: r1.account.id, reviewer: true }))).code).toBe(
      "FORBIDDEN",
    );
    for (const r of [r1, r2, conflicted]) await as(admin).fund.setReviewer({ accountId: r.account.id, reviewer: true });
    const submissionOf = (p: typeof a) => proposals.find((x) => x.projectId === p.project.id)!.id;
    expect(
      (await callFailure(as(chair).fund.assign({ submissionId: submissionOf(c), reviewerId: conflicted.account.id })))
        .reason,
    ).toBe("REVIEWER_CONFLICT");
    expect(
      (await callFailure(as(chair).fund.assign({ submissionId: submissionOf(c), reviewerId: member.account.id })))
        .reason,
    ).toBe("NOT_A_REVIEWER");
    for (const p of [a, b, c])
      for (const r of [r1, r2])
        await as(chair).fund.assign({ submissionId: submissionOf(p), reviewerId: r.account.id });

    await as(chair).fund.advance({ callId, action: "startReview" });
    const mine = await as(r1).fund.myAssignments();
    expect(mine).toHaveLength(3);
    // Reviewers see only their own assignments.
    const r2First = (await as(r2).fund.myAssignments())[0]!;
    expect((await callFailure(as(r1).fund.assignment({ assignmentId: r2First.id }))).code).toBe("NOT_FOUND");
    expect((await callFailure(as(r1).fund.review({ assignmentId: mine[0]!.id, scores: review(5, 5) }))).reason).toBe(
      "DECLARATION_REQUIRED",
    );
    const scores: Record<number, [number, number][]> = {
      [a.project.id]: [
        [5, 5],
        [2, 2],
      ],
      [b.project.id]: [
        [4, 4],
        [4, 3],
      ],
      [c.project.id]: [
        [4, 3],
        [3, 3],
      ],
    };
    for (const [k, r] of [r1, r2].entries()) {
      for (const assignment of await as(r).fund.myAssignments()) {
        await as(r).fund.declare({ assignmentId: assignment.id, noConflict: true });
        // Blind: before submitting, nobody else's scores.
        expect((await as(r).fund.assignment({ assignmentId: assignment.id })).others).toEqual([]);
        const [merit, joint] = scores[assignment.projectId]![k]!;
        await as(r).fund.review({ assignmentId: assignment.id, scores: review(merit, joint) });
      }
    }
    const afterReview = await as(r2).fund.assignment({ assignmentId: r2First.id });
    expect(afterReview.others).toHaveLength(1);
    expect(JSON.stringify(afterReview.others)).not.toContain(r1.user.displayName);
    expect((await callFailure(as(r1).fund.review({ assignmentId: mine[0]!.id, scores: review(1, 1) }))).reason).toBe(
      "REVIEW_ALREADY_SUBMITTED",
    );

    // Scores: managers see them with the disagreement flag; the public does not before the award.
    const managed = await as(chair).fund.proposals({ callId });
    const aggA = managed.find((p) => p.projectId === a.project.id)!.aggregate!;
    expect(aggA).toMatchObject({ reviews: 2, mean: 350, spread: 300, disagreement: true });
    expect((await as(a.proposer).fund.proposals({ callId }))[0]!.aggregate).toBeNull();
    expect(JSON.stringify(await as(a.proposer).fund.proposals({ callId }))).not.toContain(r1.user.displayName);
    expect((await callFailure(as(a.proposer).fund.portfolios({ callId }))).reason).toBe("FUND_MANAGER_REQUIRED");

    await as(chair).fund.advance({ callId, action: "startSelection" });
    const compared = await as(chair).fund.portfolios({ callId });
    expect(compared.portfolios.map((p) => p.method)).toEqual(["exact", "greedy", "equal_shares"]);
    for (const portfolio of compared.portfolios)
      for (const spent of portfolio.spent)
        expect(spent.yuan).toBeLessThanOrEqual(compared.funders.find((f) => f.id === spent.funderId)!.capYuan);
    // Shenzhen's 90 M fits 48 M (A) + 28.8 M (B) but not all three; exact takes the best pair.
    const exact = compared.portfolios.find((p) => p.method === "exact")!;
    expect(exact.optimal).toBe(true);
    expect(exact.selected).toHaveLength(2);

    expect((await callFailure(as(member).fund.decide({ callId, method: "exact", reason: "x" }))).reason).toBe(
      "FUND_MANAGER_REQUIRED",
    );
    // A portfolio frozen earlier (as a ballot puts it to the regions) is awarded only as it was chosen:
    // once a chosen proposal's committed review changed, the awarding transaction refuses it and the
    // call stays in selection, and with the review restored the body decides as before.
    const callRow = async () => (await services.deps.db.select().from(fundCalls).where(eq(fundCalls.id, callId)))[0]!;
    const frozen = await currentPortfolioPlan(services.deps.db, await callRow(), "exact");
    expect(frozen.projects.map((p) => p.id)).toEqual(exact.selected);
    const [reviewed] = await services.deps.db
      .select()
      .from(fundAssignments)
      .where(eq(fundAssignments.submissionId, frozen.projects[0]!.id));
    // The row is read before the transaction: PGlite has one connection, which the transaction holds.
    const award = async () => {
      const call = await callRow();
      return transact(services.deps, (tx) =>
        awardPortfolioPlan(tx, new Date(), chair.account.id, call, frozen, "As voted"),
      );
    };
    await services.deps.db
      .update(fundAssignments)
      .set({ weightedScore: reviewed!.weightedScore! + 10 })
      .where(eq(fundAssignments.id, reviewed!.id));
    expect(((await award().catch((e: unknown) => e)) as AppError).reason).toBe("PORTFOLIO_STALE");
    expect((await as(chair).fund.get({ callId })).status).toBe("selection");
    await services.deps.db
      .update(fundAssignments)
      .set({ weightedScore: reviewed!.weightedScore })
      .where(eq(fundAssignments.id, reviewed!.id));
    await as(chair).fund.decide({ callId, method: "exact", reason: "Highest total score within every contribution" });
    const audit = await services.deps.db
      .select()
      .from(auditEntries)
      .where(eq(auditEntries.action, "fund.portfolio_decided"));
    expect(audit.some((row) => row.targetId === String(callId))).toBe(true);

    // Results: the public sees the funded projects and, now, anonymous scores.
    const results = (await as(null).fund.results({ callId }))!;
    expect(results.projects.map((p) => p.id).sort()).toEqual([...exact.selected].sort());
    const funded = results.projects[0]!;
    const team = [a, b, c].find((p) => p.project.id === funded.projectId)!;
    const outsider = [a, b, c].find((p) => !exact.selected.includes(submissionOf(p)))!;
    expect(
      (
        await callFailure(
          as(outsider.proposer).fund.addMilestone({
            submissionId: funded.id,
            title: "x",
            deliverable: "y",
            dueOn: "2027-06-30",
          }),
        )
      ).reason,
    ).toBe("RESULTS_FORBIDDEN");
    const milestone = await as(team.proposer).fund.addMilestone({
      submissionId: funded.id,
      title: "Pilot line installed",
      deliverable: "Line running at 1,000 units a day",
      dueOn: "2027-06-30",
    });
    await as(team.proposer).fund.completeMilestone({
      milestoneId: milestone.id,
      doneOn: "2027-06-01",
      evidenceUrl: "https://example.org/report.pdf",
    });
    await as(team.proposer).fund.progress({ submissionId: funded.id, status: "on_track", percent: 40, body: "Ahead" });
    // Money: managers only, and only from a funder of the project.
    expect(
      (
        await callFailure(
          as(team.proposer).fund.disburse({
            submissionId: funded.id,
            regionId: null,
            amountYuan: 1,
            paidOn: "2027-01-05",
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    expect(
      (
        await callFailure(
          as(chair).fund.disburse({
            submissionId: funded.id,
            regionId: region("qingdao"),
            amountYuan: 1,
            paidOn: "2027-01-05",
          }),
        )
      ).reason,
    ).toBe("NOT_A_FUNDER");
    await as(chair).fund.disburse({
      submissionId: funded.id,
      regionId: region("shenzhen"),
      amountYuan: 5_000_000,
      paidOn: "2027-01-05",
    });
    const after = (await as(null).fund.results({ callId }))!;
    const shenzhen = after.projects
      .find((p) => p.id === funded.id)!
      .money.find((m) => m.funderId === region("shenzhen"))!;
    expect(shenzhen.paidYuan).toBe(5_000_000);
    expect(after.projects.find((p) => p.id === funded.id)!.milestones[0]!.doneOn).toBe("2027-06-01");
    expect(after.projects.find((p) => p.id === funded.id)!.progress).toMatchObject({ status: "on_track", percent: 40 });
    expect(after.projects[0]!.mayReport).toBe(false);

    const { csv } = await as(null).fund.exportCsv({ callId });
    expect(csv.split("\r\n")[0]).toBe(
      "project_id,title,score_mean,reviews,funder,planned_yuan,paid_yuan,status,percent",
    );
    expect(csv).toContain("5000000");
    expect(csv).not.toContain(r1.user.displayName);

    // The call's own export: a formula typed into a milestone stays text in every spreadsheet.
    await as(team.proposer).fund.addMilestone({
      submissionId: funded.id,
      title: '=HYPERLINK("https://evil.example","x")',
      deliverable: "@SUM(A1:A9)",
      dueOn: "2027-09-30",
    });
    const names = [r1, r2].map((r) => r.user.displayName);
    const exported = async (who: TestAccount | null, format: "csv" | "json") =>
      (await as(who).fund.exportCall({ callId, format })).text;
    // Signed out: aggregated scores, no per-review rows, nobody's identity.
    const publicJson = JSON.parse(await exported(null, "json")) as {
      reviews: unknown;
      proposals: { submissionId: number; score: { reviews: number; disagreement: boolean } | null }[];
      portfolio: { funders: { capYuan: number; fundedYuan: number }[] };
    };
    expect(publicJson.reviews).toBeNull();
    expect(publicJson.proposals.find((p) => p.submissionId === submissionOf(a))!.score).toMatchObject({
      reviews: 2,
      disagreement: true,
    });
    for (const f of publicJson.portfolio.funders) expect(f.fundedYuan).toBeLessThanOrEqual(f.capYuan);
    const publicCsv = await exported(null, "csv");
    expect(publicCsv).not.toContain("[reviews]");
    for (const text of [JSON.stringify(publicJson), publicCsv]) {
      for (const name of names) expect(text).not.toContain(name);
      expect(text).not.toMatch(/reviewer/i);
    }
    expect(publicCsv).toContain(`"'=HYPERLINK(""https://evil.example"",""x"")"`);
    expect(publicCsv).toContain("'@SUM(A1:A9)");
    expect(publicCsv.split("\r\n").some((line) => /(^|,)"?[=+\-@]/.test(line))).toBe(false);
    // A manager: one row per submitted review, reviewers numbered, still no names.
    const managerJson = JSON.parse(await exported(chair, "json")) as {
      reviews: { submissionId: number; reviewer: number; weightedScore: number }[];
    };
    expect(managerJson.reviews).toHaveLength(6);
    expect(new Set(managerJson.reviews.map((r) => r.reviewer))).toEqual(new Set([1, 2]));
    const ofA = managerJson.reviews.filter((r) => r.submissionId === submissionOf(a)).map((r) => r.weightedScore);
    expect(ofA.sort()).toEqual([2, 5]);
    const managerCsv = await exported(chair, "csv");
    expect(managerCsv).toContain("[reviews]\r\nsubmission_id,reviewer,weighted_score,merit,joint\r\n");
    for (const name of names) expect(managerCsv + JSON.stringify(managerJson)).not.toContain(name);

    // A draft call is not found for anyone but the managers, whatever the format.
    const { id: draftId } = await as(chair).fund.create(smallCall());
    for (const format of ["csv", "json"] as const) {
      expect((await callFailure(as(null).fund.exportCall({ callId: draftId, format }))).code).toBe("NOT_FOUND");
      expect((await callFailure(as(member).fund.exportCall({ callId: draftId, format }))).code).toBe("NOT_FOUND");
    }
    expect(JSON.parse((await as(chair).fund.exportCall({ callId: draftId, format: "json" })).text)).toMatchObject({
      call: { status: "draft" },
      reviews: [],
      portfolio: null,
    });
  });
});
