/** Moderation's fixed vocabularies: the schema's enums and the rules in server/features/moderation/rules/moderation.ts share them. */
export const reportReasons = ["off_topic", "abusive", "spam", "confidential", "other"] as const;
export type ReportReason = (typeof reportReasons)[number];

/**
 * A queue entry's cause: a person's report, or the forum's hold-for-review rule (no reporter).
 * Both reach the same queue, grouped by item, so a moderator handles a held post like a reported one.
 */
export const queueReasons = [...reportReasons, "held"] as const;
export type QueueReason = (typeof queueReasons)[number];

export const reportStatuses = ["open", "actioned", "dismissed"] as const;
export type ReportStatus = (typeof reportStatuses)[number];

export const moderationTargetKinds = ["comment", "topic", "project", "statement", "enquiry_message"] as const;
export type ModerationTargetKind = (typeof moderationTargetKinds)[number];

export const moderationActionKinds = [
  "hide",
  "restore",
  "dismiss",
  "lock",
  "unlock",
  "move",
  "suspend",
  "lift",
  "approve",
] as const;
export type ModerationActionKind = (typeof moderationActionKinds)[number];
