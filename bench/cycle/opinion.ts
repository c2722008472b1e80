/**
 * bench:opinion — the opinion map's cost (see bench/README.md, "Opinion map").
 *
 * 1. The whole recompute (matrix, PCA, k = 2..5 with silhouette, statistics, k-anonymity) for
 *    BENCH_OPINION_PEOPLE × BENCH_OPINION_STATEMENTS at 40 % density, timed on this thread (wall and
 *    CPU time), interleaved with a baseline: the same map with the dense n × m power iteration (the
 *    projection before #20's speed-up, kept as `projectDense`); then the
 *    same jobs through the worker thread the server uses, while a 1 ms timer measures how late the
 *    event loop runs (the worst lag during the recomputes).
 *    The worker gets the votes packed in one transferred Int32Array, as the server sends them.
 * 2. The server's whole recompute from the database (`recomputeMap`: the round's votes this process
 *    holds brought up to date by the votes since, worker, store, publish) for the same planted round,
 *    BENCH_OPINION_DB_RUNS times, each after BENCH_OPINION_DB_CHANGES votes through the use-case,
 *    interleaved with the previous read path (every vote and participant read again: a cold start),
 *    each with its own worst event-loop lag.
 * 3. BENCH_OPINION_VOTERS voters voting flat out on one round in-process (the use-case, a real
 *    database: PGlite, or PostgreSQL on BENCH_DATABASE_URL), with BENCH_OPINION_WATCHERS in-process
 *    watchers applying every published map to their copy (no sockets: the socket fan-out is measured by
 *    bench:ballot). Vote ack = the use-case's return; vote → map = from a vote's ack to the first map
 *    event whose vote count includes it.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import { eq, sql } from "drizzle-orm";
import { forums, opinionParticipants, opinionStatements, opinionVotes, regions } from "@/db/schema";
import { queryRows } from "@/db/sql";
import { applyRoundEvent, type LiveRoundView } from "@/app/lib/live/opinion-round";
import { computeInWorker } from "@/server/features/opinions/map-worker-pool";
import { mapRefreshSettled } from "@/server/features/opinions/map-refresher";
import { recomputeMap } from "@/server/features/opinions/recompute-map";
import { forgetRoundMatrix } from "@/server/features/opinions/vote-matrix";
import { computeOpinionMap } from "@/server/features/opinions/rules/compute-map";
import { packVotes } from "@/server/features/opinions/rules/matrix";
import { projectDense } from "@/server/features/opinions/rules/pca";
import { plantedBlocs } from "@/server/features/opinions/rules/testing-data";
import { createRound } from "@/server/features/opinions/rounds";
import { addStatement } from "@/server/features/opinions/statements";
import { statementVoteCommitter, voteOnStatement } from "@/server/features/opinions/vote-statement";
import type { LiveEvent } from "@/server/infra/realtime/events";
import { insertAccounts } from "@/server/testing/ballots";
import { createTestAccount, createTestServices, regionIdsByCode, type TestServices } from "@/server/testing/fixtures";
import { positiveInt } from "../support/bench-env";

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};
const ms = (v: number) => Math.round(v * 10) / 10;
/**
 * Stops a loop-delay monitor one timer turn later: a block that ends the measured work is only seen
 * when the next timer fires late, and disabling at once would leave it out.
 */
const stopAfterNextTurn = async (monitor: IntervalHistogram) => {
  await new Promise((resolve) => setTimeout(resolve, 5));
  monitor.disable();
};

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
  // The worker gets the votes packed, as the server reads them (a copy per job: the array is transferred).
  const packed = packVotes(data.votes);
  await computeInWorker({ ...data, votes: packed.slice() }); // start the worker before measuring the loop
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
    await computeInWorker({ ...data, votes: packed.slice() });
    workerTimes.push(performance.now() - started);
  }
  await stopAfterNextTurn(lag);
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
  console.log(`opinion_loop_lag_p99_ms=${ms(lag.percentile(99) / 1e6)}`);
  console.log(`opinion_loop_lag_idle_max_ms=${ms(idle.max / 1e6)}`);
  console.log(`opinion_loop_lag_idle_p99_ms=${ms(idle.percentile(99) / 1e6)}`);
  return data;
}

type Planted = Awaited<ReturnType<typeof recomputeFigures>>;

/**
 * The server's whole recompute from the database for the same planted round: the input (`loadMapInput`,
 * from the round's matrix held in memory plus the votes since), the worker, the store. Interleaved with
 * the baseline, the previous read path: the matrix dropped, so every vote and participant is read again.
 * Each run's worst event-loop lag is kept apart.
 */
async function databaseFigures(services: TestServices, data: Planted) {
  const runs = positiveInt("BENCH_OPINION_DB_RUNS", 10);
  const { deps } = services;
  const db = deps.db;
  const member = await createTestAccount(db, { role: "member" });
  const [forum] = await db.select({ id: forums.id }).from(forums).where(eq(forums.slug, "innovation-investment"));
  const round = await createRound(deps, member.user, {
    forumId: forum!.id,
    question: "Bench map round",
    holdNewStatements: false,
    minVotes: 7,
  });
  const regionIds = [...(await db.select({ id: regions.id }).from(regions))].map((r) => r.id);
  const accountOf = new Map<number, number>();
  const people = await insertAccounts(db, regionIds[0]!, data.participants.length, "researcher");
  data.participants.forEach((p, i) => accountOf.set(p.id, people[i]!.account.id));
  const inserted = await db
    .insert(opinionStatements)
    .values(
      data.statements.map((s) => ({
        roundId: round.id,
        authorId: member.account.id,
        authorRegionId: member.account.regionId,
        text: `Bench statement ${s}`,
      })),
    )
    .returning({ id: opinionStatements.id });
  const statementOf = new Map(data.statements.map((s, i) => [s, inserted[i]!.id]));
  await db.insert(opinionParticipants).values(
    data.participants.map((p) => ({
      roundId: round.id,
      accountId: accountOf.get(p.id)!,
      regionId: regionIds[p.regionId % regionIds.length]!,
      organisationKind: p.organisationKind,
      pseudonym: p.pseudonym,
    })),
  );
  const choice = { 1: "agree", [-1]: "disagree", 0: "pass" } as const;
  for (let at = 0; at < data.votes.length; at += 5000)
    await db.insert(opinionVotes).values(
      data.votes.slice(at, at + 5000).map((v) => ({
        roundId: round.id,
        voterId: accountOf.get(v.participant)!,
        statementId: statementOf.get(v.statement)!,
        choice: choice[v.value],
      })),
    );

  // The statements' counters as the vote use-case keeps them (they size the read's slices).
  await db.execute(
    sql`update opinion_statements s set vote_count = (select count(*) from opinion_votes v where v.statement_id = s.id) where s.round_id = ${round.id}`,
  );

  const timed = async (run: () => Promise<unknown>, wall: number[], lags: number[]) => {
    const lag = monitorEventLoopDelay({ resolution: 1 });
    lag.enable();
    const started = performance.now();
    await run();
    wall.push(performance.now() - started);
    await stopAfterNextTurn(lag);
    lags.push(lag.max / 1e6);
  };
  // Before each recompute, as a live round has between two: BENCH_OPINION_DB_CHANGES votes through the
  // vote use-case (group-committed), new ones and changed ones, by voters of the planted round.
  const changes = positiveInt("BENCH_OPINION_DB_CHANGES", 200);
  const choices = ["agree", "disagree", "pass"] as const;
  let turn = 0;
  const castChanges = async () => {
    turn += 1;
    await Promise.all(
      Array.from({ length: changes }, (_, i) =>
        voteOnStatement(deps, people[(turn * 37 + i * 11) % people.length]!.user, {
          statementId: inserted[(turn * 13 + i * 7) % inserted.length]!.id,
          choice: choices[(turn + i) % 3]!,
        }),
      ),
    );
    await mapRefreshSettled(deps, round.id); // the use-case's own refresh, outside the measured recompute
  };
  await recomputeMap(deps, round.id); // warm-up
  const warmWall: number[] = [];
  const warmLag: number[] = [];
  const coldWall: number[] = [];
  const coldLag: number[] = [];
  // Every block of the event loop over 50 ms during the server's recomputes, named by the step that
  // was running when it ended (the last step a recompute named before the loop got its turn back).
  const steps: { at: number; step: string }[] = [];
  const trace = (step: string) => steps.push({ at: performance.now(), step });
  const blocks: { step: string; ms: number; cold: boolean }[] = [];
  let cold = false;
  let lastTick = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    if (now - lastTick > 50) {
      const during = steps.findLast((s) => s.at < now);
      blocks.push({ step: during?.step ?? "outside", ms: now - lastTick, cold });
    }
    lastTick = now;
  }, 1);
  const measured = async () => {
    await recomputeMap(deps, round.id, computeInWorker, trace);
    trace("published");
  };
  for (let i = 0; i < runs; i += 1) {
    // The server's recompute from the votes this process holds, brought up to date (vote-matrix.ts).
    await castChanges();
    trace("outside");
    lastTick = performance.now();
    cold = false;
    await timed(measured, warmWall, warmLag);
    trace("outside");
    // Baseline, the previous read path: every vote and participant read again (a cold start).
    await castChanges();
    forgetRoundMatrix(db, round.id);
    trace("outside");
    lastTick = performance.now();
    cold = true;
    await timed(measured, coldWall, coldLag);
    trace("outside");
  }
  clearInterval(ticker);
  console.log(`opinion_db_changes_between_recomputes=${changes}`);
  console.log(`opinion_db_recompute_p50_ms=${ms(percentile(warmWall, 50))}`);
  console.log(`opinion_db_recompute_p99_ms=${ms(percentile(warmWall, 99))}`);
  console.log(`opinion_db_loop_lag_max_ms=${ms(Math.max(...warmLag))}`);
  console.log(`opinion_db_loop_lag_p50_ms=${ms(percentile(warmLag, 50))}`);
  for (const [suffix, which] of [
    ["", false],
    ["_cold_baseline", true],
  ] as const) {
    const mine = blocks.filter((b) => b.cold === which && b.step !== "outside");
    console.log(`opinion_db_blocks_over_50ms${suffix}=${mine.length}`);
    const worst = new Map<string, number[]>();
    for (const b of mine) worst.set(b.step, [...(worst.get(b.step) ?? []), b.ms]);
    for (const [step, lags] of [...worst].sort())
      console.log(`opinion_db${suffix}_block_${step}_max_ms=${ms(Math.max(...lags))} (n=${lags.length})`);
  }
  console.log(`opinion_db_cold_baseline_recompute_p50_ms=${ms(percentile(coldWall, 50))}`);
  console.log(`opinion_db_cold_baseline_loop_lag_max_ms=${ms(Math.max(...coldLag))}`);
  console.log(`opinion_db_cold_baseline_loop_lag_p50_ms=${ms(percentile(coldLag, 50))}`);
}

async function voteStorm(services: TestServices, groupCommit: boolean) {
  const voterCount = positiveInt("BENCH_OPINION_VOTERS", 200);
  const watcherCount = positiveInt("BENCH_OPINION_WATCHERS", 300);
  const statementCount = positiveInt("BENCH_OPINION_VOTE_STATEMENTS", 5);
  const deps = { ...services.deps, voteGroupCommit: groupCommit };
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
      mapTimes.push({ at: performance.now(), votes: watchers[0]?.map?.map.votes ?? 0 });
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
  await stopAfterNextTurn(lag);
  deps.publisher.publish = publish;
  // A vote's map is the first published map counting at least as many votes as had committed by its ack.
  const toMap = ackedAt.flatMap(({ at, index }) => {
    const map = mapTimes.find((m) => m.at >= at && m.votes >= index);
    return map ? [map.at - at] : [];
  });
  const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(
    deps.db,
    sql`select count(*)::int as n from opinion_votes where round_id = ${round.id}`,
  );
  return {
    committed: n,
    acks,
    elapsed,
    toMap,
    maps: mapTimes.length,
    watcherVotes: watchers[0]?.map?.map.votes ?? 0,
    lagMax: lag.max / 1e6,
  };
}

/**
 * The storm with group commit (the server's default) and with one transaction per vote, in the same
 * run: alone, grouped, grouped, alone, so a load that drifts over the run weighs on both alike.
 */
async function voteFigures(services: TestServices) {
  const storms = { grouped: [] as Storm[], alone: [] as Storm[] };
  for (const groupCommit of [false, true, true, false])
    storms[groupCommit ? "grouped" : "alone"].push(await voteStorm(services, groupCommit));
  for (const [mode, runs] of Object.entries(storms)) {
    const suffix = mode === "grouped" ? "" : "_alone";
    const acks = runs.flatMap((r) => r.acks);
    const toMap = runs.flatMap((r) => r.toMap);
    const elapsed = runs.reduce((t, r) => t + r.elapsed, 0);
    console.log(`opinion_votes_committed${suffix}=${runs.map((r) => r.committed).join("+")}`);
    console.log(`opinion_vote_rate_per_s${suffix}=${Math.round((acks.length / elapsed) * 1000)}`);
    console.log(`opinion_vote_ack_p50_ms${suffix}=${ms(percentile(acks, 50))}`);
    console.log(`opinion_vote_ack_p99_ms${suffix}=${ms(percentile(acks, 99))}`);
    console.log(`opinion_map_updates${suffix}=${runs.map((r) => r.maps).join("+")}`);
    console.log(`opinion_update_p50_ms${suffix}=${ms(percentile(toMap, 50))}`);
    console.log(`opinion_update_p99_ms${suffix}=${ms(percentile(toMap, 99))}`);
    console.log(`opinion_watchers_final_votes${suffix}=${runs.map((r) => r.watcherVotes).join("+")}`);
    console.log(`opinion_vote_phase_loop_lag_max_ms${suffix}=${ms(Math.max(...runs.map((r) => r.lagMax)))}`);
  }
  const stats = statementVoteCommitter(services.deps.db).stats;
  console.log(`opinion_vote_batches=${stats.batches}`);
  console.log(`opinion_vote_largest_batch=${stats.largestBatch}`);
}

type Storm = Awaited<ReturnType<typeof voteStorm>>;

const planted = await recomputeFigures();
if (process.env.BENCH_DATABASE_URL) process.env.DATABASE_URL = process.env.BENCH_DATABASE_URL;
const services = await createTestServices();
await databaseFigures(services, planted);
await voteFigures(services);
await services.close();
process.exit(0);
