/** Pure rules of the open-data dumps: file names, when the nightly one is due, and the CSV table of a dataset. */

/** The nightly dump is written after this hour (UTC), when the platform is quiet. */
export const nightlyHourUtc = 2;
export const dumpsKept = 14;

export const dumpFilePattern = /^xietong-open-data-\d{8}T\d{6}Z-\d{1,10}\.zip$/;

export function dumpFileName(at: Date, id: number): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");
  return `xietong-open-data-${stamp}-${id}.zip`;
}

/** The UTC day whose nightly dump is due at `now`, or null before the nightly hour. */
export function nightlyDayDue(now: Date): string | null {
  return now.getUTCHours() >= nightlyHourUtc ? now.toISOString().slice(0, 10) : null;
}

/** A dataset as rows of cells: one column per top-level field (in first-seen order); nested values as JSON text. */
export function csvTable(rows: readonly Record<string, unknown>[]): unknown[][] {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  return [columns, ...rows.map((row) => columns.map((c) => row[c] ?? null))];
}

export function readmeText(at: Date, counts: Record<string, number>): string {
  const lines = Object.entries(counts).map(([name, n]) => `  ${name}: ${n}`);
  return [
    "Xietong open data / 协同开放数据",
    `Written / 生成时间: ${at.toISOString()}`,
    "",
    "Each dataset is given as JSON and as CSV (UTF-8; nested fields as JSON text).",
    "每个数据集提供 JSON 与 CSV 两种格式（UTF-8；嵌套字段以 JSON 文本表示）。",
    "Same content as the API at /api/v1 (OpenAPI: /api/v1/openapi.json).",
    "内容与 /api/v1 接口一致（OpenAPI 文档：/api/v1/openapi.json）。",
    "",
    "Rows / 行数:",
    ...lines,
    "",
  ].join("\n");
}
