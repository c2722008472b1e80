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

/** The fields whose value differs between two snapshots, in form order. */
export function changedFields(before: AchievementSnapshot, after: AchievementSnapshot): (keyof AchievementSnapshot)[] {
  return snapshotFields.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
}
