import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { AppError } from "@/server/errors";

/**
 * Markdown rendering with a bounded cost for the process. marked's delimiter matching is superlinear,
 * so a crafted body at the length limits takes seconds to minutes of CPU (bench/markdown.ts). Rendered
 * on the main thread it would freeze every request and socket meanwhile; here it runs in one worker
 * thread, one body at a time, and a body that is not done in time is refused with a typed error and
 * the worker, stuck in that parse, is terminated and replaced.
 */

/** Ordinary bodies at the longest limit render in well under a second even on a loaded machine; crafted nesting takes tens. */
const RENDER_TIMEOUT_MS = 3_000;

/**
 * Resolved from the working directory like the migrations folder (db/client.ts): the server and the
 * tests run from the project root, and a path bundlers do not rewrite keeps Next's build out of it.
 */
const workerFile = () => pathToFileURL(path.resolve(process.cwd(), "server/domain/markdown-worker.ts")).href;

/**
 * The worker is TypeScript like the rest of the server, so it first registers tsx's loader (a
 * `--import tsx` flag is not applied to worker threads on Node 20) and then loads the policy.
 */
const bootstrap = (file: string) =>
  `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(file)}); }).catch((error) => { console.error(error); process.exit(1); });`;

let worker: Promise<Worker> | null = null;
/**
 * Started when a worker is discarded, and kept one ahead from then on: starting a worker (loading tsx
 * and the policy) takes longer than a render, and the next body should not wait for it.
 */
let spare: Promise<Worker> | null = null;
let queue: Promise<unknown> = Promise.resolve();

function startWorker(): Promise<Worker> {
  const started = new Worker(bootstrap(workerFile()), { eval: true });
  started.unref();
  const ready = new Promise<Worker>((resolve, reject) => {
    started.once("error", reject);
    started.once("exit", () => reject(new Error("markdown worker exited while starting")));
    started.once("message", (message) => {
      started.off("error", reject);
      if (message === "ready") resolve(started);
      else reject(new Error("markdown worker did not start"));
    });
  });
  // A spare that fails to start is reported when it is used, not as an unhandled rejection.
  ready.catch(() => undefined);
  return ready;
}

function discard(stuck: Worker): void {
  void stuck.terminate();
  worker = spare ?? startWorker();
  spare = startWorker();
}

async function renderInWorker(
  source: string,
  mentions: ReadonlyMap<number, string>,
  timeoutMs: number,
): Promise<string> {
  worker ??= startWorker();
  let current: Worker;
  try {
    current = await worker;
  } catch (error) {
    worker = null;
    throw error;
  }
  return new Promise<string>((resolve, reject) => {
    const onMessage = (message: { html: string }) => {
      clearTimeout(timer);
      current.off("error", onError);
      resolve(message.html);
    };
    const onError = (error: Error) => {
      clearTimeout(timer);
      current.off("message", onMessage);
      discard(current);
      reject(error);
    };
    const timer = setTimeout(() => {
      current.off("message", onMessage);
      current.off("error", onError);
      discard(current);
      reject(
        new AppError(
          "MARKDOWN_TOO_COMPLEX",
          "This text has too much nested formatting to display; simplify its formatting (for example the * and _ marks) and try again",
        ),
      );
    }, timeoutMs);
    current.once("message", onMessage);
    current.once("error", onError);
    current.postMessage({ source, mentions: [...mentions] });
  });
}

/**
 * Safe HTML for a Markdown body (server/domain/markdown.ts's policy, `mentions` as there), or
 * MARKDOWN_TOO_COMPLEX when it takes longer than the limit. Bodies render one after another, so the
 * time limit is each body's own.
 */
export function renderBounded(
  source: string,
  mentions: ReadonlyMap<number, string> = new Map(),
  options: { timeoutMs?: number } = {},
): Promise<string> {
  const rendered = queue.then(() => renderInWorker(source, mentions, options.timeoutMs ?? RENDER_TIMEOUT_MS));
  queue = rendered.catch(() => undefined);
  return rendered;
}
