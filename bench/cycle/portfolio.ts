import { centralFunder, splitCost } from "@/server/features/fund/rules/cost-split";
import {
  equalSharesPortfolio,
  exactPortfolio,
  greedyPortfolio,
  withinCaps,
  type Candidate,
  type Funder,
} from "@/server/features/fund/rules/portfolio";

/**
 * The portfolio benchmark (issue #19): 60 proposals, 10 regions and the centre, random cost shares and
 * review scores, contributions that fund about half of what is asked. Several seeded instances, so the
 * figure is not one lucky draw; prints the slowest exact solve and the mean greedy shortfall.
 * Usage: npm run bench:portfolio [-- instances]
 */

const proposals = 60;
const regionCount = 10;
const instances = Number(process.argv[2] ?? 5);

/** mulberry32: a small seeded generator, so every run draws the same instances. */
function generator(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function instance(seed: number): { funders: Funder[]; candidates: Candidate[] } {
  const random = generator(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const centralBp = 3000;
  const asked = new Map<number, number>();
  const candidates: Candidate[] = Array.from({ length: proposals }, (_, i) => {
    const regions = new Set<number>();
    const size = int(2, 4);
    while (regions.size < size) regions.add(int(1, regionCount));
    const weights = [...regions].map(() => int(1, 10));
    const sum = weights.reduce((a, b) => a + b, 0);
    const bps = weights.map((w) => Math.floor((w * 10_000) / sum));
    bps[0] = bps[0]! + 10_000 - bps.reduce((a, b) => a + b, 0);
    const parts = splitCost(
      int(500, 8_000) * 1_000,
      centralBp,
      [...regions].map((regionId, k) => ({ regionId, costBp: bps[k]! })),
    );
    for (const part of parts) asked.set(part.funderId, (asked.get(part.funderId) ?? 0) + part.yuan);
    return { id: i + 1, score: int(100, 500), parts };
  });
  const funders: Funder[] = [centralFunder, ...Array.from({ length: regionCount }, (_, r) => r + 1)].map((id) => ({
    id,
    capYuan: Math.floor((asked.get(id) ?? 0) * (0.35 + random() * 0.3)),
  }));
  return { funders, candidates };
}

let slowest = 0;
let slowestCpu = 0;
let gapSum = 0;
let equalSharesGapSum = 0;
let allOptimal = true;
for (let seed = 1; seed <= instances; seed += 1) {
  const { funders, candidates } = instance(seed);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const exact = exactPortfolio(funders, candidates);
  const cpu = process.cpuUsage(cpuBefore);
  const ms = performance.now() - started;
  // CPU time too: on the shared machine the wall time mostly measures the other sessions' load.
  const cpuMs = (cpu.user + cpu.system) / 1000;
  slowestCpu = Math.max(slowestCpu, cpuMs);
  const greedy = greedyPortfolio(funders, candidates);
  const equal = equalSharesPortfolio(funders, candidates);
  for (const p of [exact, greedy, equal])
    if (!withinCaps(funders, candidates, p.selected).ok) throw new Error(`seed ${seed}: a portfolio is over a cap`);
  allOptimal &&= exact.optimal;
  slowest = Math.max(slowest, ms);
  const gap = (100 * (exact.totalScore - greedy.totalScore)) / exact.totalScore;
  gapSum += gap;
  equalSharesGapSum += (100 * (exact.totalScore - equal.totalScore)) / exact.totalScore;
  console.log(
    `seed ${seed}: exact ${ms.toFixed(1)} ms (cpu ${cpuMs.toFixed(1)} ms), ${exact.selected.length} funded, score ${exact.totalScore}; greedy ${greedy.totalScore} (${gap.toFixed(2)} % short); equal shares ${equal.totalScore}`,
  );
}
console.log(`portfolio_instances=${instances}`);
console.log(`portfolio_exact_proven=${allOptimal}`);
console.log(`portfolio_exact_ms=${slowest.toFixed(1)}`);
console.log(`portfolio_exact_cpu_ms=${slowestCpu.toFixed(1)}`);
console.log(`portfolio_gap_greedy_pct=${(gapSum / instances).toFixed(2)}`);
console.log(`portfolio_gap_equal_shares_pct=${(equalSharesGapSum / instances).toFixed(2)}`);
