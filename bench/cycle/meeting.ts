import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { availableParallelism, loadavg } from "node:os";
import { z } from "zod";
import {
  createBenchDatabase,
  ensureBuild,
  root,
  runBenchmark,
  runCleanups as runServerCleanups,
  startServer,
} from "../support/comments-setup";
import { positiveInt } from "../support/bench-env";
import { onCleanup, runCleanups, say, sleep } from "../realtime/realtime-cleanup";
import { percentile } from "../realtime/realtime-report";
import { startBareServer, trpcMutation } from "../realtime/realtime-servers";
import { databasePolls, seedMeeting } from "./meeting-setup";
import type { WatchCommand, WatchReply, WatchReport } from "./meeting-watchers";

/**
 * Issue #18's meeting benchmark: 300 participants follow one live meeting on their own sockets,
 * applying each event to their copy of the page's cache; the chair advances the agenda and opens 10
 * polls one after another, everyone votes in each (HTTP tRPC, bounded concurrency), the chair closes
 * each. Beside it, in the same run, a bare socket.io server broadcasts payloads of the same size to
 * the same number of clients: the baseline. Ends with `name=value` lines.
 */

const participants = positiveInt("BENCH_MEETING_PARTICIPANTS", 300);
const polls = positiveInt("BENCH_MEETING_POLLS", 10);
const regions = positiveInt("BENCH_MEETING_REGIONS", 4);
/** Votes in flight at once, as the ballot benchmark's 50 voters. */
const voteConcurrency = positiveInt("BENCH_MEETING_VOTE_CONCURRENCY", 50);
const bareEvents = positiveInt("BENCH_MEETING_BARE_EVENTS", 300);
const targets = { closeToResult: 500, fanout: 150 };

/** One forked watcher process, asked one thing at a time. */
function startWatchers(label: string) {
  const child: ChildProcess = fork(path.join(root, "bench/cycle/meeting-watchers.ts"), [], {
    cwd: root,
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  onCleanup(`stop ${label}`, async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    await exited;
  });
  return <T extends WatchReply["type"]>(command: WatchCommand, type: T, timeoutMs: number) =>
    new Promise<Extract<WatchReply, { type: T }>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${label} did not answer ${command.type}`)), timeoutMs);
      child.once("message", (reply: WatchReply) => {
        clearTimeout(timer);
        if (reply.type === type) resolve(reply as Extract<WatchReply, { type: T }>);
        else reject(new Error(`${label} answered ${reply.type} to ${command.type}`));
      });
      child.send(command);
    });
}

async function connectWatchers(ask: ReturnType<typeof startWatchers>, command: WatchCommand): Promise<number> {
  const connected = await ask(command, "connected", 300_000);
  if (connected.failed > 0) say(`  ${connected.failed} failed to connect: ${connected.errors.slice(0, 3).join("; ")}`);
  return connected.connected;
}

const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "NaN");
const voteOutput = z.object({ tally: z.object({ overall: z.object({ voters: z.number() }) }) });
const choices = ["yes", "no", "abstain"] as const;

async function main(): Promise<void> {
  await ensureBuild();
  const database = await createBenchDatabase("meeting");
  say(
    `seeding: a coordination meeting in session, ${participants} participants over ${regions} regions, ${polls} items`,
  );
  const meeting = await seedMeeting(database, { participants, regions, items: polls });
  const server = await startServer(database, { NEXTAUTH_SECRET: meeting.sessionSecret });
  const mutate = (procedure: string, input: unknown, cookie: string) =>
    trpcMutation(server.base, procedure, input, cookie, z.unknown());

  const app = startWatchers("meeting watchers");
  say(`connecting ${participants} participants' pages to meeting:${meeting.meetingId}`);
  const watchers = await connectWatchers(app, {
    type: "connect",
    url: server.base,
    meetingId: meeting.meetingId,
    cookies: meeting.participantCookies,
  });
  say(`  ${watchers} watching`);

  /** Request key → when its answer arrived; poll id → when the chair's closePoll started. */
  const ackAt = new Map<string, number>();
  const closeStartedAt = new Map<number, number>();
  const voteAckMs: number[] = [];
  let voteErrors = 0;
  const loadBefore = loadavg()[0]!;
  const started = performance.now();
  for (let round = 0; round < polls; round += 1) {
    const itemId = meeting.itemIds[round]!;
    await mutate("meetings.setCurrentItem", { itemId }, meeting.chairCookie);
    ackAt.set(`item:${itemId}`, Date.now());
    const opened = await trpcMutation(
      server.base,
      "meetings.openPoll",
      {
        meetingId: meeting.meetingId,
        kind: "yes_no",
        questionZh: `第 ${round + 1} 项：是否同意？`,
        questionEn: `Item ${round + 1}: do we agree?`,
        rule: "simple_majority",
      },
      meeting.chairCookie,
      z.object({ pollId: z.number() }),
    );
    const { pollId } = opened;
    ackAt.set(`open:${pollId}`, Date.now());
    let next = 0;
    const voter = async () => {
      while (next < meeting.participantCookies.length) {
        const i = next;
        next += 1;
        const t0 = performance.now();
        try {
          const { tally } = await trpcMutation(
            server.base,
            "meetings.votePoll",
            { pollId, answer: { kind: "yes_no", choice: choices[(i + round) % choices.length] } },
            meeting.participantCookies[i]!,
            voteOutput,
          );
          ackAt.set(`vote:${pollId}:${tally.overall.voters}`, Date.now());
          voteAckMs.push(performance.now() - t0);
        } catch (error) {
          voteErrors += 1;
          if (voteErrors <= 3) say(`  vote error: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: voteConcurrency }, voter));
    closeStartedAt.set(pollId, Date.now());
    await mutate("meetings.closePoll", { pollId }, meeting.chairCookie);
    ackAt.set(`close:${pollId}`, Date.now());
    say(`  poll ${round + 1}/${polls} (id ${pollId}) closed`);
  }
  const runSeconds = (performance.now() - started) / 1000;
  const loadAfter = loadavg()[0]!;
  await sleep(2_000);
  const report: WatchReport = await app({ type: "report" }, "report", 120_000);

  // Fan-out: request answered → each watcher's receipt, over every (event, watcher) pair.
  const fanout: number[] = [];
  let beforeAck = 0;
  let unmatched = 0;
  for (const [key, at] of ackAt) {
    const receipts = report.receipts[key] ?? [];
    if (receipts.length < watchers) unmatched += watchers - receipts.length;
    for (const r of receipts) {
      if (r < at) beforeAck += 1;
      fanout.push(Math.max(0, r - at));
    }
  }
  const closeToResult: number[] = [];
  for (const [pollId, at] of closeStartedAt)
    for (const r of report.receipts[`result:${pollId}`] ?? []) closeToResult.push(r - at);
  const closedResults = [...closeStartedAt.keys()].reduce(
    (n, id) => n + (report.receipts[`result:${id}`]?.length ?? 0),
    0,
  );

  // The baseline: a bare socket.io server broadcasting the same-size payload to as many clients.
  process.env.BENCH_PAYLOAD_BYTES = String(Math.round(report.meanPayloadBytes));
  say(
    `baseline: bare socket.io, ${bareEvents} broadcasts of ~${Math.round(report.meanPayloadBytes)} B to ${watchers} clients at the app's event rate`,
  );
  const bare = await startBareServer(`meeting:${meeting.meetingId}`);
  const bareWatch = startWatchers("bare clients");
  const bareClients = await connectWatchers(bareWatch, { type: "bare", url: bare.url, count: watchers });
  // At the app run's mean event rate: back to back, the broadcasts would queue behind each other.
  const intervalMs = (runSeconds * 1000) / ackAt.size;
  for (let i = 0; i < bareEvents; i += 1) {
    const t0 = performance.now();
    await bare.channel.request({ type: "emit", key: i + 1 }, "emitted", 10_000);
    await sleep(intervalMs - (performance.now() - t0));
  }
  await sleep(1_000);
  const bareReport = await bareWatch({ type: "report" }, "report", 60_000);
  const bareMissed = bareEvents * bareClients - bareReport.fromSent.length;
  await runCleanups();

  // The truth: stop the server (PGlite is single-process), then read the polls from the database.
  process.kill(server.pid, "SIGTERM");
  for (let waited = 0; waited < 20_000; waited += 100) {
    try {
      process.kill(server.pid, 0);
    } catch {
      break;
    }
    await sleep(100);
  }
  const truth = await databasePolls(database, meeting.meetingId);
  const truthPolls = (JSON.parse(truth) as { status: string }[]).filter((p) => p.status === "closed").length;
  const matching = report.digests[truth] ?? 0;

  const fanoutP99 = percentile(fanout, 99);
  const closeP99 = percentile(closeToResult, 99);
  const bareP99 = percentile(bareReport.fromSent, 99);
  const appFromSentP99 = percentile(report.fromSent, 99);
  const cores = availableParallelism();
  say();
  say(
    `run: ${polls} polls × ${meeting.participantCookies.length} votes in ${fixed(runSeconds)} s; ${ackAt.size} requests matched to events, ${fanout.length} (event, watcher) pairs, ${beforeAck} receipts before the answer (counted as 0)`,
  );
  say(
    `fan-out from the answer: p50 ${fixed(percentile(fanout, 50))} ms, p99 ${fixed(fanoutP99)} ms (target < ${targets.fanout}: ${fanoutP99 < targets.fanout ? "met" : "NOT met"})`,
  );
  say(
    `close → result in every cache: p50 ${fixed(percentile(closeToResult, 50))} ms, p99 ${fixed(closeP99)} ms (target < ${targets.closeToResult}: ${closeP99 < targets.closeToResult ? "met" : "NOT met"})`,
  );
  say(
    `server sentAt → receipt: app p99 ${fixed(appFromSentP99)} ms, bare socket.io p99 ${fixed(bareP99)} ms (ratio ${fixed(appFromSentP99 / bareP99, 2)})`,
  );
  say(
    `caches: ${matching} of ${watchers} hold exactly the database's ${truthPolls} closed polls and tallies; ${report.refetches} refetches, ${report.disconnects} disconnects`,
  );
  say(`load average (1 min): ${fixed(loadBefore)} → ${fixed(loadAfter)} on ${cores} cores`);
  say();
  say(`meeting_poll_close_to_result_p99_ms=${fixed(closeP99)}`);
  say(`meeting_event_fanout_p99_ms=${fixed(fanoutP99)}`);
  say(`meeting_event_fanout_p50_ms=${fixed(percentile(fanout, 50))}`);
  say(`meeting_poll_close_to_result_p50_ms=${fixed(percentile(closeToResult, 50))}`);
  say(`app_fanout_from_sent_p99_ms=${fixed(appFromSentP99)}`);
  say(`bare_fanout_p99_ms=${fixed(bareP99)}`);
  say(`fanout_ratio_vs_bare=${fixed(appFromSentP99 / bareP99, 2)}`);
  say(`meeting_fanout_ratio_vs_bare=${fixed(fanoutP99 / bareP99, 2)}`);
  say(`out_of_order_arrivals=${report.outOfOrder}`);
  say(`follower_held_p99_ms=${fixed(percentile(report.heldMs, 99))}`);
  say(`vote_ack_p99_ms=${fixed(percentile(voteAckMs, 99))}`);
  say(`poll_results_match=${matching === watchers && truthPolls === polls && closedResults === polls * watchers}`);
  say(`missed_events=${report.missed + unmatched}`);
  say(`duplicate_events=${report.duplicates}`);
  say(`bare_missed_events=${bareMissed}`);
  say(`vote_errors=${voteErrors}`);
  say(`watchers=${watchers}`);
  say(`polls=${polls}`);
  say(`load_avg_1m=${fixed(Math.max(loadBefore, loadAfter))}`);
  say(`db=${database.kind}`);
}

async function cleanUp(): Promise<void> {
  await runCleanups();
  await runServerCleanups();
}

runBenchmark(main, cleanUp, "stopping the server and watchers and removing the database");
