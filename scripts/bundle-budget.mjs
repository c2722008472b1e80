#!/usr/bin/env node
// First-load JavaScript per page, measured from the production build (Next 16 no longer prints its
// size table): the root chunks every page loads plus each chunk the page's client reference
// manifest lists for its layouts, boundaries and page, gzip-compressed, summed once per chunk.
// Fails when a page passes its budget, and when there is no build to measure: it never passes empty.
//   node scripts/bundle-budget.mjs [--dir .next] [--json]
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import vm from "node:vm";
import { gzipSync } from "node:zlib";

/**
 * kB (1,000 bytes) of gzip-compressed JavaScript on first load; the README states the same figures.
 * No page may take more than 180 kB (issue #17; scripts/bundle-budget.test.ts holds every budget to it).
 * React and Next's runtime take ~132 kB of it and the root layout ~36 kB more (the tRPC/react-query
 * client, next-intl with compiled messages, the header); the budgets sit about a kB above today's sizes
 * to catch growth. See the README for the way down.
 */
export const budgets = {
  default: 178,
  // Panels that load after the page keep their controls disabled until their own chunk has hydrated
  // (app/components/ui/until-hydrated.tsx): hydrated late, a form reset what someone had typed into it
  // (the admin invitation e2e lost its e-mail address), so never lazy-load a form without it — or load it
  // without server-rendering it (app/components/ui/after-page.tsx), as the files panel, the call's
  // portfolios and results, the meeting's session and the topic's rounds and moderator tools are.
  "/achievements/enquiries/[id]": 177,
  // One chunk per tab, the open tab's only.
  "/admin": 174,
  "/decisions": 179,
  "/fund/[id]": 180,
  "/me": 179,
  "/meetings/[id]": 180,
  // The round is drawn after its client read; its panels' code is fetched alongside it.
  "/opinions/[id]": 175,
  // The page applies its stream's events itself (app/lib/live/project-view.ts), simple-majority consents included
  // (179.1 kB with them): the issue's cap of 180, as the other pages that follow a stream.
  "/projects/[id]": 180,
  "/projects/[id]/result": 174,
  "/topics/[id]": 180,
};

export function measure(dir) {
  const buildManifest = path.join(dir, "build-manifest.json");
  const appDir = path.join(dir, "server", "app");
  if (!existsSync(buildManifest) || !existsSync(appDir)) {
    throw new Error(`No production build in ${dir}: run \`next build\` first`);
  }
  const { rootMainFiles } = JSON.parse(readFileSync(buildManifest, "utf8"));
  const gzipped = new Map();
  const size = (file) => {
    if (!gzipped.has(file)) {
      const full = path.join(dir, file);
      if (!existsSync(full)) throw new Error(`The build lists ${file}, which is missing: rebuild`);
      gzipped.set(file, gzipSync(readFileSync(full)).length);
    }
    return gzipped.get(file);
  };
  const routes = [];
  for (const manifest of findPageManifests(appDir)) {
    const context = { globalThis: {} };
    context.globalThis = context;
    vm.runInNewContext(readFileSync(manifest, "utf8"), context);
    for (const [page, entry] of Object.entries(context.__RSC_MANIFEST ?? {})) {
      const route = page.replace(/\/page$/, "") || "/";
      if (route.startsWith("/_")) continue;
      const files = new Set(rootMainFiles);
      for (const chunks of Object.values(entry.entryJSFiles ?? {})) for (const chunk of chunks) files.add(chunk);
      const bytes = [...files].filter((f) => f.endsWith(".js")).reduce((sum, f) => sum + size(f), 0);
      routes.push({ route, kB: Math.round(bytes / 100) / 10, budget: budgets[route] ?? budgets.default });
    }
  }
  if (routes.length === 0) throw new Error(`The build in ${dir} has no pages to measure`);
  return routes.sort((a, b) => a.route.localeCompare(b.route));
}

function findPageManifests(root) {
  const found = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) found.push(...findPageManifests(full));
    else if (entry.name === "page_client-reference-manifest.js") found.push(full);
  }
  return found;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { dir: { type: "string", default: ".next" }, json: { type: "boolean", default: false } },
  });
  try {
    const routes = measure(values.dir);
    if (values.json) process.stdout.write(`${JSON.stringify(routes)}\n`);
    else
      for (const r of routes)
        process.stdout.write(
          `${r.kB > r.budget ? "OVER" : "ok  "} ${r.route.padEnd(28)} ${r.kB.toFixed(1).padStart(6)} kB / ${r.budget} kB\n`,
        );
    const over = routes.filter((r) => r.kB > r.budget);
    if (over.length > 0) {
      process.stderr.write(
        `First-load JavaScript over budget: ${over.map((r) => `${r.route} ${r.kB} kB > ${r.budget} kB`).join(", ")}\n`,
      );
      process.exit(1);
    }
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
