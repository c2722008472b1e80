import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import path from "node:path";
import { root, say, sleep, temporaryFolder } from "./realtime-cleanup";

/**
 * The app servers run from a snapshot of the production build rather than from the checkout's `.next`:
 * other engineers rebuild in this checkout, and `next build` empties `.next` under a running server,
 * whose routes load their chunks lazily. The snapshot is a temporary folder holding a copy of `.next`
 * (without its cache, about 20 MB) and a link to every other entry of the checkout, so
 * `server/main.ts` runs there exactly as it would in the checkout.
 */

const buildId = path.join(root, ".next/BUILD_ID");
const readBuildId = (file: string) => (existsSync(file) ? readFileSync(file, "utf8").trim() : null);
/** Not linked: the build (copied instead), and what the servers must not share with the checkout. */
const notLinked = new Set([".next", ".git", ".data", "test-results", "playwright-report"]);

export async function snapshotBuild(): Promise<string> {
  await ensureBuild();
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    const before = readBuildId(buildId);
    const folder = temporaryFolder("xietong-bench-rt-build-");
    for (const entry of readdirSync(root))
      if (!notLinked.has(entry)) symlinkSync(path.join(root, entry), path.join(folder.dir, entry));
    const cache = path.join(root, ".next/cache");
    // Symlinks verbatim: Turbopack's `.next/node_modules/<name>-<hash>` links are relative, and resolve
    // through the snapshot's linked node_modules.
    cpSync(path.join(root, ".next"), path.join(folder.dir, ".next"), {
      recursive: true,
      verbatimSymlinks: true,
      filter: (source) => source !== cache,
    });
    const copied = readBuildId(path.join(folder.dir, ".next/BUILD_ID"));
    if (before !== null && copied === before && readBuildId(buildId) === before) {
      say(`production build ${before} snapshotted to ${folder.dir} (removed at the end)`);
      return folder.dir;
    }
    await folder.remove();
    say("the build changed while it was copied (a `next build` in this checkout?); waiting and copying again");
    await waitForBuildId(120_000);
  }
  throw new Error("could not take a consistent copy of .next: the checkout keeps being rebuilt");
}

async function ensureBuild(): Promise<void> {
  if (readBuildId(buildId)) return;
  // Another engineer's build in progress removes BUILD_ID until it finishes.
  if (existsSync(path.join(root, ".next"))) {
    say("no .next/BUILD_ID: waiting up to 60 s in case a build is running in this checkout");
    if (await waitForBuildId(60_000)) return;
  }
  say("no production build (.next/BUILD_ID missing): running `npx next build` first");
  const result = spawnSync("npx", ["next", "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error(`next build failed with status ${result.status}`);
}

async function waitForBuildId(timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (readBuildId(buildId)) return true;
    await sleep(1_000);
  }
  return false;
}
