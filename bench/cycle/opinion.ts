/**
 * bench:opinion — the opinion map's cost (see bench/README.md, "Opinion map").
 *
 * 1. The whole recompute (matrix, PCA, k = 2..5 with silhouette, statistics, k-anonymity) for
 *    BENCH_OPINION_PEOPLE × BENCH_OPINION_STATEMENTS at 40 % density, timed on this thread (wall and
 *    CPU time), interleaved with a baseline: the same map with the dense n × m power iteration (the
 *    projection before #20's speed-up, kept as `projectDense`); then the
 *    same jobs through the worker thread the server uses, while a 1 ms timer measures how late the
 *    event loop runs (the worst lag during the recomputes).
 * 2. BENCH_OPINION_VOTERS voters voting flat out on one round in-process (the use-case, a real
 *    database: PGlite, or PostgreSQL on BENCH_DATABASE_URL), with BENCH_OPINION_WATCHERS in-process
 *    watchers applying every published map to their copy (no sockets: the socket fan-out is measured by
 *    bench:ballot). Vote ack = the use-case's return; vote → map = from a vote's ack to the first map
 *    event whose vote count includes it.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { eq, sql } from "drizzle-orm";
import { forums } from "@/db/schema";
import { queryRows } from "@/db/sql";
import { applyRoundEvent, type LiveRoundView } from "@/app/lib/live/opinion-round";
import { computeInWorker } from "@/server/features/opinions/map-worker-pool";
import { mapRefreshSettled } from "@/server/features/opinions/map-refresher";
import { computeOpinionMap } from "@/server/features/opinions/rules/compute-map";
import { projectDense } from "@/server/features/opinions/rules/pca";
import { plantedBlocs } from "@/server/features/opinions/rules/testing-data";
import { createRound } from "@/server/features/opinions/rounds";
import { addStatement } from "@/server/features/opinions/statements";
import { voteOnStatement } from "@/server/features/opinions/vote-statement";
import type { LiveEvent } from "@/server/infra/realtime/events";
import { insertAccounts } from "@/server/testing/ballots";
import { createTestAccount, createTestServices, regionIdsByCode } from "@/server/testing/fixtures";
import { positiveInt } from "../support/bench-env";

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};
const ms = (v: number) => Math.round(v * 10) / 10;

async function recomputeFigures() {
  const people = positiveInt("BENCH_OPINION_PEOPLE", 1000);
  const statements = positiveInt("BENCH_OPINION_STATEMENTS", 200);
  const runs = positiveInt("BENCH_OPINION_RUNS", 20);
  const data = plantedBlocs({
    blocs: [
      Math.round(people * 0.4),
      Math.round(people * 0.35),
      people - Math.round(people * 0.4) - Math.round(people * 0.35),
    ],
    statements,
    density: 0.4,
    noise: 0.1,
    seed: 1,
    regions: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  });
  computeOpinionMap(data); // warm-up (JIT)
  computeOpinionMap(data, projectDense);
  // Interleaved with the baseline (the same map with the dense n × m power iteration the map used
  // before), so both see the same load on a shared machine.
  // CPU time beside wall time: on an oversubscribed machine the wall clock mostly measures the queue.
  const times: number[] = [];
  const cpuTimes: number[] = [];
  const baseline: number[] = [];
  const baselineCpu: number[] = [];
  const timed = (run: () => unknown, wall: number[], cpu: number[]) => {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    run();
    const used = process.cpuUsage(cpuStarted);
    wall.push(performance.now() - started);
    cpu.push((used.user + used.system) / 1000);
  };
  for (let i = 0; i < runs; i += 1) {
    timed(() => computeOpinionMap(data), times, cpuTimes);
    timed(() => computeOpinionMap(data, projectDense), baseline, baselineCpu);
  }
  await computeInWorker(data); // start the worker before measuring the loop
  // The loop's lag with nothing to do, over as long as the recomputes take: on a shared machine the
  // scheduler alone delays timers, and that part is not the recompute's.
  const idle = monitorEventLoopDelay({ resolution: 1 });
  idle.enable();
  await new Promise((resolve) => setTimeout(resolve, Math.max(1000, percentile(times, 50) * runs)));
  idle.disable();
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  const workerTimes: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await computeInWorker(data);
    workerTimes.push(performance.now() - started);
  }
  lag.disable();
  console.log(`opinion_votes=${data.votes.length}`);
  console.log(`opinion_recompute_p50_ms=${ms(percentile(times, 50))}`);
  console.log(`opinion_recompute_p99_ms=${ms(percentile(times, 99))}`);
  console.log(`opinion_recompute_cpu_p50_ms=${ms(percentile(cpuTimes, 50))}`);
  console.log(`opinion_recompute_cpu_p99_ms=${ms(percentile(cpuTimes, 99))}`);
  console.log(`opinion_recompute_dense_baseline_p50_ms=${ms(percentile(baseline, 50))}`);
  console.log(`opinion_recompute_dense_baseline_p99_ms=${ms(percentile(baseline, 99))}`);
  console.log(`opinion_recompute_dense_baseline_cpu_p50_ms=${ms(percentile(baselineCpu, 50))}`);
  console.log(`opinion_recompute_dense_baseline_cpu_p99_ms=${ms(percentile(baselineCpu, 99))}`);
  console.log(`opinion_worker_roundtrip_p99_ms=${ms(percentile(workerTimes, 99))}`);
  console.log(`opinion_loop_lag_max_ms=${ms(lag.max / 1e6)}`);
  console.log(`opinion_loop_lag_idle_max_ms=${ms(idle.max / 1e6)}`);
}

async function voteFigures() {
  const voterCount = positiveInt("BENCH_OPINION_VOTERS", 200);
  const watcherCount = positiveInt("BENCH_OPINION_WATCHERS", 300);
  const statementCount = positiveInt("BENCH_OPINION_VOTE_STATEMENTS", 5);
  if (process.env.BENCH_DATABASE_URL) process.env.DATABASE_URL = process.env.BENCH_DATABASE_URL;
  const services = await createTestServices();
  const { deps } = services;
  const member = await createTestAccount(deps.db, { role: "member" });
  const [forum] = await deps.db.select({ id: forums.id }).from(forums).where(eq(forums.slug, "innovation-investment"));
  const round = await createRound(deps, member.user, {
    forumId: forum!.id,
    question: "Bench round",
    holdNewStatements: false,
    minVotes: 7,
  });
  const ids: number[] = [];
  for (let j = 0; j < statementCount; j += 1)
    ids.push((await addStatement(deps, member.user, { roundId: round.id, text: `Bench statement ${j + 1}` })).id);
  const region = await regionIdsByCode(deps.db);
  const codes = ["shanghai", "hangzhou", "suzhou", "shenzhen", "beijing"];
  const voters = (
    await Promise.all(
      codes.map((c) => insertAccounts(deps.db, region(c), Math.ceil(voterCount / codes.length), "researcher")),
    )
  )
    .flat()
    .slice(0, voterCount);

  // Watchers: each holds its own copy of the round and applies every published event to it.
  const watchers: LiveRoundView[] = Array.from({ length: watcherCount }, () => ({
    round: { state: "open" },
    statements: [],
    map: null,
    headSeq: 0,
  }));
  const mapTimes: { at: number; votes: number }[] = [];
  const publish = deps.publisher.publish.bind(deps.publisher);
  deps.publisher.publish = (events: readonly LiveEvent[]) => {
    publish(events);
    for (const event of events) {
      if (event.type !== "opinionMap:updated") continue;
      for (let w = 0; w < watchers.length; w += 1) watchers[w] = applyRoundEvent(watchers[w]!, event);
      mapTimes.push({ at: performance.now(), votes: event.payload.map.votes });
    }
  };
  const acks: number[] = [];
  const ackedAt: { at: number; index: number }[] = [];
  let committed = 0;
  // The event loop during the storm: votes, map reads from the database, worker round trips, stores.
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  const started = performance.now();
  await Promise.all(
    voters.map(async (voter, v) => {
      for (let j = 0; j < statementCount; j += 1) {
        const t0 = performance.now();
        await voteOnStatement(deps, voter.user, {
          statementId: ids[(j + v) % statementCount]!,
          choice: (["agree", "disagree", "pass"] as const)[(v + j) % 3]!,
        });
        const t1 = performance.now();
        acks.push(t1 - t0);
        committed += 1;
        ackedAt.push({ at: t1, index: committed });
      }
    }),
  );
  const elapsed = performance.now() - started;
  await mapRefreshSettled(deps, round.id);
  lag.disable();
  // A vote's map is the first published map counting at least as many votes as had committed by its ack.
  const toMap = ackedAt.flatMap(({ at, index }) => {
    const map = mapTimes.find((m) => m.at >= at && m.votes >= index);
    return map ? [map.at - at] : [];
  });
  const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(deps.db, sql`select count(*)::int as n from opinion_votes`);
  console.log(`opinion_votes_committed=${n}`);
  console.log(`opinion_vote_rate_per_s=${Math.round((acks.length / elapsed) * 1000)}`);
  console.log(`opinion_vote_ack_p50_ms=${ms(percentile(acks, 50))}`);
  console.log(`opinion_vote_ack_p99_ms=${ms(percentile(acks, 99))}`);
  console.log(`opinion_map_updates=${mapTimes.length}`);
  console.log(`opinion_update_p50_ms=${ms(percentile(toMap, 50))}`);
  console.log(`opinion_update_p99_ms=${ms(percentile(toMap, 99))}`);
  console.log(`opinion_watchers_final_votes=${watchers[0]?.map?.map.votes ?? 0}`);
  console.log(`opinion_vote_phase_loop_lag_max_ms=${ms(lag.max / 1e6)}`);
  await services.close();
}

await recomputeFigures();
await voteFigures();
process.exit(0);
