/**
 * An achievement's text at one version, stored in achievement_versions when a later edit replaces
 * it (the approach of project versions: the current text lives on the row, earlier ones beside it).
 */
export interface AchievementSnapshot {
  kind: string;
  titleZh: string;
  titleEn: string;
  summaryZh: string;
  summaryEn: string;
  trl: number;
  ipStatus: string;
  ipNumber: string | null;
  transferModes: string[];
  priceYuan: number | null;
  sectors: string[];
  owners: { organisation: string; regionId: number }[];
}

export const snapshotFields = [
  "kind",
  "titleZh",
  "titleEn",
  "summaryZh",
  "summaryEn",
  "trl",
  "ipStatus",
  "ipNumber",
  "transferModes",
  "priceYuan",
  "sectors",
  "owners",
] as const satisfies readonly (keyof AchievementSnapshot)[];

/** JSON with object keys sorted: a snapshot read back from jsonb has its keys in the database's order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** The fields whose value differs between two snapshots, in form order. */
export function changedFields(before: AchievementSnapshot, after: AchievementSnapshot): (keyof AchievementSnapshot)[] {
  return snapshotFields.filter((field) => canonical(before[field]) !== canonical(after[field]));
}

/** The snapshot of a row and its owners: what an edit stores and what the versions list compares. */
export function snapshotOf(
  row: Omit<AchievementSnapshot, "owners" | "kind" | "ipStatus"> & { kind: string; ipStatus: string },
  owners: readonly { organisation: string; regionId: number }[],
): AchievementSnapshot {
  return {
    kind: row.kind,
    titleZh: row.titleZh,
    titleEn: row.titleEn,
    summaryZh: row.summaryZh,
    summaryEn: row.summaryEn,
    trl: row.trl,
    ipStatus: row.ipStatus,
    ipNumber: row.ipNumber,
    transferModes: [...row.transferModes],
    priceYuan: row.priceYuan,
    sectors: [...row.sectors],
    owners: owners.map((o) => ({ organisation: o.organisation, regionId: o.regionId })),
  };
}
