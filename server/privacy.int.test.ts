import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clusters, forums, regions } from "@/db/schema";
import type { SessionUser } from "./infra/auth/session";
import { voteChoices } from "./features/ballots/rules/ballot-rules";
import { flushVoteNotices } from "./features/ballots/vote-notices";
import { ballotProject, ballotSettings, type BallotProject } from "./testing/ballots";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  type TestAccount,
  type TestServices,
} from "./testing/fixtures";
import { procedureAt } from "./testing/procedures";
import { appRouter } from "./trpc/root";

/**
 * Privacy, looked for everywhere rather than procedure by procedure: every query of the router is
 * called by every kind of caller with the ids of a real project, ballot, thread and person, and
 * every answer and every live event is searched for (1) another person's email address, which only
 * admins may see, and (2) an individual vote of a secret ballot, which nobody may see but the voter.
 * A roll-call ballot run through the same search shows that the search does find votes.
 */
const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { type: string; inputs: unknown[] } }>,
)
  .filter(([, procedure]) => procedure._def.type === "query")
  .map(([path, procedure]) => ({ path, schema: procedure._def.inputs[0] as z.ZodType | undefined }));

let services: TestServices;
let secret: BallotProject & { ballotId: number; threadId: number };
let rollCall: BallotProject & { ballotId: number; threadId: number };
let others: Record<"admin" | "moderator" | "researcher" | "outsider", TestAccount>;
let places: { regionCode: string; clusterCode: string; slug: string };

async function votedBallot(visibility: "secret" | "roll_call") {
  const setup = await ballotProject(services.deps, { members: [2, 2], plans: 2 });
  const chair = setup.members[0]![0]!;
  const ballot = await callerFor(services.deps, chair.user).ballots.open(
    ballotSettings(setup.projectId, { visibility, showRunningTallies: true }),
  );
  const voters = setup.members.flat();
  for (const [i, voter] of voters.entries()) {
    await callerFor(services.deps, voter.user).ballots.castVote({
      ballotId: ballot.id,
      choices: setup.planIds.map((planId, p) => ({ planId, choice: voteChoices[(i + p) % voteChoices.length]! })),
    });
  }
  await flushVoteNotices(services.deps.publisher);
  const project = await callerFor(services.deps, null).projects.get({ projectId: setup.projectId });
  await callerFor(services.deps, voters[1]!.user).comments.add({
    threadId: project.threadId,
    body: "A voter's comment",
    stance: "support",
  });
  await callerFor(services.deps, chair.user).ballots.close({ ballotId: ballot.id });
  return { ...setup, ballotId: ballot.id, threadId: project.threadId };
}

beforeAll(async () => {
  services = await createTestServices();
  others = {
    admin: await createTestAccount(services.deps.db, { role: "admin" }),
    moderator: await createTestAccount(services.deps.db, { role: "moderator" }),
    researcher: await createTestAccount(services.deps.db, { role: "researcher" }),
    outsider: await createTestAccount(services.deps.db, { role: "member", regionCode: "qingdao" }),
  };
  secret = await votedBallot("secret");
  rollCall = await votedBallot("roll_call");
  const [region] = await services.deps.db.select({ code: regions.code }).from(regions).limit(1);
  const [cluster] = await services.deps.db.select({ code: clusters.code }).from(clusters).limit(1);
  const [forum] = await services.deps.db.select({ slug: forums.slug }).from(forums).limit(1);
  places = { regionCode: region!.code, clusterCode: cluster!.code, slug: forum!.slug };
}, 120_000);

afterAll(async () => {
  await services?.close();
});

/** An input for a query from the ids at hand, by field name; null when it needs something else. */
function inputFor(schema: z.ZodType | undefined, ids: Record<string, unknown>): unknown {
  if (!schema) return undefined;
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as {
    properties?: Record<string, unknown>;
    required?: string[];
  };
  const input: Record<string, unknown> = {};
  for (const key of Object.keys(json.properties ?? {})) if (key in ids) input[key] = ids[key];
  return (json.required ?? []).every((key) => key in input) ? input : null;
}

/** Every (voter, choice) pair an answer reveals: any object naming a voter beside a vote choice. */
function revealedVotes(
  value: unknown,
  voterIds: ReadonlySet<number>,
  voterNames: ReadonlySet<string>,
  found: string[] = [],
): string[] {
  if (typeof value === "string") {
    // Exports are text: a CSV line or JSON document holding a voter's name and a choice.
    for (const line of value.split("\n")) {
      const name = [...voterNames].find((n) => line.includes(n));
      if (name && voteChoices.some((c) => line.includes(c))) found.push(`${name}: ${line.slice(0, 120)}`);
    }
    return found;
  }
  if (value === null || typeof value !== "object") return found;
  if (Array.isArray(value)) {
    for (const item of value) revealedVotes(item, voterIds, voterNames, found);
    return found;
  }
  const entries = Object.entries(value);
  const choice = entries.find(([, v]) => typeof v === "string" && (voteChoices as readonly string[]).includes(v));
  const voter = entries.find(
    ([k, v]) =>
      (typeof v === "number" && /voter|account|^id$/i.test(k) && voterIds.has(v)) ||
      (typeof v === "string" && voterNames.has(v)),
  );
  if (choice && voter) found.push(`${voter[0]}=${String(voter[1])} ${choice[0]}=${String(choice[1])}`);
  for (const [, v] of entries) revealedVotes(v, voterIds, voterNames, found);
  return found;
}

async function answersFor(
  setup: typeof secret,
  user: SessionUser | null,
): Promise<Array<{ path: string; answer: unknown }>> {
  const voter = setup.members[1]![0]!;
  const ids = {
    projectId: setup.projectId,
    ballotId: setup.ballotId,
    threadId: setup.threadId,
    accountId: voter.account.id,
    id: voter.account.id,
    regionCode: places.regionCode,
    clusterCode: places.clusterCode,
    slug: places.slug,
  };
  const answers: Array<{ path: string; answer: unknown }> = [];
  for (const { path, schema } of procedures) {
    const input = inputFor(schema, ids);
    if (input === null) continue;
    const answer = await procedureAt(callerFor(services.deps, user), path)(input).catch(() => null);
    if (answer !== null) answers.push({ path, answer });
  }
  return answers;
}

describe(`privacy (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("no answer to anyone but an admin holds another person's email address", async () => {
    const everyone = [...secret.members.flat(), secret.proposer, ...secret.coauthors, ...Object.values(others)];
    const callers = [
      null,
      others.moderator,
      others.researcher,
      others.outsider,
      secret.members[0]![0]!,
      secret.proposer,
    ];
    let answered = 0;
    for (const caller of callers) {
      for (const { path, answer } of await answersFor(secret, caller?.user ?? null)) {
        answered += 1;
        const text = JSON.stringify(answer) ?? "";
        const leaked = everyone.filter((a) => a.account.id !== caller?.account.id && text.includes(a.account.email));
        expect(
          leaked.map((a) => a.account.email),
          `${path} as ${caller?.user.role ?? "signed out"}`,
        ).toEqual([]);
      }
    }
    // The search covered the queries that show people: authors, ballots, profiles.
    expect(answered).toBeGreaterThan(60);
    const adminAnswers = await answersFor(secret, others.admin.user);
    expect(adminAnswers.some(({ answer }) => JSON.stringify(answer)?.includes(secret.proposer.account.email))).toBe(
      true,
    );
  });

  it("a secret ballot's individual votes appear in no answer to anyone but the voter, and in no live event", async () => {
    const voters = secret.members.flat();
    const callers = [null, others.admin, others.moderator, others.researcher, others.outsider, ...voters];
    for (const caller of callers) {
      const theirs = voters.filter((v) => v.account.id !== caller?.account.id);
      const ids = new Set(theirs.map((v) => v.account.id));
      const names = new Set(theirs.map((v) => v.account.displayName));
      for (const { path, answer } of await answersFor(secret, caller?.user ?? null)) {
        expect(revealedVotes(answer, ids, names), `${path} as ${caller?.user.role ?? "signed out"}`).toEqual([]);
      }
    }
    const allIds = new Set(voters.map((v) => v.account.id));
    const allNames = new Set(voters.map((v) => v.account.displayName));
    const events = services.deps.publisher.published.filter(
      (e) =>
        e.stream === `ballot:${secret.ballotId}` ||
        e.stream === `project:${secret.projectId}` ||
        e.stream.startsWith("user:"),
    );
    expect(events.length).toBeGreaterThan(0);
    expect(
      revealedVotes(
        events.map((e) => e.payload),
        allIds,
        allNames,
      ),
    ).toEqual([]);
  });

  it("the same search finds the votes of a roll-call ballot, so it would find a leak", async () => {
    const voters = rollCall.members.flat();
    const ids = new Set(voters.map((v) => v.account.id));
    const names = new Set(voters.map((v) => v.account.displayName));
    const found = (await answersFor(rollCall, null)).flatMap(({ path, answer }) =>
      revealedVotes(answer, ids, names).map((leak) => `${path}: ${leak}`),
    );
    expect(found.some((f) => f.startsWith("ballots.result:"))).toBe(true);
    expect(found.some((f) => f.startsWith("ballots.exportCsv:"))).toBe(true);
  });
});
