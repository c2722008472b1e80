import { parentPort } from "node:worker_threads";
import { renderMarkdown } from "./markdown";

/**
 * The Markdown policy run off the main thread (see server/infra/markdown-render.ts): a body whose
 * parse is slow then stalls only this thread, which the caller terminates at its time limit.
 */
const port = parentPort;
if (!port) throw new Error("markdown-worker must run as a worker thread");

port.on("message", (job: { source: string; mentions: [number, string][] }) => {
  port.postMessage({ html: renderMarkdown(job.source, new Map(job.mentions)) });
});
port.postMessage("ready");
