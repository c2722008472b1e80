import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { MapInput } from "./rules/compute-map";
import type { PackedMapResult } from "./rules/map-codec";
import { packVotes } from "./rules/matrix";

/**
 * One worker thread for opinion maps, shared by every round: a large round's PCA and clustering take
 * hundreds of milliseconds, which on the main thread would stall every request and socket. Jobs are
 * answered by id, so several rounds may queue. Resolved from the working directory as the Markdown
 * worker is (server/services/markdown-render.ts), and TypeScript is loaded through tsx in the thread.
 */
const workerFile = () => pathToFileURL(path.resolve(process.cwd(), "server/features/opinions/map-worker.ts")).href;
const bootstrap = (file: string) =>
  `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(file)}); }).catch((error) => { console.error(error); process.exit(1); });`;

type Reply = ({ id: number } & PackedMapResult) | { id: number; error: string };

let worker: Promise<Worker> | null = null;
let nextId = 1;
const waiting = new Map<number, { resolve: (r: PackedMapResult) => void; reject: (e: Error) => void }>();

function failAll(error: Error): void {
  for (const job of waiting.values()) job.reject(error);
  waiting.clear();
  worker = null;
}

function start(): Promise<Worker> {
  const started = new Worker(bootstrap(workerFile()), { eval: true });
  started.unref();
  return new Promise<Worker>((resolve, reject) => {
    started.once("message", (message) => {
      if (message !== "ready") return reject(new Error("map worker did not start"));
      started.on("message", (reply: Reply) => {
        const job = waiting.get(reply.id);
        if (!job) return;
        waiting.delete(reply.id);
        if ("error" in reply) job.reject(new Error(reply.error));
        else job.resolve({ map: reply.map, labels: reply.labels });
      });
      resolve(started);
    });
    started.on("error", (error) => {
      reject(error);
      failAll(error);
    });
    started.once("exit", () => failAll(new Error("map worker exited")));
  });
}

export async function computeInWorker(input: MapInput): Promise<PackedMapResult> {
  worker ??= start();
  let current: Worker;
  try {
    current = await worker;
  } catch (error) {
    worker = null;
    throw error;
  }
  const id = nextId++;
  return new Promise<PackedMapResult>((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    // Votes go as one transferred typed array of (participant, statement, value) triples: cloning tens
    // of thousands of small objects would itself hold the event loop. Packed votes are handed over, so
    // the caller's array is detached after this call.
    const packed = packVotes(input.votes);
    current.postMessage(
      { id, input: { ...input, votes: packed, previousLabels: [...(input.previousLabels ?? new Map())] } },
      [packed.buffer],
    );
  });
}
