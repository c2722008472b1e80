import { parentPort } from "node:worker_threads";
import { computeOpinionMap, type MapInput } from "./rules/compute-map";
import type { VoteCell, VoteValue } from "./rules/matrix";

/** The opinion-map arithmetic on its own thread (see map-worker-pool.ts). */
const port = parentPort;
if (!port) throw new Error("map-worker must run as a worker thread");

type Job = {
  id: number;
  input: Omit<MapInput, "previousLabels" | "votes"> & { votes: Int32Array; previousLabels: [number, number][] };
};

/** Votes arrive as (participant, statement, value) triples in one transferred array. */
function unpack(packed: Int32Array): VoteCell[] {
  const votes: VoteCell[] = [];
  for (let i = 0; i < packed.length; i += 3)
    votes.push({ participant: packed[i]!, statement: packed[i + 1]!, value: packed[i + 2] as VoteValue });
  return votes;
}

port.on("message", (job: Job) => {
  try {
    const votes = unpack(job.input.votes);
    const result = computeOpinionMap({ ...job.input, votes, previousLabels: new Map(job.input.previousLabels) });
    port.postMessage({ id: job.id, map: result.map, labels: [...result.labels] });
  } catch (error) {
    port.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) });
  }
});
port.postMessage("ready");
