import { chinaDay } from "@/server/domain/china-time";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fundCalls, fundSubmissions, notifications, scheduledJobs } from "@/db/schema";
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
import { milestoneNoticeJobKind } from "./fund-notices";

/** #19.6: the reviewer hears of an assignment; a funded project's team hears of milestones falling due and late. */
let services: TestServices;
let admin: TestAccount;
let chair: TestAccount;
let region: (code: string) => number;

const as = (who: TestAccount) => callerFor(services.deps, who.user);
const dayMs = 86_400_000;
const criteria = [{ key: "merit", nameZh: "科学价值", nameEn: "Scientific merit", weight: 1 }];

beforeAll(async () => {
  services = await createTestServices();
  region = await regionIdsByCode(services.deps.db);
  ({ admin, chair } = await fundManagers(services.deps.db));
});
afterAll(async () => {
  await services?.close();
});

async function noticesOf(accountId: number, kind: string, where?: string) {
  const rows = await services.deps.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.recipientId, accountId), eq(notifications.kind, kind as never)));
  return where === undefined ? rows : rows.filter((n) => n.params.where === where);
}

/** An open call with one proposal submitted by a Shenzhen proposer with a Dongguan co-proposer. */
async function openCallWithProposal(title: string) {
  const { id: callId } = await as(chair).fund.create(smallCallInput(region, criteria));
  await as(chair).fund.advance({ callId, action: "open" });
  const { proposer, project, planId } = await projectWithPlan(services.deps, region, title, 1_000_000);
  await as(proposer).fund.submit({ callId, projectId: project.id, planId });
  const [submission] = await services.deps.db
    .select()
    .from(fundSubmissions)
    .where(eq(fundSubmissions.projectId, project.id));
  return { callId, submissionId: submission!.id, proposer, coauthor: project.coauthors[0]! };
}

describe(`fund notices (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[FUND-NOTICE] tells each reviewer of their own assignment once, and nobody else", async () => {
    const { submissionId, proposer } = await openCallWithProposal("Assigned proposal");
    const r1 = await createTestAccount(services.deps.db, { role: "researcher", organisation: "Zhejiang University" });
    const r2 = await createTestAccount(services.deps.db, { role: "researcher", organisation: "Nanjing University" });
    const r3 = await createTestAccount(services.deps.db, { role: "researcher", organisation: "Xiamen University" });
    for (const r of [r1, r2, r3]) await as(admin).fund.setReviewer({ accountId: r.account.id, reviewer: true });
    // r2 keeps this kind out of the app: the preference per kind is honoured.
    await as(r2).notifications.setPreference({ kind: "fund_review_assigned", inApp: false, email: "off" });

    const { id: assignmentId } = await as(chair).fund.assign({ submissionId, reviewerId: r1.account.id });
    const [notice, ...more] = await noticesOf(r1.account.id, "fund_review_assigned");
    expect(more).toHaveLength(0);
    expect(notice).toMatchObject({
      link: `/fund/reviews/${assignmentId}`,
      actorId: chair.account.id,
      params: { where: "Assigned proposal" },
    });
    await as(chair).fund.assign({ submissionId, reviewerId: r2.account.id });
    expect(await noticesOf(r2.account.id, "fund_review_assigned")).toHaveLength(0);
    expect(await noticesOf(r1.account.id, "fund_review_assigned")).toHaveLength(1);
    for (const other of [r3, proposer, chair])
      expect(await noticesOf(other.account.id, "fund_review_assigned")).toHaveLength(0);
  });

  it("[FUND-NOTICE] tells the team of a milestone a week ahead and when late, unless done or moved", async () => {
    const { callId, submissionId, proposer, coauthor } = await openCallWithProposal("Funded proposal");
    // Award the call with this proposal funded (the path through review and portfolio is fund.int.test.ts's).
    await services.deps.db.update(fundCalls).set({ status: "awarded" }).where(eq(fundCalls.id, callId));
    await services.deps.db.update(fundSubmissions).set({ funded: true }).where(eq(fundSubmissions.id, submissionId));
    const outsider = await createTestAccount(services.deps.db, { role: "researcher", regionCode: "shenzhen" });

    const start = services.deps.now();
    const dueOn = chinaDay(new Date(start.getTime() + 30 * dayMs));
    const add = (title: string) =>
      as(proposer).fund.addMilestone({ submissionId, title, deliverable: "Delivered", dueOn });
    const kept = await add("Kept late");
    const done = await add("Done in time");
    const moved = await add("Moved later");
    const jobs = await services.deps.db
      .select()
      .from(scheduledJobs)
      .where(eq(scheduledJobs.kind, milestoneNoticeJobKind));
    expect(
      jobs
        .filter((j) => j.key.startsWith(`${kept.id}:${dueOn}:`))
        .map((j) => j.key)
        .sort(),
    ).toEqual([`${kept.id}:${dueOn}:due`, `${kept.id}:${dueOn}:late`]);
    // Another's due day moves a month on before any notice; its old jobs must stay silent.
    const movedTo = chinaDay(new Date(start.getTime() + 60 * dayMs));
    await as(proposer).fund.moveMilestone({ milestoneId: moved.id, dueOn: movedTo });

    const at = (days: number) => ({ ...services.deps, now: () => new Date(start.getTime() + days * dayMs) });
    await runDueJobs(at(10), jobHandlers);
    expect(await noticesOf(proposer.account.id, "fund_milestone_due")).toHaveLength(0);
    // A week before the due day (and once only, however often the runner passes).
    await runDueJobs(at(24), jobHandlers);
    await runDueJobs(at(24), jobHandlers);
    for (const member of [proposer, coauthor]) {
      const notices = await noticesOf(member.account.id, "fund_milestone_due", "Kept late");
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatchObject({ link: `/fund/${callId}`, params: { due: dueOn } });
    }
    expect(await noticesOf(proposer.account.id, "fund_milestone_due", "Done in time")).toHaveLength(1);
    expect(await noticesOf(proposer.account.id, "fund_milestone_due", "Moved later")).toHaveLength(0);
    expect(await noticesOf(outsider.account.id, "fund_milestone_due")).toHaveLength(0);
    expect(await noticesOf(proposer.account.id, "fund_milestone_late")).toHaveLength(0);

    // One is finished in time.
    await as(coauthor).fund.completeMilestone({
      milestoneId: done.id,
      doneOn: dueOn,
      evidenceUrl: "https://example.org/evidence",
    });

    await runDueJobs(at(32), jobHandlers);
    await runDueJobs(at(32), jobHandlers);
    for (const member of [proposer, coauthor]) {
      expect(await noticesOf(member.account.id, "fund_milestone_late", "Kept late")).toHaveLength(1);
      expect(await noticesOf(member.account.id, "fund_milestone_late", "Done in time")).toHaveLength(0);
      expect(await noticesOf(member.account.id, "fund_milestone_late", "Moved later")).toHaveLength(0);
    }
    expect(await noticesOf(outsider.account.id, "fund_milestone_late")).toHaveLength(0);

    // The moved one gets its notices on its new days.
    await runDueJobs(at(55), jobHandlers);
    expect(await noticesOf(proposer.account.id, "fund_milestone_due", "Moved later")).toHaveLength(1);
    expect(await noticesOf(proposer.account.id, "fund_milestone_late", "Moved later")).toHaveLength(0);
    await runDueJobs(at(62), jobHandlers);
    expect(await noticesOf(proposer.account.id, "fund_milestone_late", "Moved later")).toHaveLength(1);
    expect(await noticesOf(coauthor.account.id, "fund_milestone_late", "Moved later")).toHaveLength(1);
  });
});
