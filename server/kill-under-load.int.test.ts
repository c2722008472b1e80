import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/db/client";
import { seedReferenceData } from "@/db/seed";
import { queryRows } from "@/db/sql";
import { tallyVotes, type Tally, type VoteChoice } from "./features/ballots/rules/ballot-rules";
import { slotTally, voteRows } from "./features/ballots/ballot-reads";
import { ballotProject, ballotSettings } from "./testing/ballots";
import { createRecordingPublisher } from "./infra/realtime/publisher";
import { callerFor, sessionCookieOf } from "./testing/fixtures";
import { createTestDatabase } from "./testing/test-database";

// A server killed with SIGKILL while votes pour in must keep every vote it acknowledged: the
// acknowledgement is sent only after the transaction committed. Runs on PGlite (a data folder the
// process holds) and on PostgreSQL when DATABASE_URL is set.
const secret = "kill-under-load-secret-0123456789-0123456789";
const onPostgres = Boolean(process.env.DATABASE_URL);
const children: ChildProcess[] = [];
const cleanups: Array<() => Promise<void> | void> = [];

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const cleanup of cleanups.reverse()) await cleanup();
});

interface Target {
  env: Record<string, string>;
  /** Opens the database from this process (for PGlite only while no server holds the folder). */
  open(): Promise<DatabaseHandle>;
}

async function prepareTarget(): Promise<Target> {
  if (onPostgres) {
    const handle = await createTestDatabase();
    cleanups.push(() => handle.close());
    const [row] = await queryRows<{ name: string }>(handle.db, sql`select current_database() as name`);
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${row!.name}`;
    return { env: { DATABASE_URL: url.toString() }, open: async () => ({ ...handle, close: async () => undefined }) };
  }
  const dir = mkdtempSync(path.join(tmpdir(), "xietong-kill-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const dataDir = path.join(dir, "pglite");
  const first = await openDatabase({ dataDir });
  await first.migrate();
  await seedReferenceData(first.db);
  await first.close();
  return { env: { DATABASE_URL: "", XIETONG_TEST_DATA_DIR: dataDir }, open: () => openDatabase({ dataDir }) };
}

async function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  // node --import tsx is one process, so SIGKILL hits the server itself.
  const child = spawn(process.execPath, ["--import", "tsx", "server/testing/vote-node.ts"], {
    env: { ...process.env, ...env, XIETONG_TEST_AUTH_SECRET: secret },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  const port = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`vote server exited with ${code}`)));
    child.stdout.on("data", (chunk: Buffer) => {
      const match = /READY (\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve()),
  );

interface Voter {
  id: number;
  cookie: string;
}

/** Tallies as sorted rows without empty slots, so a recount and the counters compare with toEqual. */
const plain = (tally: Tally) =>
  [...tally]
    .flatMap(([planId, byRegion]) => [...byRegion].map(([regionId, c]) => ({ planId, regionId, ...c })))
    .filter((r) => r.approve + r.reject + r.abstain > 0)
    .sort((a, b) => a.planId - b.planId || a.regionId - b.regionId);

const choices: VoteChoice[] = ["approve", "reject", "abstain"];

async function castOverHttp(url: string, voter: Voter, ballotId: number, planIds: number[], round: number) {
  const body = {
    json: { ballotId, choices: planIds.map((planId, p) => ({ planId, choice: choices[(voter.id + p + round) % 3]! })) },
  };
  const response = await fetch(`${url}/api/trpc/ballots.castVote`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: voter.cookie },
    body: JSON.stringify(body),
  });
  if (response.status !== 200) throw new Error(`vote refused with ${response.status}: ${await response.text()}`);
  return body.json.choices;
}

describe(`SIGKILL under vote load (${onPostgres ? "postgres" : "pglite"})`, () => {
  it("[VOTE] every acknowledged vote is in the database after a restart, and the counters equal a recount", async () => {
    const target = await prepareTarget();
    // Set the ballot up with this process holding the database, then hand it to the server.
    const setupDb = await target.open();
    const deps = { db: setupDb.db, publisher: createRecordingPublisher(), now: () => new Date(), inviteTtlHours: 72 };
    const setup = await ballotProject(deps, { members: [60, 60], plans: 2 });
    const ballotId = (await callerFor(deps, setup.members[0]![0]!.user).ballots.open(ballotSettings(setup.projectId)))
      .id;
    // Signed in while this process still holds the database: each voter's session row is written here.
    const voters: Voter[] = [];
    for (const { account } of setup.members.flat())
      voters.push({ id: account.id, cookie: await sessionCookieOf(setupDb.db, account, secret) });
    await setupDb.close();

    const server = await startServer(target.env);
    // Each voter votes, then changes their vote; the last acknowledged choice per voter is what counts.
    const acknowledged = new Map<number, Array<{ planId: number; choice: VoteChoice }>>();
    let failures = 0;
    let killed = false;
    const queue = voters.flatMap((voter) => [0, 1].map((round) => ({ voter, round })));
    queue.sort((a, b) => a.round - b.round);
    const worker = async () => {
      for (let job = queue.shift(); job; job = queue.shift()) {
        try {
          acknowledged.set(job.voter.id, await castOverHttp(server.url, job.voter, ballotId, setup.planIds, job.round));
        } catch (error) {
          if (!killed) throw error;
          failures += 1;
        }
        if (!killed && acknowledged.size >= 70) {
          killed = true;
          server.child.kill("SIGKILL");
        }
      }
    };
    await Promise.all(Array.from({ length: 12 }, worker));
    await exited(server.child);
    expect(killed).toBe(true);
    expect(server.child.signalCode).toBe("SIGKILL");
    // Some requests were in flight or queued when the process died, so the kill landed under load.
    expect(failures).toBeGreaterThan(0);
    expect(acknowledged.size).toBeGreaterThanOrEqual(70);

    // The restarted server answers from what survived.
    const restarted = await startServer(target.env);
    const someone = voters.find((v) => acknowledged.has(v.id))!;
    const mine = await fetch(
      `${restarted.url}/api/trpc/ballots.myVotes?input=${encodeURIComponent(JSON.stringify({ json: { ballotId } }))}`,
      {
        headers: { cookie: someone.cookie },
      },
    );
    expect(mine.status).toBe(200);
    restarted.child.kill("SIGTERM");
    await exited(restarted.child);

    const after = await target.open();
    try {
      const rows = await voteRows(after.db, ballotId);
      const stored = new Map<number, Map<number, VoteChoice>>();
      for (const row of rows) {
        const byPlan = stored.get(row.voterId) ?? new Map<number, VoteChoice>();
        byPlan.set(row.planId, row.choice);
        stored.set(row.voterId, byPlan);
      }
      for (const [voterId, expected] of acknowledged) {
        const byPlan = stored.get(voterId);
        expect(byPlan, `voter ${voterId}'s acknowledged vote`).toBeDefined();
        // A later, unacknowledged change may have committed just before the kill; the acknowledged
        // first-round vote must then have been replaced by that voter's second round, never lost.
        const got = expected.map((c) => ({ planId: c.planId, choice: byPlan!.get(c.planId) }));
        const secondRound = expected.map((c, p) => ({ planId: c.planId, choice: choices[(voterId + p + 1) % 3]! }));
        expect([JSON.stringify(expected), JSON.stringify(secondRound)]).toContain(JSON.stringify(got));
      }
      expect(plain(await slotTally(after.db, ballotId))).toEqual(plain(tallyVotes(rows)));
    } finally {
      await after.close();
    }
  }, 180_000);
});
