/**
 * What changed between two versions of a proposal. Versions are full snapshots, so a diff is a
 * comparison field by field; long texts also get a line diff so a reader sees which paragraph moved.
 */

export interface ProjectSnapshot {
  title: string;
  summary: string;
  body: string;
  expectedOutcomes: string;
  budgetYuan: number;
  durationMonths: number;
  tags: string[];
  leadRegionId: number;
  /** Sorted, so the order they were picked in is not a change. */
  partnerRegionIds: number[];
  /** Recommendation numbers (1–5), sorted. */
  recommendations: number[];
}

export const snapshotFields = [
  "title",
  "summary",
  "body",
  "expectedOutcomes",
  "budgetYuan",
  "durationMonths",
  "tags",
  "leadRegionId",
  "partnerRegionIds",
  "recommendations",
] as const satisfies ReadonlyArray<keyof ProjectSnapshot>;
export type SnapshotField = (typeof snapshotFields)[number];

const multilineFields = new Set<SnapshotField>(["summary", "body", "expectedOutcomes"]);

export interface LineChange {
  op: "same" | "added" | "removed";
  text: string;
}

export type FieldChange = {
  [F in SnapshotField]: { field: F; before: ProjectSnapshot[F]; after: ProjectSnapshot[F]; lines: LineChange[] | null };
}[SnapshotField];

function sameValue(a: ProjectSnapshot[SnapshotField], b: ProjectSnapshot[SnapshotField]): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

/** The fields that differ from `before` to `after`, in the order of `snapshotFields`. */
export function diffSnapshots(before: ProjectSnapshot, after: ProjectSnapshot): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of snapshotFields) {
    const a = before[field];
    const b = after[field];
    if (sameValue(a, b)) continue;
    const lines = multilineFields.has(field) && typeof a === "string" && typeof b === "string" ? diffLines(a, b) : null;
    changes.push({ field, before: a, after: b, lines } as FieldChange);
  }
  return changes;
}

/** Beyond this many line pairs the table would be too big; the change is shown as a replacement. */
const maxCells = 4_000_000;

/** A line diff by longest common subsequence: unchanged lines kept, the rest removed then added. */
export function diffLines(before: string, after: string): LineChange[] {
  const a = before.split(/\r?\n/);
  const b = after.split(/\r?\n/);
  // Trim the common head and tail first: most edits touch a few lines of a long body.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail])
    tail += 1;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const same = (lines: string[]) => lines.map((text): LineChange => ({ op: "same", text }));
  return [...same(a.slice(0, head)), ...diffMiddle(midA, midB), ...same(a.slice(a.length - tail))];
}

function diffMiddle(a: string[], b: string[]): LineChange[] {
  const n = a.length;
  const m = b.length;
  if (n * m > maxCells) {
    return [
      ...a.map((text): LineChange => ({ op: "removed", text })),
      ...b.map((text): LineChange => ({ op: "added", text })),
    ];
  }
  // lcs[i][j] = length of the LCS of a[i..] and b[j..], stored row-major in one array.
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      lcs[i * width + j] =
        a[i] === b[j]
          ? lcs[(i + 1) * width + j + 1]! + 1
          : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }
  const out: LineChange[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: "same", text: a[i]! });
      i += 1;
      j += 1;
    } else if (lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!) {
      out.push({ op: "removed", text: a[i]! });
      i += 1;
    } else {
      out.push({ op: "added", text: b[j]! });
      j += 1;
    }
  }
  while (i < n) out.push({ op: "removed", text: a[i++]! });
  while (j < m) out.push({ op: "added", text: b[j++]! });
  return out;
}
