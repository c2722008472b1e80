import type { ModerationTargetKind } from "@/server/features/moderation/rules/moderation";

type CommentRef = { commentId: number };

/** Live events of forums, topics and threads (`forums`, `forum:<id>`, `topic:<id>`, a thread's owner stream). */
export interface DeliberationEvents {
  "forum:created": { forumId: number };
  "forum:archived": { forumId: number };
  "forum:unarchived": { forumId: number };
  "topic:created": { topicId: number };
  "topic:moved": { topicId: number; toForumId?: number; fromForumId?: number };
  "comment:added": CommentRef & { parentId: number | null };
  "comment:edited": CommentRef;
  "comment:withdrawn": CommentRef;
  "reaction:changed": CommentRef & { counts: Record<string, number> };
  /** Told to a thread owner's other streams (e.g. the forum listing a topic). */
  "thread:activity": { threadId: number; type: ThreadActivityType };
  "thread:locked": { threadId: number };
  "thread:unlocked": { threadId: number };
  /** A moderator hid or restored an item; sent on each stream that shows it. */
  "comment:hidden": ModerationVisibility;
  "comment:restored": ModerationVisibility;
  "topic:hidden": ModerationVisibility;
  "topic:restored": ModerationVisibility;
  "project:hidden": ModerationVisibility;
  "project:restored": ModerationVisibility;
}

export type ThreadActivityType = "comment:added" | "comment:edited" | "comment:withdrawn";

export interface ModerationVisibility {
  targetKind: ModerationTargetKind;
  targetId: number;
}

/** The event telling that an item of `kind` was hidden or restored. */
export const visibilityEvent = <K extends Exclude<ModerationTargetKind, "statement">, V extends "hidden" | "restored">(
  kind: K,
  verb: V,
) => `${kind}:${verb}` as const;
