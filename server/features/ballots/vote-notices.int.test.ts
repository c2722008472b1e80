import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { events } from "@/db/schema";
import { ballotProject, ballotSettings, type BallotProject } from "@/server/testing/ballots";
import { callerFor, createTestAccount, createTestServices, type TestServices } from "@/server/testing/fixtures";
import { ballotCounts } from "./ballot-reads";
import { castVote } from "./cast-vote";
import { flushVoteNotices, requestVoteNotice, voteNoticeIntervalMs, writeVoteNotice } from "./vote-notices";

let services: TestServices;

beforeAll(async () => {
  services = await createTestServices();
});
afterAll(async () => {
  await services?.close();
});

/** The live counts now, as the ballot page reads them (the same SQL function writes the notices). */
const countsNow = (ballotId: number, withTallies: boolean) => ballotCounts(services.deps.db, ballotId, withTallies);

const rollCallVote = { secret: false, newVoter: false };

const noticesOf = (ballotId: number) =>
  services.deps.publisher.published
    .filter((e) => e.stream === `ballot:${ballotId}` && e.type === "vote:counted")
    .sort((a, b) => a.seq - b.seq);

/** Roll-call unless told: a secret ballot's notices are coarse (tested on their own below). */
async function openBallot(
  members: number[],
  showRunningTallies: boolean,
  visibility: "secret" | "roll_call" = "roll_call",
): Promise<{ setup: BallotProject; ballotId: number }> {
  const setup = await ballotProject(services.deps, { members, plans: 3 });
  const ballotId = (
    await callerFor(services.deps, setup.members[0]![0]!.user).ballots.open(
      ballotSettings(setup.projectId, { showRunningTallies, visibility }),
    )
  ).id;
  return { setup, ballotId };
}

describe(`vote:counted notices (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[VOTE] the notice written in one statement counts every plan and region, zeros and untouched regions included", async () => {
    const { setup, ballotId } = await openBallot([3, 2, 4], true);
    // Region 0 votes on two plans, region 1 not at all, region 2 changes a mark.
    const [a, b] = setup.members[0]!;
    const [c] = setup.members[2]!;
    await castVote(services.deps, a!.user, {
      ballotId,
      choices: [
        { planId: setup.planIds[0]!, choice: "approve" },
        { planId: setup.planIds[1]!, choice: "reject" },
      ],
    });
    await castVote(services.deps, b!.user, { ballotId, choices: [{ planId: setup.planIds[0]!, choice: "abstain" }] });
    await castVote(services.deps, c!.user, { ballotId, choices: [{ planId: setup.planIds[2]!, choice: "reject" }] });
    await castVote(services.deps, c!.user, { ballotId, choices: [{ planId: setup.planIds[2]!, choice: "approve" }] });
    await flushVoteNotices(services.deps.publisher);
    const before = noticesOf(ballotId).length;

    await writeVoteNotice(services.deps, ballotId);

    const notices = noticesOf(ballotId);
    expect(notices).toHaveLength(before + 1);
    const notice = notices.at(-1)!;
    expect(notice.payload).toEqual(await countsNow(ballotId, true));
    const tallies = (
      notice.payload as {
        tallies: Array<{ planId: number; approve: number; reject: number; abstain: number; byRegion: unknown[] }>;
      }
    ).tallies;
    // Every region is listed, by id, the untouched ones with zeros.
    const regionIds = setup.regions.map((r) => r.id).sort((x, y) => x - y);
    expect(tallies[2]!.byRegion).toEqual(
      regionIds.map((regionId) => ({
        regionId,
        approve: regionId === setup.regions[2]!.id ? 1 : 0,
        reject: 0,
        abstain: 0,
      })),
    );
    expect(tallies.map((t) => [t.planId, t.approve, t.reject, t.abstain, t.byRegion.length])).toEqual([
      [setup.planIds[0], 1, 0, 1, 3],
      [setup.planIds[1], 0, 1, 0, 3],
      [setup.planIds[2], 1, 0, 0, 3],
    ]);
    expect((notice.payload as { turnout: Array<{ voted: number }> }).turnout.map((t) => t.voted)).toEqual([2, 0, 1]);

    // The broadcast is the committed outbox row, seq and time included.
    const [row] = await services.deps.db
      .select()
      .from(events)
      .where(and(eq(events.stream, `ballot:${ballotId}`), eq(events.seq, notice.seq)));
    expect(row?.id).toBe(notice.outboxId);
    expect(row?.payload).toEqual(notice.payload);
    expect(row?.createdAt.toISOString()).toBe(notice.at);
  });

  it("[VOTE] a ballot that hides running tallies gets turnout only; a closed one gets its tallies", async () => {
    const { setup, ballotId } = await openBallot([2, 2], false);
    await castVote(services.deps, setup.members[1]![0]!.user, {
      ballotId,
      choices: [{ planId: setup.planIds[0]!, choice: "reject" }],
    });
    await flushVoteNotices(services.deps.publisher);
    const hidden = noticesOf(ballotId).at(-1)!;
    expect(hidden.payload).toEqual(await countsNow(ballotId, false));
    expect(hidden.payload).not.toHaveProperty("tallies");

    // The chair's vote brings the lead region to quorum, so the chair may close before the time.
    await castVote(services.deps, setup.members[0]![0]!.user, {
      ballotId,
      choices: [{ planId: setup.planIds[0]!, choice: "approve" }],
    });
    await callerFor(services.deps, setup.members[0]![0]!.user).ballots.close({ ballotId });
    await writeVoteNotice(services.deps, ballotId);
    const afterClose = noticesOf(ballotId).at(-1)!;
    expect(afterClose.payload).toEqual(await countsNow(ballotId, true));
    expect((afterClose.payload as { tallies: Array<{ reject: number }> }).tallies.map((t) => t.reject)).toEqual([
      1, 0, 0,
    ]);
  });

  it("[SECRET] a secret ballot's notices carry turnout only, wait for enough new voters, and ignore changed marks", async () => {
    const { setup, ballotId } = await openBallot([3, 3], true, "secret");
    const [a, b, c] = setup.members[0]!;
    const vote = (voter: typeof a, choice: "approve" | "reject") =>
      castVote(services.deps, voter!.user, { ballotId, choices: [{ planId: setup.planIds[0]!, choice }] });
    await vote(a, "approve");
    await vote(b, "reject");
    await flushVoteNotices(services.deps.publisher);
    // Two new voters are fewer than a cell may hold: nothing tells when or where they voted.
    expect(noticesOf(ballotId)).toHaveLength(0);
    await vote(c, "approve");
    await flushVoteNotices(services.deps.publisher);
    expect(noticesOf(ballotId)).toHaveLength(1);
    expect(noticesOf(ballotId)[0]!.payload).toEqual(await countsNow(ballotId, false));
    // A changed mark moves no turnout and sends nothing.
    await vote(a, "reject");
    await flushVoteNotices(services.deps.publisher);
    expect(noticesOf(ballotId)).toHaveLength(1);
    // Not even after the close does a notice carry a secret ballot's raw tallies.
    // The second region has not voted: an admin closes it early, confirming.
    const admin = await createTestAccount(services.deps.db, { role: "admin" });
    await callerFor(services.deps, admin.user).ballots.close({ ballotId, confirmEarlyClose: true });
    await writeVoteNotice(services.deps, ballotId);
    expect(noticesOf(ballotId).at(-1)!.payload).not.toHaveProperty("tallies");
  });

  it("[VOTE] a burst of requests: one notice at once, one for the rest; seqs follow the stream's other events without a gap", async () => {
    const { setup, ballotId } = await openBallot([2, 2], true);
    const voters = setup.members.flat();
    await Promise.all(
      voters.map((v) =>
        castVote(services.deps, v.user, { ballotId, choices: [{ planId: setup.planIds[0]!, choice: "approve" }] }),
      ),
    );
    await flushVoteNotices(services.deps.publisher);
    const before = noticesOf(ballotId).length;
    expect(before).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 20; i += 1) requestVoteNotice(services.deps, ballotId, rollCallVote);
    await flushVoteNotices(services.deps.publisher);

    const notices = noticesOf(ballotId);
    expect(notices).toHaveLength(before + 2);
    expect((notices.at(-1)!.payload as { turnout: Array<{ voted: number }> }).turnout.map((t) => t.voted)).toEqual([
      2, 2,
    ]);
    const seqs = (
      await services.deps.db
        .select({ seq: events.seq })
        .from(events)
        .where(eq(events.stream, `ballot:${ballotId}`))
    )
      .map((r) => r.seq)
      .sort((x, y) => x - y);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it("[VOTE] requests every 5 ms make a notice per interval, not per request; the last notice starts after the last request", async () => {
    const { ballotId } = await openBallot([1, 1], true);
    await flushVoteNotices(services.deps.publisher);
    const before = noticesOf(ballotId).length;
    const started = Date.now();
    let lastRequestAt = started;
    // A request every 5 ms for 200 ms: without the interval that could be 40 notices.
    while (Date.now() - started < 200) {
      lastRequestAt = Date.now();
      requestVoteNotice(services.deps, ballotId, rollCallVote);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await new Promise((resolve) => setTimeout(resolve, voteNoticeIntervalMs * 3));
    await flushVoteNotices(services.deps.publisher);
    const notices = noticesOf(ballotId).slice(before);
    expect(notices.length).toBeGreaterThanOrEqual(2);
    expect(notices.length).toBeLessThanOrEqual(Math.ceil(200 / voteNoticeIntervalMs) + 2);
    // The last request is in a notice that started after it (`at`: the database's clock, in ms).
    expect(Date.parse(notices.at(-1)!.at)).toBeGreaterThanOrEqual(lastRequestAt - 1);
  });

  it("[VOTE] a ballot that does not exist gets no notice and no outbox row", async () => {
    await expect(writeVoteNotice(services.deps, 2_000_000_000)).rejects.toThrow();
    expect(await services.deps.db.select().from(events).where(eq(events.stream, "ballot:2000000000"))).toEqual([]);
  });
});
