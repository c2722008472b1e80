import { parentPort } from "node:worker_threads";
import { computeOpinionMap, type MapInput } from "./rules/compute-map";

/** The opinion-map arithmetic on its own thread (see map-worker-pool.ts). */
const port = parentPort;
if (!port) throw new Error("map-worker must run as a worker thread");

port.on(
  "message",
  (job: { id: number; input: Omit<MapInput, "previousLabels"> & { previousLabels: [number, number][] } }) => {
    try {
      const result = computeOpinionMap({ ...job.input, previousLabels: new Map(job.input.previousLabels) });
      port.postMessage({ id: job.id, map: result.map, labels: [...result.labels] });
    } catch (error) {
      port.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) });
    }
  },
);
port.postMessage("ready");
