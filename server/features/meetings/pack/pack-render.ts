import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { Locale } from "@/shared/vocabulary";
import type { MeetingPack } from "./pack";

/**
 * Drawing a pack takes a few hundred milliseconds for a long agenda (bench:meeting-pack), and the first
 * one also parses the 17 MB of CJK fonts: on the request's thread that would stall every other request
 * and socket. So one worker thread draws them, started on first use and kept (unref'd) with its fonts
 * loaded; jobs are answered by id. The module is resolved from the working directory and its TypeScript
 * loaded through tsx, as the opinion-map worker is.
 */
const entry = () => pathToFileURL(path.resolve(process.cwd(), "server/features/meetings/pack/pack-worker.ts")).href;
const script = (file: string) =>
  `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(file)}); })` +
  `.catch((error) => { console.error(error); process.exit(1); });`;

type Reply = { id: number; pdf: Uint8Array } | { id: number; error: string };
type Pending = { resolve: (pdf: Buffer) => void; reject: (error: Error) => void };

const pending = new Map<number, Pending>();
let thread: Promise<Worker> | null = null;
let lastId = 0;

function abandon(error: Error) {
  thread = null;
  for (const job of pending.values()) job.reject(error);
  pending.clear();
}

function launch(): Promise<Worker> {
  const worker = new Worker(script(entry()), { eval: true });
  worker.unref();
  worker.on("error", abandon);
  worker.once("exit", () => abandon(new Error("the pack worker exited")));
  return new Promise((resolve, reject) => {
    worker.once("error", reject);
    worker.once("message", (first) => {
      if (first !== "ready") return reject(new Error("the pack worker did not start"));
      worker.on("message", (reply: Reply) => {
        const job = pending.get(reply.id);
        pending.delete(reply.id);
        if (!job) return;
        if ("error" in reply) job.reject(new Error(reply.error));
        else job.resolve(Buffer.from(reply.pdf.buffer, reply.pdf.byteOffset, reply.pdf.byteLength));
      });
      resolve(worker);
    });
  });
}

/** The pack's PDF, drawn on the pack worker thread. */
export async function renderPackOffThread(pack: MeetingPack, locale: Locale): Promise<Buffer> {
  thread ??= launch();
  const worker = await thread.catch((error: unknown) => {
    thread = null;
    throw error;
  });
  const id = ++lastId;
  return new Promise<Buffer>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, pack, locale });
  });
}
