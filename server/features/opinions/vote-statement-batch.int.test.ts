import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forums, opinionParticipants, opinionStatements, opinionVotes } from "@/db/schema";
import { insertAccounts } from "@/server/testing/ballots";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  regionIdsByCode,
  type TestAccount,
  type TestServices,
} from "@/server/testing/fixtures";
import { inOneBatch as inBatch } from "@/server/testing/group-commit";
import { mapRefreshSettled } from "./map-refresher";
import { recordVoteAlone, statementVoteCommitter, voteOnStatement } from "./vote-statement";

// Group commit of statement votes (vote-statement.ts): votes on one round submitted together share one
// transaction, and must come out exactly as if each had been its own transaction, in arrival order.

type Choice = "agree" | "disagree" | "pass";

let services: TestServices;
let member: TestAccount;
let people: TestAccount[];
let topicId: number;

beforeAll(async () => {
  services = await createTestServices();
  const db = services.deps.db;
  member = await createTestAccount(db, { role: "member", regionCode: "shanghai" });
  const region = await regionIdsByCode(db);
  people = await insertAccounts(db, region("hangzhou"), 8, "researcher");
  const [forum] = await db.select({ id: forums.id }).from(forums).limit(1);
  topicId = (
    await callerFor(services.deps, member.user).topics.create({
      forumId: forum!.id,
      title: "Regional pilot zones",
      body: "Which rules should pilot zones share?",
    })
  ).id;
});
afterAll(async () => {
  await services?.close();
});

async function roundWith(statements: number) {
  const as = callerFor(services.deps, member.user);
  const { id: roundId } = await as.opinions.create({ topicId, question: "What should pilot zones share?" });
  const ids: number[] = [];
  for (let i = 0; i < statements; i += 1)
    ids.push((await as.opinions.addStatement({ roundId, text: `Shared rule number ${i + 1}` })).id);
  return { roundId, ids };
}

/** Votes submitted in one turn of the event loop join one batch; this proves they did. */
const inOneBatch = <T>(submit: () => Array<Promise<T>>) =>
  inBatch(statementVoteCommitter(services.deps.db).stats, submit);

const reasonOf = <T>(s: PromiseSettledResult<T>) =>
  s.status === "fulfilled" ? "ok" : ((s.reason as { reason?: string }).reason ?? String(s.reason));

/** Every vote of a round as `voter:statement=choice`, and each statement's counter beside a recount. */
async function roundState(roundId: number, ids: number[]) {
  const db = services.deps.db;
  const rows = await db
    .select({ voterId: opinionVotes.voterId, statementId: opinionVotes.statementId, choice: opinionVotes.choice })
    .from(opinionVotes)
    .where(eq(opinionVotes.roundId, roundId));
  const counters = await db
    .select({ id: opinionStatements.id, voteCount: opinionStatements.voteCount })
    .from(opinionStatements)
    .where(eq(opinionStatements.roundId, roundId));
  return {
    votes: rows.map((r) => `${r.voterId}:${ids.indexOf(r.statementId)}=${r.choice}`).sort(),
    counters: counters.map((c) => ({
      statement: ids.indexOf(c.id),
      counted: c.voteCount,
      recount: rows.filter((r) => r.statementId === c.id).length,
    })),
  };
}

describe(`statement votes group commit (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[GROUP] a batch with one invalid vote: it fails alone with its own reason, the rest commit and are counted", async () => {
    const { roundId, ids } = await roundWith(3);
    const [a, b, c] = ids as [number, number, number];
    const [first, v1, v2, v3, v4] = people as [TestAccount, TestAccount, TestAccount, TestAccount, TestAccount];
    const vote = (who: TestAccount, statementId: number, choice: Choice) =>
      voteOnStatement(services.deps, who.user, { statementId, choice });
    // Earlier votes (one per statement) before the third statement is hidden by a moderator.
    for (const id of ids) await vote(first, id, "agree");
    await services.deps.db.update(opinionStatements).set({ state: "hidden" }).where(eq(opinionStatements.id, c));

    const settled = await inOneBatch(() => [
      vote(v1, a, "agree"),
      vote(v2, c, "agree"), // hidden: refused on its own
      vote(v3, b, "disagree"),
      vote(v1, b, "pass"),
      vote(v4, a, "pass"),
    ]);
    expect(settled.map(reasonOf)).toEqual(["ok", "STATEMENT_UNAVAILABLE", "ok", "ok", "ok"]);
    // Each answer already reflects the committed batch: v1 has voted on both visible statements.
    const answer = settled[3]!;
    expect(answer.status === "fulfilled" ? [answer.value.voted, answer.value.total] : null).toEqual([2, 2]);
    const state = await roundState(roundId, ids);
    const id = (p: TestAccount) => p.account.id;
    expect(state.votes).toEqual(
      [
        `${id(first)}:0=agree`,
        `${id(first)}:1=agree`,
        `${id(first)}:2=agree`,
        `${id(v1)}:0=agree`,
        `${id(v1)}:1=pass`,
        `${id(v3)}:1=disagree`,
        `${id(v4)}:0=pass`,
      ].sort(),
    );
    expect(state.counters.sort((x, y) => x.statement - y.statement)).toEqual([
      { statement: 0, counted: 3, recount: 3 },
      { statement: 1, counted: 3, recount: 3 },
      { statement: 2, counted: 1, recount: 1 },
    ]);
    // The refused voter did not join the round; the others did, once each.
    const joined = await services.deps.db
      .select({ accountId: opinionParticipants.accountId })
      .from(opinionParticipants)
      .where(eq(opinionParticipants.roundId, roundId));
    expect(joined.map((p) => p.accountId).sort((x, y) => x - y)).toEqual(
      [first, v1, v3, v4].map(id).sort((x, y) => x - y),
    );
    await mapRefreshSettled(services.deps, roundId);
  });

  it("[GROUP] the same voter's votes racing in one batch apply in arrival order, as one transaction each would", async () => {
    const sequence = (x: TestAccount, y: TestAccount, a: number, b: number) =>
      [
        [x, a, "agree"],
        [y, a, "disagree"],
        [x, a, "agree"], // no change
        [x, a, "disagree"],
        [x, b, "pass"],
        [y, a, "agree"],
        [x, a, "pass"],
      ] as Array<[TestAccount, number, Choice]>;
    const [x, y] = people.slice(5) as [TestAccount, TestAccount];

    // The same sequence, one transaction per vote, one after the other, on a round of its own.
    const alone = await roundWith(2);
    const expected: boolean[] = [];
    for (const [who, statementId, choice] of sequence(x, y, alone.ids[0]!, alone.ids[1]!))
      expected.push((await recordVoteAlone(services.deps, who.user, { statementId, choice })).changed);

    const grouped = await roundWith(2);
    // Known statements: their round is looked up once, so the votes below are submitted in one turn.
    for (const id of grouped.ids)
      await voteOnStatement(services.deps, people[7]!.user, { statementId: id, choice: "pass" });
    await recordVoteAlone(services.deps, people[7]!.user, { statementId: alone.ids[0]!, choice: "pass" });
    await recordVoteAlone(services.deps, people[7]!.user, { statementId: alone.ids[1]!, choice: "pass" });
    const committer = statementVoteCommitter(services.deps.db);
    const settled = await inOneBatch(() =>
      sequence(x, y, grouped.ids[0]!, grouped.ids[1]!).map(([who, statementId, choice]) =>
        committer.submit(grouped.roundId, { deps: services.deps, actor: who.user, input: { statementId, choice } }),
      ),
    );
    expect(settled.map((s) => (s.status === "fulfilled" ? s.value.changed : String(s.reason)))).toEqual(expected);
    expect(expected).toEqual([true, true, false, true, true, true, true]);
    expect(await roundState(grouped.roundId, grouped.ids)).toEqual(await roundState(alone.roundId, alone.ids));
    const [last] = await services.deps.db
      .select({ choice: opinionVotes.choice })
      .from(opinionVotes)
      .where(and(eq(opinionVotes.statementId, grouped.ids[0]!), eq(opinionVotes.voterId, x.account.id)));
    expect(last?.choice).toBe("pass");
    await mapRefreshSettled(services.deps, grouped.roundId);
    await mapRefreshSettled(services.deps, alone.roundId);
  });
});
