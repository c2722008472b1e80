import type { ModerationTargetKind } from "./rules/moderation";

/** Live events of the moderation queue (`moderation`, moderators only). */
export interface ModerationEvents {
  "report:filed": { reportId: number; targetKind: ModerationTargetKind; targetId: number; held?: boolean };
  "queue:resolved": { targetKind: ModerationTargetKind; targetId: number; status: string };
  "account:suspended": { accountId: number };
  "account:lifted": { accountId: number };
}
