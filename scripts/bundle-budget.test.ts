import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";

// The real measurement runs in scripts/test.mjs right after `next build`; these check that the
// script measures what a build lists and fails rather than passing when there is nothing to measure.
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function run(dir: string) {
  return spawnSync(process.execPath, ["scripts/bundle-budget.mjs", "--dir", dir, "--json"], { encoding: "utf8" });
}

/** A fake build: root chunks plus one page whose layout and page chunks overlap. */
function fakeBuild(pageBytes: number) {
  const dir = mkdtempSync(path.join(tmpdir(), "xietong-budget-"));
  dirs.push(dir);
  mkdirSync(path.join(dir, "static/chunks"), { recursive: true });
  mkdirSync(path.join(dir, "server/app/me"), { recursive: true });
  // Random bytes do not compress, so the gzip size is close to the raw size.
  const random = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(Math.random() * 256)));
  writeFileSync(path.join(dir, "static/chunks/root.js"), random(50_000));
  writeFileSync(path.join(dir, "static/chunks/layout.js"), random(20_000));
  writeFileSync(path.join(dir, "static/chunks/page.js"), random(pageBytes));
  writeFileSync(path.join(dir, "build-manifest.json"), JSON.stringify({ rootMainFiles: ["static/chunks/root.js"] }));
  const entry = {
    entryJSFiles: {
      "[project]/app/layout": ["static/chunks/layout.js"],
      "[project]/app/me/page": ["static/chunks/layout.js", "static/chunks/page.js"],
    },
  };
  writeFileSync(
    path.join(dir, "server/app/me/page_client-reference-manifest.js"),
    `globalThis.__RSC_MANIFEST=(globalThis.__RSC_MANIFEST||{});globalThis.__RSC_MANIFEST["/me/page"]=${JSON.stringify(entry)};`,
  );
  return { dir, expectedBytes: [50_000, 20_000, pageBytes].reduce((n, b) => n + gzipSync(random(b)).length, 0) };
}

describe("bundle budget script", () => {
  it("fails when there is no build", () => {
    const empty = mkdtempSync(path.join(tmpdir(), "xietong-budget-"));
    dirs.push(empty);
    const result = run(empty);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/No production build/);
  });

  it("sums each chunk of a page once, root chunks included", () => {
    const { dir, expectedBytes } = fakeBuild(10_000);
    const result = run(dir);
    expect(result.status).toBe(0);
    const [me] = JSON.parse(result.stdout) as Array<{ route: string; kB: number }>;
    expect(me?.route).toBe("/me");
    expect(Math.abs(me!.kB - expectedBytes / 1000)).toBeLessThan(1);
  });

  it("fails when a page grows past its budget", () => {
    const { dir } = fakeBuild(200_000);
    const result = run(dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/\/me .* kB > \d+ kB/);
  });

  // Issue #17: first-load JavaScript is at most 180 kB on every page, so no budget may allow more.
  it("allows no page more than 180 kB", () => {
    const read = spawnSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        'console.log(JSON.stringify((await import("./scripts/bundle-budget.mjs")).budgets))',
      ],
      { encoding: "utf8" },
    );
    const budgets = JSON.parse(read.stdout) as Record<string, number>;
    expect(Object.keys(budgets)).toContain("default");
    expect(Math.max(...Object.values(budgets))).toBeLessThanOrEqual(180);
  });
});
