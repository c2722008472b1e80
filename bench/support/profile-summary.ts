import { readFileSync } from "node:fs";

/**
 * Self time of a V8 `.cpuprofile` (what `--cpu-prof` writes, e.g. with BENCH_SERVER_PROFILE) by
 * function and by module, so a profile can be read without DevTools:
 * `npx tsx bench/support/profile-summary.ts <file.cpuprofile> [rows] [from µs] [to µs]`.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The package (node_modules/<name>), a node: builtin or the project-relative file a frame is in. */
export function moduleOf(url: string): string {
  if (!url) return "(native)";
  if (url.startsWith("node:")) return url;
  const packageAt = url.lastIndexOf("node_modules/");
  if (packageAt !== -1) {
    const rest = url.slice(packageAt + "node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const file = url.replace(/^file:\/\//, "");
  const root = `${process.cwd()}/`;
  return file.startsWith(root) ? file.slice(root.length) : file;
}

/** `from`/`to`: a window on the monotonic clock in µs (bench/api.ts prints each case's), else the whole run. */
export function summarise(
  profile: Profile,
  window: { from: number; to: number } = { from: -Infinity, to: Infinity },
): {
  totalMs: number;
  byFunction: [string, number][];
  byModule: [string, number][];
  inclusive: [string, number][];
} {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const label = (frame: ProfileNode["callFrame"]) =>
    `${frame.functionName || "(anonymous)"} ${moduleOf(frame.url)}:${frame.lineNumber + 1}`;
  const inclusive = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const byModule = new Map<string, number>();
  let totalMs = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    at += delta;
    if (at < window.from || at > window.to) return;
    const ms = delta / 1000;
    const frame = nodes.get(id)!.callFrame;
    if (frame.functionName === "(idle)") return;
    totalMs += ms;
    const where = moduleOf(frame.url);
    const name = label(frame);
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
    // Each function on the stack once, however deep it recurses.
    const onStack = new Set<string>();
    for (let node: number | undefined = id; node !== undefined; node = parents.get(node))
      onStack.add(label(nodes.get(node)!.callFrame));
    for (const caller of onStack) inclusive.set(caller, (inclusive.get(caller) ?? 0) + ms);
    byModule.set(where, (byModule.get(where) ?? 0) + ms);
  });
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]);
  return { totalMs, byFunction: sorted(byFunction), byModule: sorted(byModule), inclusive: sorted(inclusive) };
}

if (process.argv[1]?.endsWith("profile-summary.ts")) {
  const [file, rowsArg, from, to] = process.argv.slice(2);
  if (!file) throw new Error("usage: tsx bench/support/profile-summary.ts <file.cpuprofile> [rows]");
  const rows = Number(rowsArg ?? 30);
  const window = from && to ? { from: Number(from), to: Number(to) } : undefined;
  const { totalMs, byFunction, byModule, inclusive } = summarise(
    JSON.parse(readFileSync(file, "utf8")) as Profile,
    window,
  );
  const line = ([name, ms]: [string, number]) =>
    `${ms.toFixed(0).padStart(8)} ms ${((100 * ms) / totalMs).toFixed(1).padStart(5)} %  ${name}`;
  process.stdout.write(`busy ${totalMs.toFixed(0)} ms (idle excluded)\n\nby module\n`);
  process.stdout.write(`${byModule.slice(0, rows).map(line).join("\n")}\n\nby function (self time)\n`);
  process.stdout.write(
    `${byFunction.slice(0, rows).map(line).join("\n")}\n\nthe project's functions, with what they call\n`,
  );
  const ours = inclusive.filter(([name]) => / (server|db|shared|i18n)\//.test(name));
  process.stdout.write(`${ours.slice(0, rows).map(line).join("\n")}\n`);
}
