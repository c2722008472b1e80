import type { StormOutcome } from "@/server/testing/vote-storm";
import { percentile } from "../realtime/realtime-report";

/**
 * The close under a vote storm (issue #24): how long a chair's close takes while voters keep voting
 * as fast as they can, against the same close with nobody voting, and whether any vote was counted
 * after the close took effect. PGlite in memory, or a fresh database on BENCH_DATABASE_URL.
 * Ends with `name=value` lines.
 */

process.env.XIETONG_SCRYPT_COST ??= "fast";
const benchUrl = process.env.BENCH_DATABASE_URL;
// Never a real database: only the benchmark's own (createTestDatabase makes and drops it).
if (benchUrl) process.env.DATABASE_URL = benchUrl;
else delete process.env.DATABASE_URL;

const runs = Number(process.env.BENCH_RUNS ?? 5);
const workers = Number(process.env.BENCH_WORKERS ?? 16);
const leadMs = Number(process.env.BENCH_LEAD_MS ?? 1_500);
const members = [40, 40];

async function main() {
  const { createTestServices, callerFor } = await import("@/server/testing/fixtures");
  const { ballotProject, ballotSettings } = await import("@/server/testing/ballots");
  const { closeUnderStorm } = await import("@/server/testing/vote-storm");
  const services = await createTestServices();
  try {
    async function once(storm: boolean) {
      const setup = await ballotProject(services.deps, { members, plans: 2 });
      const chair = setup.members[0]![0]!;
      const ballotId = (await callerFor(services.deps, chair.user).ballots.open(ballotSettings(setup.projectId))).id;
      return closeUnderStorm(services.deps, {
        ballotId,
        chair,
        voters: setup.members.flat(),
        planIds: setup.planIds,
        workers,
        leadMs: storm ? leadMs : 0,
      });
    }
    const baseline: StormOutcome[] = [];
    const stormed: StormOutcome[] = [];
    // Interleaved, so a change in the machine's load falls on both.
    for (let i = 0; i < runs; i += 1) {
      baseline.push(await once(false));
      stormed.push(await once(true));
    }
    const ms = (list: typeof stormed) => list.map((o) => o.closeMs).sort((a, b) => a - b);
    const sum = (
      list: typeof stormed,
      key: "countedAfterClose" | "acknowledgedAfterAnswer" | "lostAcknowledged" | "acknowledged" | "refused",
    ) => list.reduce((s, o) => s + o[key], 0);
    const errors = stormed.flatMap((o) => o.otherErrors);
    if (errors.length > 0) console.error(`unexpected vote errors: ${errors.slice(0, 3).join("; ")}`);
    console.log(`database=${benchUrl ? "postgres" : "pglite"}`);
    console.log(`runs=${runs}`);
    console.log(`storm_workers=${workers}`);
    console.log(`close_baseline_ms=${percentile(ms(baseline), 50).toFixed(1)}`);
    console.log(`close_baseline_p99_ms=${percentile(ms(baseline), 99).toFixed(1)}`);
    console.log(`close_under_storm_ms=${percentile(ms(stormed), 50).toFixed(1)}`);
    console.log(`close_under_storm_p99_ms=${percentile(ms(stormed), 99).toFixed(1)}`);
    console.log(`storm_votes_acknowledged=${sum(stormed, "acknowledged")}`);
    console.log(`storm_votes_refused_closed=${sum(stormed, "refused")}`);
    console.log(`votes_counted_after_close=${sum(stormed, "countedAfterClose")}`);
    console.log(`votes_acknowledged_after_close_answered=${sum(stormed, "acknowledgedAfterAnswer")}`);
    console.log(`acknowledged_votes_lost=${sum(stormed, "lostAcknowledged")}`);
  } finally {
    await services.close();
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
