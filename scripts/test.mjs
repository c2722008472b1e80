#!/usr/bin/env node
// The whole suite, as the README's `npm test`: unit and integration tests on the embedded database
// and, side by side with them, on PostgreSQL when DATABASE_URL is set, and the production build; then
// the Playwright end-to-end tests in system Chromium. Ends with one "N passed, N failed" line.
import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const results = [];
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const reports = mkdtempSync(path.join(tmpdir(), "xietong-test-"));

function run(label, command, args, extraEnv = {}) {
  process.stdout.write(`\n=== ${label} ===\n`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...env, ...extraEnv } });
  process.stdout.write(
    `=== ${label}: ${result.status === 0 ? "ok" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s ===\n`,
  );
  return result.status === 0;
}

/**
 * A command in the background, its output kept in a file and printed whole when it ends, so commands
 * side by side do not interleave their lines. Resolves to whether it passed.
 */
function background(label, command, args, extraEnv = {}) {
  const logPath = path.join(reports, `${label.replace(/\W+/g, "-")}.log`);
  const log = openSync(logPath, "w");
  const started = Date.now();
  const child = spawn(command, args, { stdio: ["ignore", log, log], env: { ...env, ...extraEnv } });
  return new Promise((resolve) => {
    child.on("close", (status) => {
      closeSync(log);
      process.stdout.write(`\n=== ${label} ===\n${readFileSync(logPath, "utf8")}`);
      process.stdout.write(
        `=== ${label}: ${status === 0 ? "ok" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s ===\n`,
      );
      resolve(status === 0);
    });
  });
}

/**
 * One vitest pass in the background. The two passes share nothing: each makes its own databases from
 * its own templates, and Redis channels and keys carry a per-run prefix.
 */
async function vitest(label, extraEnv) {
  const json = path.join(reports, `${label.replace(/\W+/g, "-")}.json`);
  const args = ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${json}`];
  const ok = await background(label, "npx", args, extraEnv);
  const counts = existsSync(json) ? JSON.parse(readFileSync(json, "utf8")) : null;
  return { label, ok, passed: counts?.numPassedTests ?? 0, failed: counts?.numFailedTests ?? (ok ? 0 : 1) };
}

// Side by side: the embedded pass is one busy core, the PostgreSQL pass mostly waits on the server.
const passes = [vitest("unit and integration (embedded PGlite)", { DATABASE_URL: "" })];
if (process.env.DATABASE_URL)
  passes.push(vitest("integration (PostgreSQL)", { DATABASE_URL: process.env.DATABASE_URL }));
else process.stdout.write("\nDATABASE_URL is not set: the PostgreSQL pass is skipped (CI sets it).\n");
// The production build the end-to-end tests need runs alongside: the passes leave part of the two
// cores idle (the PostgreSQL pass mostly waits), and the build is done before they are.
const haveChromium = existsSync(chromium);
const build = haveChromium ? background("production build", "npx", ["next", "build"]) : Promise.resolve(false);
process.stdout.write(
  `\n=== ${passes.length} vitest pass(es)${haveChromium ? " and the production build" : ""} running; their output follows as each ends ===\n`,
);
results.push(...(await Promise.all(passes)));
const built = await build;

if (!haveChromium) {
  process.stdout.write(
    `\nChromium was not found at ${chromium}. The end-to-end tests need it:\n` +
      "  Debian/Ubuntu: sudo apt-get install -y chromium\n" +
      "  elsewhere: install Chromium and set CHROMIUM_PATH=/path/to/chromium\n",
  );
  results.push({ label: "end-to-end (Chromium missing)", ok: false, passed: 0, failed: 1 });
} else if (built) {
  const withinBudget = run("first-load JavaScript budget", "node", ["scripts/bundle-budget.mjs"]);
  results.push({
    label: "first-load JavaScript budget",
    ok: withinBudget,
    passed: withinBudget ? 1 : 0,
    failed: withinBudget ? 0 : 1,
  });
  const output = path.join(reports, "e2e.json");
  const ok = run("end-to-end (Playwright, Chromium)", "npx", ["playwright", "test", "-c", "e2e/playwright.config.ts"], {
    CHROMIUM_PATH: chromium,
    PLAYWRIGHT_JSON_OUTPUT_NAME: output,
  });
  const stats = existsSync(output) ? JSON.parse(readFileSync(output, "utf8")).stats : null;
  results.push({
    label: "end-to-end",
    ok,
    passed: stats?.expected ?? 0,
    failed: (stats?.unexpected ?? 0) + (stats?.flaky ?? 0) || (ok ? 0 : 1),
  });
} else {
  results.push({ label: "production build", ok: false, passed: 0, failed: 1 });
}

rmSync(reports, { recursive: true, force: true });
process.stdout.write("\nSummary:\n");
for (const r of results)
  process.stdout.write(`  ${r.ok ? "ok    " : "FAILED"} ${r.label}: ${r.passed} passed, ${r.failed} failed\n`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
