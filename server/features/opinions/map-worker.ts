import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { parentPort } from "node:worker_threads";
import { computeOpinionMap, type MapInput } from "./rules/compute-map";
import { packMapResult } from "./rules/map-codec";
import type { PackedVotes } from "./rules/matrix";

/** The opinion-map arithmetic on its own thread (see map-worker-pool.ts). */
const port = parentPort;
if (!port) throw new Error("map-worker must run as a worker thread");

/**
 * The arithmetic yields the CPU to the event loop: on a busy machine the scheduler would otherwise
 * share the process's time between this thread and the main one, and requests and sockets would wait
 * behind a recompute that nobody is waiting for within the next second. Linux sets a nice value per
 * thread (its id is the last part of /proc/thread-self); elsewhere the thread keeps the usual priority.
 */
try {
  const threadId = Number(readlinkSync("/proc/thread-self").split("/").pop());
  if (Number.isInteger(threadId) && threadId > 0) setPriority(threadId, 10);
} catch {
  // Not Linux, or not allowed: the same results, only less polite to the event loop.
}

type Job = {
  id: number;
  input: Omit<MapInput, "previousLabels" | "votes"> & { votes: PackedVotes; previousLabels: [number, number][] };
};

port.on("message", (job: Job) => {
  try {
    // The votes arrive packed in one transferred array and are read as they are: no object per vote.
    const result = computeOpinionMap({ ...job.input, previousLabels: new Map(job.input.previousLabels) });
    // Packed here, off the event loop: the main thread gets two strings, not an object graph to clone.
    port.postMessage({ id: job.id, ...packMapResult(result) });
  } catch (error) {
    port.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) });
  }
});
port.postMessage("ready");
