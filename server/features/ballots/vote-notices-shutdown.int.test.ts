import { afterEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { ballotProject, ballotSettings } from "@/server/testing/ballots";
import { callerFor, createTestServices, type TestServices } from "@/server/testing/fixtures";
import { castVote } from "./cast-vote";
import { flushVoteNotices, requestVoteNotice, voteNoticeIntervalMs } from "./vote-notices";

let services: TestServices | null = null;
afterEach(async () => {
  await services?.close();
  services = null;
});

/**
 * A ballot in services of its own (closing them is what is under test), whose votes go through deps
 * with a database that records any use once the services have closed.
 */
async function ballotWithVoters(members: number[], visibility: "secret" | "roll_call") {
  services = await createTestServices();
  const closing = services;
  const setup = await ballotProject(closing.deps, { members, plans: 1 });
  const ballotId = (
    await callerFor(closing.deps, setup.members[0]![0]!.user).ballots.open(
      ballotSettings(setup.projectId, { showRunningTallies: true, visibility }),
    )
  ).id;
  await flushVoteNotices(closing.deps.publisher);
  const usedAfterClose: string[] = [];
  let closed = false;
  const db = closing.deps.db;
  const watched = new Proxy(db, {
    get: (target, property, receiver) => {
      if (closed && (property === "execute" || property === "transaction")) usedAfterClose.push(String(property));
      return Reflect.get(target, property, receiver) as unknown;
    },
  }) satisfies Db;
  const deps = { ...closing.deps, db: watched };
  const vote = (voter: (typeof setup.members)[number][number]) =>
    castVote(deps, voter.user, { ballotId, choices: [{ planId: setup.planIds[0]!, choice: "approve" }] });
  const close = async () => {
    await closing.close();
    closed = true;
    services = null;
  };
  const notices = () =>
    closing.deps.publisher.published.filter((e) => e.stream === `ballot:${ballotId}` && e.type === "vote:counted");
  return { setup, ballotId, deps, vote, close, notices, usedAfterClose };
}

const turnoutOf = (payload: unknown) => (payload as { turnout: Array<{ voted: number }> }).turnout.map((t) => t.voted);

describe(`vote notices on shutdown (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[SHUTDOWN] closing while a roll-call notice waits writes it first: watchers get the committed votes, nothing queries the closed database", async () => {
    const { setup, vote, close, notices, usedAfterClose } = await ballotWithVoters([2, 2], "roll_call");
    const [a, b] = setup.members[0]!;
    await vote(a!); // its notice starts at once
    await vote(b!); // its notice waits for the first to commit and the interval to pass
    await close();
    // The waiting notice was due one interval after the first; wait well past that moment.
    await new Promise((resolve) => setTimeout(resolve, voteNoticeIntervalMs * 4));
    expect(usedAfterClose).toEqual([]);
    // The last notice counts both committed votes.
    expect(turnoutOf(notices().at(-1)?.payload)).toEqual([2, 0]);
  });

  it("[SHUTDOWN] a secret ballot's waiting notice is dropped, not written early; a late request starts nothing", async () => {
    const { setup, ballotId, deps, vote, close, notices, usedAfterClose } = await ballotWithVoters([3, 3], "secret");
    const voters = setup.members.flat();
    for (const voter of voters.slice(0, 3)) await vote(voter); // enough new voters: one notice
    for (const voter of voters.slice(3)) await vote(voter); // enough again, but within the secret interval
    expect(notices()).toHaveLength(1);
    await close();
    expect(notices()).toHaveLength(1);
    // Once stopped, a request (a vote still being answered) starts nothing.
    requestVoteNotice(deps, ballotId, { secret: false, newVoter: true });
    await new Promise((resolve) => setTimeout(resolve, voteNoticeIntervalMs * 4));
    expect(notices()).toHaveLength(1);
    expect(usedAfterClose).toEqual([]);
  });
});
