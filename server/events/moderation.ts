import type { ModerationTargetKind } from "../domain/moderation";

/** Live events of the moderation queue (`moderation`, moderators only) and the admin pages (`admin`). */
export interface ModerationEvents {
  "report:filed": { reportId: number; targetKind: ModerationTargetKind; targetId: number; held?: boolean };
  "queue:resolved": { targetKind: ModerationTargetKind; targetId: number; status: string };
  "account:suspended": { accountId: number };
  "account:lifted": { accountId: number };
}

export interface AdminEvents {
  "account:updated": { accountId: number };
  "forum:hold-settings": { forumId: number };
  "blocked-words:changed": Record<string, never>;
  "invitation:issued": { invitationId: number };
  "invitation:revoked": { invitationId: number };
  "invitation:redeemed": { invitationId: number; accountId: number };
  "regions:changed": { clusterId?: number; regionId?: number };
}
