import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEntries, ballots, projects } from "@/db/schema";
import { minVotingMs } from "./rules/ballot-governance";
import { ballotProject, ballotSettings } from "@/server/testing/ballots";
import {
  callerFor,
  createTestClock,
  createTestServices,
  type TestClock,
  type TestServices,
} from "@/server/testing/fixtures";
import { startBallotScheduler } from "./ballot-scheduler";
import { castVote } from "./cast-vote";

let services: TestServices;
let clock: TestClock;

beforeAll(async () => {
  clock = createTestClock();
  services = await createTestServices({ now: () => clock.now() });
});
afterAll(async () => {
  await services?.close();
});

const closeAudits = async (ballotId: number) =>
  (
    await services.deps.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.action, "ballot.close"), eq(auditEntries.targetId, String(ballotId))))
  ).length;
const ballotRow = async (ballotId: number) =>
  (await services.deps.db.select().from(ballots).where(eq(ballots.id, ballotId)))[0]!;

/**
 * A ballot every member approves, opened for the shortest window the rules allow and then aged on
 * the test clock so that it closes about `inMs` from the return.
 */
async function approvedBallot(inMs: number) {
  const setup = await ballotProject(services.deps, { members: [1, 1], plans: 1 });
  const opened = await callerFor(services.deps, setup.members[0]![0]!.user).ballots.open(
    ballotSettings(setup.projectId, { closesAt: new Date(clock.now().getTime() + minVotingMs + inMs) }),
  );
  for (const m of setup.members.flat())
    await castVote(services.deps, m.user, {
      ballotId: opened.id,
      choices: [{ planId: setup.planIds[0]!, choice: "approve" }],
    });
  // Aged after the votes, so the time they take never eats into `inMs`.
  clock.advanceSeconds(minVotingMs / 1000);
  return { ...setup, ballotId: opened.id };
}

describe(`ballot scheduler (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[SCHEDULER] after a restart past the closing time, a fresh scheduler closes the ballot exactly once", async () => {
    const { ballotId, projectId } = await approvedBallot(3_600_000);
    // The server was down across the closing time: votes are refused even before anything closes it.
    clock.advanceHours(2);
    const late = await castVote(
      services.deps,
      (await ballotProject(services.deps, { members: [1, 1] })).members[0]![0]!.user,
      { ballotId, choices: [{ planId: 1, choice: "approve" }] },
    ).catch((e: unknown) => e);
    expect(late).toMatchObject({ reason: "BALLOT_CLOSED" });

    const first = startBallotScheduler({ ...services.deps, intervalMs: 60_000 });
    const second = startBallotScheduler({ ...services.deps, intervalMs: 60_000 });
    await Promise.all([first.ready, second.ready]);
    await first.check();
    first.stop();
    second.stop();

    const row = await ballotRow(ballotId);
    expect(row).toMatchObject({ status: "closed", closedById: null, result: { outcome: "agreement" } });
    expect(await closeAudits(ballotId)).toBe(1);
    expect(
      services.deps.publisher.published.filter((e) => e.stream === `ballot:${ballotId}` && e.type === "ballot:closed"),
    ).toHaveLength(1);
    expect(
      (await services.deps.db.select({ status: projects.status }).from(projects).where(eq(projects.id, projectId)))[0]
        ?.status,
    ).toBe("approved");
  });

  it("[SCHEDULER] a ballot closing in the near future is closed on time by the timer of a scheduler started before it", async () => {
    const { ballotId } = await approvedBallot(1_500);
    const scheduler = startBallotScheduler({ ...services.deps, intervalMs: 60_000 });
    await scheduler.ready;
    expect((await ballotRow(ballotId)).status).toBe("open");
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    scheduler.stop();
    const row = await ballotRow(ballotId);
    expect(row.status).toBe("closed");
    expect(row.closedAt!.getTime() - row.closesAt.getTime()).toBeLessThan(1_000);
    expect(await closeAudits(ballotId)).toBe(1);
  });

  it("[SCHEDULER] a round without agreement and no new round within the window leaves the project rejected", async () => {
    const setup = await ballotProject(services.deps, { members: [1, 1], plans: 1 });
    const chair = setup.members[0]![0]!;
    const opened = await callerFor(services.deps, chair.user).ballots.open(
      ballotSettings(setup.projectId, { closesAt: new Date(clock.now().getTime() + minVotingMs + 60_000) }),
    );
    await castVote(services.deps, setup.members[1]![0]!.user, {
      ballotId: opened.id,
      choices: [{ planId: setup.planIds[0]!, choice: "reject" }],
    });
    const status = async () =>
      (
        await services.deps.db
          .select({ status: projects.status })
          .from(projects)
          .where(eq(projects.id, setup.projectId))
      )[0]?.status;

    clock.advanceSeconds(minVotingMs / 1000 + 120);
    const scheduler = startBallotScheduler({ ...services.deps, intervalMs: 60_000, newRoundWindowMs: 3_600_000 });
    await scheduler.ready;
    expect((await ballotRow(opened.id)).result).toMatchObject({ outcome: "no_agreement" });
    expect(await status()).toBe("voting");

    clock.advanceHours(2);
    await scheduler.check();
    scheduler.stop();
    expect(await status()).toBe("rejected");
    const concluded = await services.deps.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.action, "ballot.conclude"), eq(auditEntries.targetId, String(opened.id))));
    expect(concluded.map((a) => [a.actorId, a.reason])).toEqual([[null, "no new round was opened in time"]]);
  });

  it("[SCHEDULER] a stopped scheduler closes nothing", async () => {
    const { ballotId } = await approvedBallot(800);
    const scheduler = startBallotScheduler({ ...services.deps, intervalMs: 60_000 });
    await scheduler.ready;
    scheduler.stop();
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect((await ballotRow(ballotId)).status).toBe("open");
  });
});
