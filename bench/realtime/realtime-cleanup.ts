import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** What every part of bench/realtime.ts shares: output, waiting, and the cleanups runs leave. */

export const root = path.resolve(import.meta.dirname, "../..");
export const say = (line = "") => process.stdout.write(`${line}\n`);
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

// ---------------------------------------------------------------------------------------------------
// Cleanups: run in reverse order at the end, on failure and on Ctrl-C; each runs at most once.

const cleanups: { label: string; run: () => Promise<void> | void }[] = [];

/** Registers a cleanup; the returned function runs it now (and not again at the end). */
export function onCleanup(label: string, run: () => Promise<void> | void): () => Promise<void> {
  const entry = { label, run };
  cleanups.push(entry);
  return async () => {
    const index = cleanups.indexOf(entry);
    if (index < 0) return;
    cleanups.splice(index, 1);
    await entry.run();
  };
}

/**
 * Temporary folders are also removed synchronously at exit: after Ctrl-C during seeding, the in-process
 * PGlite can still write into its folder between the cleanup and the exit.
 */
const temporaryFolders = new Set<string>();
process.once("exit", () => {
  for (const dir of temporaryFolders) rmSync(dir, { recursive: true, force: true });
});

export function temporaryFolder(prefix: string): { dir: string; remove: () => Promise<void> } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  temporaryFolders.add(dir);
  const remove = onCleanup(`remove ${dir}`, () => {
    rmSync(dir, { recursive: true, force: true });
    temporaryFolders.delete(dir);
  });
  return { dir, remove };
}

export async function runCleanups(): Promise<void> {
  for (const entry of cleanups.splice(0).reverse()) {
    try {
      await entry.run();
    } catch (error) {
      process.stderr.write(
        `cleanup (${entry.label}) failed: ${error instanceof Error ? error.message : String(error)}\n`,
      );
    }
  }
}
