import { randomBytes } from "node:crypto";
import path from "node:path";
import { eq, inArray, sql } from "drizzle-orm";
import { openDatabase, type Db } from "@/db/client";
import { accounts, ballotTallySlots } from "@/db/schema";
import { hashPassword } from "@/server/infra/auth/password";
import { tallyVotes, type Tally, type VoteChoice } from "@/server/features/ballots/rules/ballot-rules";
import { slotTally, voteRows } from "@/server/features/ballots/ballot-reads";
import { plainTally } from "./ballot-tally";
import { callerFor, sessionCookieOf } from "@/server/testing/fixtures";
import { ballotProject, ballotSettings } from "@/server/testing/ballots";
import { root, type BenchDatabase } from "../support/comments-setup";
import { seededBenchDeps } from "../support/bench-deps";

/** The ballots bench/ballot/ballot.ts votes in, and the checks it runs on them afterwards. */

export interface Voter {
  id: number;
  email: string;
  password: string;
  regionId: number;
}

export interface BenchBallot {
  ballotId: number;
  planIds: number[];
  voters: Voter[];
  /** Session cookies minted with `sessionSecret` (account id → cookie): 50 password sign-ins time out on a loaded machine. */
  cookies: Map<number, string>;
}

export interface SeededBallots {
  /** Voted in through the app, watched by the sockets. */
  app: BenchBallot;
  /** Voted in through the app with group commit off (one transaction per vote), the baseline of the same run. */
  appPerVote: BenchBallot;
  /** Voted in through two app processes sharing events through Redis (only when asked for). */
  appTwoProcesses: BenchBallot | null;
  /** The NEXTAUTH_SECRET the cookies were minted with: the server must run with it. */
  sessionSecret: string;
  /** Written by the raw-SQL baseline, one per variant, so that no variant starts from another's rows. */
  raw: BenchBallot[];
}

const choices: readonly VoteChoice[] = ["approve", "reject", "abstain"];

/**
 * Voter `index`'s `round`-th vote: one plan, in turn, with a choice that differs from the one that
 * voter last gave that plan, so every vote changes a mark (an unchanged mark writes nothing).
 */
export function voteOf(ballot: BenchBallot, index: number, round: number): { planId: number; choice: VoteChoice } {
  const plans = ballot.planIds.length;
  return {
    planId: ballot.planIds[round % plans]!,
    choice: choices[(index + Math.floor(round / plans)) % choices.length]!,
  };
}

/**
 * One project and ballot per entry of `ballotCount`, each across `regions.length` fresh regions with
 * those many coordination-body members, `plans` plans, running tallies shown. The members of the app
 * ballot get one shared password (hashed once) so they can sign in over HTTP.
 */
export async function seedBallots(
  database: BenchDatabase,
  options: { members: number[]; plans: number; rawBallots: number; twoProcesses?: boolean },
): Promise<SeededBallots> {
  const handle = await openDatabase({
    url: database.url,
    dataDir: database.dataDir,
    migrationsFolder: path.join(root, "db/migrations"),
  });
  try {
    const deps = await seededBenchDeps(handle);
    const password = randomBytes(18).toString("base64url");
    const sessionSecret = randomBytes(32).toString("base64url");
    const make = async (votedThroughTheApp: boolean): Promise<BenchBallot> => {
      const project = await ballotProject(deps, { members: options.members, plans: options.plans });
      const opener = project.members[0]![0]!;
      const ballot = await callerFor(deps, opener.user).ballots.open(
        // Roll call with running tallies: the ballot whose watchers see every vote move the chart. A
        // secret ballot's notices are coarse by design (one per 30 s at most), so they time nothing.
        ballotSettings(project.projectId, { visibility: "roll_call", showRunningTallies: true }),
      );
      const voters = project.members
        .flat()
        .map(({ account }) => ({ id: account.id, email: account.email, password, regionId: account.regionId }));
      const cookies = new Map<number, string>();
      if (votedThroughTheApp)
        for (const { account } of project.members.flat())
          cookies.set(account.id, await sessionCookieOf(handle.db, account, sessionSecret));
      return { ballotId: ballot.id, planIds: project.planIds, voters, cookies };
    };
    const app = await make(true);
    const appPerVote = await make(true);
    const appTwoProcesses = options.twoProcesses ? await make(true) : null;
    const raw: BenchBallot[] = [];
    for (let i = 0; i < options.rawBallots; i += 1) raw.push(await make(false));
    const passwordHash = await hashPassword(password);
    await handle.db
      .update(accounts)
      .set({ passwordHash })
      .where(
        inArray(
          accounts.id,
          [...app.voters, ...appPerVote.voters, ...(appTwoProcesses?.voters ?? [])].map((v) => v.id),
        ),
      );
    await handle.db.execute(sql`analyze`);
    return { app, appPerVote, appTwoProcesses, raw, sessionSecret };
  } finally {
    await handle.close();
  }
}

// ---------------------------------------------------------------------------------------------------
// Integrity after the run.

const plain = (tally: Tally) =>
  plainTally(
    [...tally].flatMap(([planId, byRegion]) => [...byRegion].map(([regionId, c]) => ({ planId, regionId, ...c }))),
  );

export interface Integrity {
  /** The slots summed equal a recount of the vote rows. */
  tallyEqualsRecount: boolean;
  /** Each voter's vote rows hold the last choice the benchmark got acknowledged for each plan. */
  votesMatchAcknowledged: boolean;
  voteRows: number;
  slotRows: number;
  /** The recount in `plainTally` form: what the last notice must show once every vote is in it. */
  recount: string;
}

/** `expected`: voter id → plan id → the last acknowledged choice. */
export async function checkIntegrity(
  db: Db,
  ballot: BenchBallot,
  expected: Map<number, Map<number, VoteChoice>>,
): Promise<Integrity> {
  const rows = await voteRows(db, ballot.ballotId);
  const counters = await slotTally(db, ballot.ballotId);
  const [slots] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(ballotTallySlots)
    .where(eq(ballotTallySlots.ballotId, ballot.ballotId));
  const found = new Map(rows.map((r) => [`${r.voterId}/${r.planId}`, r.choice]));
  let matches = found.size === [...expected.values()].reduce((n, byPlan) => n + byPlan.size, 0);
  for (const [voterId, byPlan] of expected)
    for (const [planId, choice] of byPlan) if (found.get(`${voterId}/${planId}`) !== choice) matches = false;
  const recount = plain(tallyVotes(rows));
  return {
    tallyEqualsRecount: plain(counters) === recount,
    votesMatchAcknowledged: matches,
    voteRows: rows.length,
    slotRows: Number(slots?.n ?? 0),
    recount,
  };
}
