#!/usr/bin/env node
// Lines of code per folder, counting only the files directly in it (tests, blank lines and comment-only
// lines left out), so a folder that grew past the limit without subfolders shows up. Issue #16: ~1.5k.
// Usage: node scripts/folder-sizes.mjs [limit]   (exits 1 when a folder is over the limit)
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const roots = ["app", "server", "db", "shared", "i18n", "scripts", "bench", "e2e"];
const limit = Number(process.argv[2] ?? 1500);
const skip = new Set(["node_modules", ".next", ".data", "migrations"]);
const isSource = (name) => /\.(ts|tsx|mjs|cjs|js)$/.test(name) && !/\.test\.tsx?$/.test(name);

function codeLines(text) {
  let n = 0;
  let inBlock = false;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (inBlock) {
      if (line.includes("*/")) inBlock = false;
      continue;
    }
    if (line === "" || line.startsWith("//")) continue;
    if (line.startsWith("/*")) {
      if (!line.includes("*/")) inBlock = true;
      continue;
    }
    n++;
  }
  return n;
}

const rows = [];
function walk(dir) {
  let own = 0;
  let files = 0;
  for (const name of readdirSync(dir)) {
    if (skip.has(name)) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full);
    else if (isSource(name)) {
      own += codeLines(readFileSync(full, "utf8"));
      files++;
    }
  }
  rows.push({ dir, own, files });
}
for (const root of roots) walk(root);
rows.sort((a, b) => b.own - a.own);
for (const r of rows.slice(0, 25))
  console.log(
    `${String(r.own).padStart(6)}  ${String(r.files).padStart(3)} files  ${r.dir}${r.own > limit ? "  <- over" : ""}`,
  );
process.exit(rows.some((r) => r.own > limit) ? 1 : 0);
