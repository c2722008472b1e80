import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { availableParallelism, loadavg } from "node:os";
import { z } from "zod";
import { openDatabase } from "@/db/client";
import { voteNoticeIntervalMs } from "@/server/features/ballots/vote-notices";
import { checkIntegrity, seedBallots, type BenchBallot, type Integrity } from "./ballot-setup";
import { runRaw, runVoters, type RawRun, type VoteRun } from "./ballot-voters";
import { watchReply, type SeenEvent, type WatchCommand, type WatchReply } from "./ballot-watchers";
import {
  createBenchDatabase,
  ensureBuild,
  processTreeCpuMs,
  root,
  runBenchmark,
  runCleanups as runServerCleanups,
  startServer,
  type BenchDatabase,
  type BenchServer,
} from "../support/comments-setup";
import { onCleanup, runCleanups, say, sleep } from "../realtime/realtime-cleanup";
import { percentile } from "../realtime/realtime-report";
import { trpcMutation } from "../realtime/realtime-servers";
import { streamKey } from "@/server/domain/stream-access";

/**
 * The ballot benchmark (issue #5): 500 sockets watch one ballot's running tally while 50 voters vote
 * as fast as they can; beside it, the same vote writes straight into SQL as the database's limit.
 * Ends with `name=value` lines.
 */

const seconds = Number(process.env.BENCH_SECONDS ?? 30);
/** The raw runs of the other counter designs, for comparison only: shorter. */
const variantSeconds = Number(process.env.BENCH_VARIANT_SECONDS ?? Math.min(seconds, 10));
const warmupSeconds = 3;
const watcherCount = Number(process.env.BENCH_WATCHERS ?? 500);
const watcherProcesses = 2;
/** Two regions of 25 voters, two plans: four (plan, region) tallies that every vote lands on. */
const members = [25, 25];
const plans = 2;
const targetP99Ms = 250;

// ---------------------------------------------------------------------------------------------------
// Watcher processes.

class Watchers {
  private replies: ((reply: WatchReply) => void)[] = [];
  private constructor(private readonly child: ChildProcess) {
    child.on("message", (message: unknown) => {
      const reply = watchReply.safeParse(message);
      if (reply.success) this.replies.shift()?.(reply.data);
      // A reply that does not parse would otherwise look like a watcher process that never answered.
      else
        say(
          `  a watcher process's reply did not parse: ${reply.error.issues
            .slice(0, 3)
            .map((i) => `${i.path.join(".")}: ${i.message}`)
            .join("; ")}`,
        );
    });
  }

  static start(): Watchers {
    const child = fork(path.join(root, "bench/ballot/ballot-watchers.ts"), [], {
      cwd: root,
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    onCleanup("stop watchers", async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    });
    return new Watchers(child);
  }

  request<T extends WatchReply["type"]>(
    command: WatchCommand,
    type: T,
    timeoutMs: number,
  ): Promise<Extract<WatchReply, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`watchers did not answer ${command.type} within ${timeoutMs / 1000} s`)),
        timeoutMs,
      );
      this.replies.push((reply) => {
        clearTimeout(timer);
        if (reply.type === type) resolve(reply as Extract<WatchReply, { type: T }>);
        else reject(new Error(`watchers answered ${reply.type} to ${command.type}`));
      });
      this.child.send(command);
    });
  }
}

/** The events of all watcher processes, merged per seq. */
function mergeEvents(reports: Extract<WatchReply, { type: "report" }>[]): SeenEvent[] {
  const bySeq = new Map<number, SeenEvent>();
  for (const report of reports) {
    for (const event of report.events) {
      const entry = bySeq.get(event.seq);
      if (!entry) bySeq.set(event.seq, { ...event });
      else {
        entry.receivers += event.receivers;
        entry.sentAt ??= event.sentAt;
        entry.duplicates += event.duplicates;
        entry.firstReceivedAt = Math.min(entry.firstReceivedAt, event.firstReceivedAt);
        entry.lastReceivedAt = Math.max(entry.lastReceivedAt, event.lastReceivedAt);
      }
    }
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

// ---------------------------------------------------------------------------------------------------
// Vote to watcher.

interface WatcherFigures {
  /** Per resolved vote: last watcher's receipt of the first notice surely counting it − the vote's answer. */
  fromAck: number[];
  /** The same, from the start of the vote's request: an upper bound on commit → last watcher. */
  fromSend: number[];
  /** Votes answered after the last notice began, resolved by that notice's tallies being the final recount. */
  byFinalNotice: number;
  unresolved: number;
}

/**
 * A notice counts every vote that committed before its statement read the counters, and its `at`
 * (the transaction's start, PostgreSQL's now()) is before that read; a vote committed before its
 * answer arrived. So the first notice, in seq order, whose `at` is after a vote's answer surely counts
 * that vote (an earlier one may too: the method errs towards later). Later notices count it as well,
 * so once every watcher has that notice, every watcher shows the vote.
 *
 * The last votes of the run may be answered only after the last notice began (their commit asked for
 * it, their answer was slower). If that notice's tallies are the final recount, it counts them: their
 * figure is its last receipt − their answer, or 0 if every watcher had it before the answer.
 */
function voteToWatcher(run: VoteRun, events: SeenEvent[], finalRecount: string): WatcherFigures {
  const figures: WatcherFigures = { fromAck: [], fromSend: [], byFinalNotice: 0, unresolved: 0 };
  const last = events.at(-1);
  const lastCountsAll = last !== undefined && last.tallies === finalRecount;
  run.ackAt.forEach((ackAt, i) => {
    let event = events.find((e) => e.atMs > ackAt);
    if (!event && lastCountsAll) {
      event = last;
      figures.byFinalNotice += 1;
    }
    if (!event) {
      figures.unresolved += 1;
      return;
    }
    figures.fromAck.push(Math.max(0, event.lastReceivedAt - ackAt));
    figures.fromSend.push(event.lastReceivedAt - run.startedAt[i]!);
  });
  return figures;
}

// ---------------------------------------------------------------------------------------------------

const castVoteOutput = z.object({ ballotId: z.number(), changed: z.number() });

/** Where a vote's time goes, from the server's own metrics (/api/metrics) and /proc. */
interface ServerSide {
  /** Mean time inside the ballots.castVote procedure (its transaction, waiting for a connection included). */
  procedureMeanMs: number;
  /** Clients waiting for a pool connection, sampled every 500 ms (PostgreSQL; PGlite reports 0). */
  poolWaitingMean: number;
  poolWaitingMax: number;
  /** Server process CPU per acknowledged vote (PostgreSQL's own CPU not included). */
  cpuMsPerVote: number;
}

async function scrapeMetrics(
  base: string,
): Promise<{ procedureSum: number; procedureCount: number; poolWaiting: number }> {
  const text = await fetch(`${base}/api/metrics`, { signal: AbortSignal.timeout(10_000) }).then((r) => r.text());
  const value = (pattern: RegExp) =>
    text
      .split("\n")
      .filter((line) => pattern.test(line))
      .reduce((n, line) => n + Number(line.split(" ").at(-1)), 0);
  return {
    procedureSum: value(/^xietong_trpc_duration_seconds_sum\{[^}]*procedure="ballots\.castVote"/),
    procedureCount: value(/^xietong_trpc_duration_seconds_count\{[^}]*procedure="ballots\.castVote"/),
    poolWaiting: value(/^xietong_db_pool_connections\{state="waiting"\}/),
  };
}

/** The metrics of several servers, summed. */
async function scrapeAll(bases: string[]): ReturnType<typeof scrapeMetrics> {
  const all = await Promise.all(bases.map(scrapeMetrics));
  return {
    procedureSum: all.reduce((n, m) => n + m.procedureSum, 0),
    procedureCount: all.reduce((n, m) => n + m.procedureCount, 0),
    poolWaiting: all.reduce((n, m) => n + m.poolWaiting, 0),
  };
}

/** CPU of several servers' process trees, summed; null if any cannot be read. */
function serversCpuMs(pids: number[]): number | null {
  let total = 0;
  for (const pid of pids) {
    const ms = processTreeCpuMs(pid);
    if (ms === null) return null;
    total += ms;
  }
  return total;
}

/** Watches the servers while `work` runs. */
async function observeServer<T>(
  bases: string[],
  pids: number[],
  work: () => Promise<T>,
  votes: (result: T) => number,
): Promise<{ result: T; server: ServerSide }> {
  const before = await scrapeAll(bases);
  const cpuBefore = serversCpuMs(pids);
  const waiting: number[] = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      await sleep(500);
      if (sampling) waiting.push((await scrapeAll(bases)).poolWaiting);
    }
  })();
  const result = await work();
  sampling = false;
  await sampler;
  const cpuAfter = serversCpuMs(pids);
  const after = await scrapeAll(bases);
  return {
    result,
    server: {
      procedureMeanMs:
        ((after.procedureSum - before.procedureSum) * 1000) / (after.procedureCount - before.procedureCount),
      poolWaitingMean: waiting.reduce((n, w) => n + w, 0) / waiting.length,
      poolWaitingMax: Math.max(...waiting),
      cpuMsPerVote: cpuBefore === null || cpuAfter === null ? Number.NaN : (cpuAfter - cpuBefore) / votes(result),
    },
  };
}

async function stopServer(pid: number): Promise<void> {
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  process.kill(pid, "SIGTERM");
  for (let waited = 0; alive(); waited += 100) {
    if (waited > 15_000) process.kill(pid, "SIGKILL");
    await sleep(100);
  }
}

/**
 * The app's run on `ballot`: `servers` app processes (more than one share events through Redis at
 * `serverEnv.REDIS_URL`); watcher process i follows server i mod n, voter i votes through server i mod n.
 */
async function measureApp(
  database: BenchDatabase,
  ballot: BenchBallot,
  serverEnv: Record<string, string>,
  serverCount = 1,
) {
  const servers: BenchServer[] = [];
  for (let i = 0; i < serverCount; i += 1) servers.push(await startServer(database, serverEnv));
  const baseOfVoter = new Map(ballot.voters.map((voter, i) => [voter.id, servers[i % serverCount]!.base]));
  // Session cookies minted at seeding with the server's secret (sign-ins over HTTP time out under load).
  const cookies = ballot.cookies;
  const fleets = Array.from({ length: watcherProcesses }, () => Watchers.start());
  const stream = streamKey({ kind: "ballot", id: ballot.ballotId });
  say(`connecting ${watcherCount} watchers to ${stream} from ${watcherProcesses} processes`);
  const connected = await Promise.all(
    fleets.map((fleet, i) =>
      fleet.request(
        {
          type: "connect",
          url: servers[i % serverCount]!.base,
          stream,
          count: Math.floor(watcherCount / watcherProcesses) + (i < watcherCount % watcherProcesses ? 1 : 0),
          concurrency: 20,
        },
        "connected",
        120_000,
      ),
    ),
  );
  const watchers = connected.reduce((n, c) => n + c.connected, 0);
  const failed = connected.reduce((n, c) => n + c.failed, 0);
  if (failed > 0)
    say(
      `  ${failed} watchers failed to connect: ${connected
        .flatMap((c) => c.errors)
        .slice(0, 3)
        .join("; ")}`,
    );
  say(`  ${watchers} watchers subscribed`);

  const cast = async (voter: BenchBallot["voters"][number], vote: { planId: number; choice: string }) => {
    const outcome = await trpcMutation(
      baseOfVoter.get(voter.id)!,
      "ballots.castVote",
      { ballotId: ballot.ballotId, choices: [vote] },
      cookies.get(voter.id) ?? "",
      castVoteOutput,
    );
    if (outcome.changed !== 1) throw new Error(`castVote changed ${outcome.changed} marks, expected 1`);
  };
  say(`warming up: ${warmupSeconds} s of voting`);
  const warmup = await runVoters(ballot, warmupSeconds, cast);
  // Let the warm-up's last notices go out before measuring.
  await sleep(voteNoticeIntervalMs + 500);
  say(`measuring: ${ballot.voters.length} voters voting as fast as they can for ${seconds} s`);
  const loadBefore = loadavg()[0]!;
  const { result: run, server: serverSide } = await observeServer(
    servers.map((server) => server.base),
    servers.map((server) => server.pid),
    () => runVoters(ballot, seconds, cast, warmup),
    (r) => r.ackMs.length,
  );
  const loadAfter = loadavg()[0]!;
  // The last votes' notice goes out voteNoticeIntervalMs after them; give it time to arrive everywhere.
  await sleep(voteNoticeIntervalMs + 1_500);
  const reports = await Promise.all(fleets.map((fleet) => fleet.request({ type: "report" }, "report", 60_000)));
  const startAt = Math.min(...run.startedAt);
  const events = mergeEvents(reports).filter((e) => e.atMs >= startAt);
  await runCleanups();
  for (const server of servers) await stopServer(server.pid);
  const watcherRequests = reports.reduce((n, r) => n + r.requestsAfterLoad, 0);
  say(
    `  watchers received ${reports.reduce((n, r) => n + r.received, 0)} events; refused subscriptions: ${reports.flatMap((r) => r.refused).join("; ") || "none"}`,
  );
  const watcherRequestsPerSecond = watcherRequests / (Math.max(...reports.map((r) => r.sinceLoadMs)) / 1000);
  return {
    run,
    serverSide,
    warmupErrors: warmup.errors,
    events,
    watchers,
    failed,
    disconnects: reports.reduce((n, r) => n + r.disconnects, 0),
    loadBefore,
    loadAfter,
    watcherRequests,
    watcherRequestsPerSecond,
  };
}

const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "NaN");
const perSecond = (run: VoteRun) => run.ackMs.length / run.seconds;

async function main(): Promise<void> {
  await ensureBuild();
  const database = await createBenchDatabase("ballot");
  say(
    `seeding: ${1 + 3} ballots, each ${plans} plans across ${members.length} regions of ${members.join(" + ")} voters, running tallies shown`,
  );
  // BENCH_REDIS_URL on PostgreSQL: also run the app as two processes sharing events through Redis.
  const redisUrl = database.kind === "postgres" ? process.env.BENCH_REDIS_URL : undefined;
  if (process.env.BENCH_REDIS_URL && !redisUrl) say("BENCH_REDIS_URL ignored: two processes cannot share PGlite");
  const seeded = await seedBallots(database, { members, plans, rawBallots: 3, twoProcesses: redisUrl !== undefined });
  const [rawSlotted, rawOneRow, rawVotesOnly] = seeded.raw;
  if (!rawSlotted || !rawOneRow || !rawVotesOnly) throw new Error("seeding made too few ballots");

  const loadRawBefore = loadavg()[0]!;
  say(
    `raw baseline: the same writes straight into SQL, ${rawSlotted.voters.length} workers, ${database.kind === "postgres" ? "a pool of one connection each" : "one PGlite instance (one transaction at a time)"}`,
  );
  const raws: RawRun[] = [];
  raws.push(await runRaw(database, rawSlotted, "slotted", seconds));
  say(`  slotted counters (as the app): ${fixed(perSecond(raws[0]!), 0)} votes/s`);
  raws.push(await runRaw(database, rawOneRow, "one-row", variantSeconds));
  say(`  one counter row per plan and region: ${fixed(perSecond(raws[1]!), 0)} votes/s`);
  raws.push(await runRaw(database, rawVotesOnly, "votes-only", variantSeconds));
  say(`  vote rows only, no counters: ${fixed(perSecond(raws[2]!), 0)} votes/s`);
  const loadRawAfter = loadavg()[0]!;

  // The baseline in the same run: the same app with one transaction per vote (VOTE_GROUP_COMMIT=off),
  // on a ballot of its own. BENCH_PER_VOTE_BASELINE=0 skips it.
  const perVote =
    process.env.BENCH_PER_VOTE_BASELINE === "0"
      ? null
      : (say("app, one transaction per vote (VOTE_GROUP_COMMIT=off): the baseline"),
        await measureApp(database, seeded.appPerVote, {
          NEXTAUTH_SECRET: seeded.sessionSecret,
          VOTE_GROUP_COMMIT: "off",
        }));
  say("app, votes group-committed (the default)");
  const app = await measureApp(database, seeded.app, { NEXTAUTH_SECRET: seeded.sessionSecret });
  const twoProcesses =
    redisUrl && seeded.appTwoProcesses
      ? (say("app, two processes sharing events through Redis, votes group-committed"),
        await measureApp(
          database,
          seeded.appTwoProcesses,
          { NEXTAUTH_SECRET: seeded.sessionSecret, REDIS_URL: redisUrl },
          2,
        ))
      : null;

  const handle = await openDatabase({
    url: database.url,
    dataDir: database.dataDir,
    migrationsFolder: path.join(root, "db/migrations"),
  });
  let integrity: Integrity;
  let perVoteIntegrity: Integrity | null = null;
  let twoProcessesIntegrity: Integrity | null = null;
  const rawIntegrity: Integrity[] = [];
  try {
    integrity = await checkIntegrity(handle.db, seeded.app, app.run.expected);
    if (perVote) perVoteIntegrity = await checkIntegrity(handle.db, seeded.appPerVote, perVote.run.expected);
    if (twoProcesses && seeded.appTwoProcesses)
      twoProcessesIntegrity = await checkIntegrity(handle.db, seeded.appTwoProcesses, twoProcesses.run.expected);
    for (const [i, raw] of raws.entries())
      rawIntegrity.push(await checkIntegrity(handle.db, seeded.raw[i]!, raw.expected));
  } finally {
    await handle.close();
  }

  const { run, events } = app;
  const toWatcher = voteToWatcher(run, events, integrity.recount);
  const expectedDeliveries = events.length * app.watchers;
  const delivered = events.reduce((n, e) => n + e.receivers, 0);
  const duplicates = events.reduce((n, e) => n + e.duplicates, 0);
  const fanout = events.flatMap((e) => (e.sentAt === null ? [] : [e.lastReceivedAt - e.sentAt]));
  const [slotted, oneRow, votesOnly] = raws as [RawRun, RawRun, RawRun];
  const votesPerSecond = perSecond(run);
  const rawPerSecond = perSecond(slotted);
  const cores = availableParallelism();

  say();
  say(
    `${"what".padEnd(44)} ${"votes".padStart(7)} ${"votes/s".padStart(8)} ${"ack p50".padStart(8)} ${"ack p99".padStart(8)} ${"errors".padStart(7)}`,
  );
  const row = (label: string, r: VoteRun) =>
    say(
      `${label.padEnd(44)} ${String(r.ackMs.length).padStart(7)} ${fixed(perSecond(r), 0).padStart(8)} ${fixed(percentile(r.ackMs, 50)).padStart(8)} ${fixed(percentile(r.ackMs, 99)).padStart(8)} ${String(r.errors).padStart(7)}`,
    );
  row("app: ballots.castVote over HTTP", run);
  if (perVote) row("app, one transaction per vote (baseline)", perVote.run);
  row("raw SQL, slotted counters (as the app)", slotted);
  row("raw SQL, one counter row per plan & region", oneRow);
  row("raw SQL, vote rows only (recount per notice)", votesOnly);
  const { serverSide } = app;
  say(
    `server side: ${fixed(serverSide.procedureMeanMs)} ms mean inside ballots.castVote (answer mean ${fixed(run.ackMs.reduce((n, v) => n + v, 0) / run.ackMs.length)} ms), ` +
      `${fixed(serverSide.cpuMsPerVote)} ms server CPU per vote${database.kind === "postgres" ? ` (PostgreSQL's not included), pool waiters mean ${fixed(serverSide.poolWaitingMean)}, max ${serverSide.poolWaitingMax}` : " (PGlite runs inside it)"}`,
  );
  for (const r of [run, ...raws]) for (const message of r.firstErrors.slice(0, 2)) say(`  error: ${message}`);
  say();
  say(
    `tally notices: ${events.length} in ${fixed(run.seconds)} s (${fixed(events.length / run.seconds)}/s), each to ${app.watchers} watchers; fan-out (last receipt − sentAt) p50 ${fixed(percentile(fanout, 50))} ms, p99 ${fixed(percentile(fanout, 99))} ms`,
  );
  say(
    `deliveries: ${delivered} of ${expectedDeliveries}, ${duplicates} duplicates, ${app.disconnects} watchers disconnected, ${app.failed} failed to connect`,
  );
  say(
    `vote → last watcher: from the answer p50 ${fixed(percentile(toWatcher.fromAck, 50))} ms, p99 ${fixed(percentile(toWatcher.fromAck, 99))} ms; from the request's start p99 ${fixed(percentile(toWatcher.fromSend, 99))} ms; ${toWatcher.unresolved} votes not matched to a notice, ${toWatcher.byFinalNotice} matched by the final notice's tallies`,
  );
  say(
    `integrity: app ballot ${integrity.voteRows} vote rows, ${integrity.slotRows} slot rows, tally = recount ${integrity.tallyEqualsRecount}, rows = acknowledged marks ${integrity.votesMatchAcknowledged}`,
  );
  if (perVote && perVoteIntegrity)
    say(
      `           per-vote baseline ballot: ${perVoteIntegrity.voteRows} vote rows, tally = recount ${perVoteIntegrity.tallyEqualsRecount}, rows = acknowledged marks ${perVoteIntegrity.votesMatchAcknowledged}; server CPU per vote ${fixed(perVote.serverSide.cpuMsPerVote)} ms`,
    );
  for (const [i, r] of raws.entries()) {
    const check = rawIntegrity[i]!;
    say(
      `           raw ${r.design}: ${check.voteRows} vote rows, ${check.slotRows} slot rows, tally = recount ${r.design === "votes-only" ? "n/a" : check.tallyEqualsRecount}, rows = acknowledged marks ${check.votesMatchAcknowledged}`,
    );
  }
  const busy =
    Math.max(app.loadBefore, app.loadAfter, loadRawBefore, loadRawAfter) > cores
      ? " — the machine was busy; latencies include waiting for a CPU"
      : "";
  say(
    `load average (1 min): raw runs ${fixed(loadRawBefore)} → ${fixed(loadRawAfter)}, app run ${fixed(app.loadBefore)} → ${fixed(app.loadAfter)}, on ${cores} cores${busy}`,
  );
  const p99 = percentile(toWatcher.fromAck, 99);
  say(
    `target: p99 vote → watcher under ${targetP99Ms} ms: ${p99 < targetP99Ms ? "met" : "NOT met"} (${fixed(p99)} ms)`,
  );
  say();
  say(`votes_per_s=${fixed(votesPerSecond)}`);
  say(`raw_votes_per_s=${fixed(rawPerSecond)}`);
  if (perVote) {
    say(`per_vote_tx_votes_per_s=${fixed(perSecond(perVote.run))}`);
    say(`per_vote_tx_votes_ratio_vs_raw=${fixed(perSecond(perVote.run) / rawPerSecond, 3)}`);
    say(`per_vote_tx_vote_ack_p99_ms=${fixed(percentile(perVote.run.ackMs, 99))}`);
    say(`per_vote_tx_server_cpu_ms_per_vote=${fixed(perVote.serverSide.cpuMsPerVote)}`);
    say(`group_commit_speedup=${fixed(votesPerSecond / perSecond(perVote.run), 2)}`);
  }
  say(`votes_ratio_vs_raw=${fixed(votesPerSecond / rawPerSecond, 3)}`);
  say(`vote_ack_p50_ms=${fixed(percentile(run.ackMs, 50))}`);
  say(`vote_ack_p99_ms=${fixed(percentile(run.ackMs, 99))}`);
  say(`vote_to_watcher_p50_ms=${fixed(percentile(toWatcher.fromAck, 50))}`);
  say(`vote_to_watcher_p99_ms=${fixed(p99)}`);
  say(`watcher_requests=${app.watcherRequests}`);
  say(`watcher_requests_per_s=${fixed(app.watcherRequestsPerSecond)}`);
  // The baseline: the page before it applied payloads read ballots.get once per notice per watcher.
  say(`watcher_requests_per_s_if_refetching=${fixed((events.length / run.seconds) * app.watchers)}`);
  say(`vote_to_watcher_from_send_p99_ms=${fixed(percentile(toWatcher.fromSend, 99))}`);
  say(`votes_unmatched=${toWatcher.unresolved}`);
  say(`votes_matched_by_final_notice=${toWatcher.byFinalNotice}`);
  say(`raw_vote_ack_p99_ms=${fixed(percentile(slotted.ackMs, 99))}`);
  say(`raw_one_row_votes_per_s=${fixed(perSecond(oneRow))}`);
  say(`raw_votes_only_votes_per_s=${fixed(perSecond(votesOnly))}`);
  say(`vote_procedure_mean_ms=${fixed(serverSide.procedureMeanMs)}`);
  say(`server_cpu_ms_per_vote=${fixed(serverSide.cpuMsPerVote)}`);
  say(`tally_events=${events.length}`);
  say(`missed_deliveries=${expectedDeliveries - delivered}`);
  say(`duplicate_deliveries=${duplicates}`);
  say(`vote_errors=${run.errors + app.warmupErrors + (perVote ? perVote.run.errors + perVote.warmupErrors : 0)}`);
  say(`raw_vote_errors=${raws.reduce((n, r) => n + r.errors, 0)}`);
  say(
    `tally_equals_recount=${integrity.tallyEqualsRecount && (perVoteIntegrity?.tallyEqualsRecount ?? true) && rawIntegrity.every((check, i) => raws[i]!.design === "votes-only" || check.tallyEqualsRecount)}`,
  );
  say(
    `votes_match_acknowledged=${integrity.votesMatchAcknowledged && (perVoteIntegrity?.votesMatchAcknowledged ?? true) && rawIntegrity.every((check) => check.votesMatchAcknowledged)}`,
  );
  if (twoProcesses && twoProcessesIntegrity) {
    const two = twoProcesses;
    const twoToWatcher = voteToWatcher(two.run, two.events, twoProcessesIntegrity.recount);
    say(`votes_per_s_two_processes=${fixed(perSecond(two.run))}`);
    say(`two_processes_speedup_vs_one=${fixed(perSecond(two.run) / votesPerSecond, 2)}`);
    say(`two_processes_vote_ack_p99_ms=${fixed(percentile(two.run.ackMs, 99))}`);
    say(`two_processes_vote_to_watcher_p99_ms=${fixed(percentile(twoToWatcher.fromAck, 99))}`);
    say(`two_processes_server_cpu_ms_per_vote=${fixed(two.serverSide.cpuMsPerVote)}`);
    say(
      `two_processes_missed_deliveries=${two.events.length * two.watchers - two.events.reduce((n, e) => n + e.receivers, 0)}`,
    );
    say(`two_processes_vote_errors=${two.run.errors + two.warmupErrors}`);
    say(`two_processes_tally_equals_recount=${twoProcessesIntegrity.tallyEqualsRecount}`);
    say(`two_processes_votes_match_acknowledged=${twoProcessesIntegrity.votesMatchAcknowledged}`);
    say(`two_processes_load_avg_1m=${fixed(Math.max(two.loadBefore, two.loadAfter))}`);
  }
  say(`voters=${seeded.app.voters.length}`);
  say(`watchers=${app.watchers}`);
  say(`seconds=${fixed(run.seconds)}`);
  say(`load_avg_1m=${fixed(Math.max(app.loadBefore, app.loadAfter))}`);
  say(`db=${database.kind}`);
}

async function cleanUp(): Promise<void> {
  await runCleanups();
  await runServerCleanups();
}

runBenchmark(main, cleanUp, "stopping the server and watchers and removing the database");
