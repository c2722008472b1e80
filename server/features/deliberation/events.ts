import type { Role, Stance } from "@/shared/vocabulary";
import type { OnTheWire } from "@/shared/on-the-wire";
import type { PostState } from "@/server/domain/visibility";
import type { RegionStances } from "./rules/stance-picture";
import type { ModerationTargetKind } from "@/server/features/moderation/rules/moderation";

type CommentRef = { commentId: number };

/**
 * A comment as every follower of its thread's stream may read it (the stream's subscribe check is the
 * thread's own visibility rule): a visible comment's public view, dates as ISO strings. The author's
 * own markdown, the viewer's reaction and "is it mine" are per reader, so they are not in it.
 */
export interface PublishedComment {
  id: number;
  threadId: number;
  parentId: number | null;
  rootId: number;
  depth: number;
  state: "visible";
  stance: Stance | null;
  amendment: { measureId: number; proposedText: string } | null;
  bodyHtml: string;
  hiddenReason: null;
  edited: boolean;
  editedAt: string | null;
  createdAt: string;
  author: { id: number; displayName: string; role: Role; organisation: string };
  region: { id: number; code: string; nameZh: string; nameEn: string };
  reactions: { agree: number; disagree: number; pass: number };
}

/**
 * A topic as topics.list shows it to everyone (only visible topics are listed), for the forum
 * stream's followers, who may be signed out; dates as ISO strings. `forum` is for lists across forums.
 */
export interface PublishedTopic {
  id: number;
  forumId: number;
  threadId: number;
  title: string;
  excerpt: string;
  createdAt: string;
  lastActivityAt: string;
  commentCount: number;
  author: { id: number; displayName: string; role: Role; organisation: string };
  region: { id: number; code: string; nameZh: string; nameEn: string };
  forum: { slug: string; titleZh: string; titleEn: string };
}

/** The forum a topic is in, as the topic's page shows it (topics.byId): its link, whether it is open, its measures. */
export interface TopicForum {
  id: number;
  slug: string;
  titleZh: string;
  titleEn: string;
  archivedAt: string | null;
  recommendationId: number | null;
  measures: { id: number; code: string; titleZh: string; titleEn: string }[];
}

/** A forum as forums.list lists it (to everyone: the `forums` stream is public, and so is the list). */
export type ListedForum = {
  id: number;
  slug: string;
  recommendationId: number | null;
  clusterId: number | null;
  titleZh: string;
  titleEn: string;
  descriptionZh: string;
  descriptionEn: string;
  archivedAt: Date | null;
  createdById: number | null;
  createdAt: Date;
  recommendation: { number: number; section: string } | null;
  topicCount: number;
};

/** `forum`: the forum's row as forums.list now lists it (absent on events from before they carried it). */
type ForumChange = { forumId: number; forum?: OnTheWire<ListedForum> };

/** Live events of forums, topics and threads (`forums`, `forum:<id>`, `topic:<id>`, a thread's owner stream). */
export interface DeliberationEvents {
  "forum:created": ForumChange;
  "forum:archived": ForumChange;
  "forum:unarchived": ForumChange;
  /**
   * On `forums`: the forum's row after its count of visible topics moved (a topic created visible,
   * hidden, restored, approved or moved). The count is forums.list's, which shows it to everyone.
   */
  "forum:topic-count": { forumId: number; forum: OnTheWire<ListedForum> };
  /** `topic` is null while the topic is held for review (then nobody's list shows it). */
  "topic:created": { topicId: number; topic?: PublishedTopic | null };
  /**
   * On each forum's stream: `topic` is the topic's row as that forum's list now shows it (null on the
   * forum it left, and on the one it joined while held or hidden), `stancePicture` that forum's picture
   * after the move. On the topic's own stream: `forum`, the forum it is in now, as its page shows it.
   */
  "topic:moved": {
    topicId: number;
    toForumId?: number;
    fromForumId?: number;
    topic?: PublishedTopic | null;
    stancePicture?: RegionStances[];
    forum?: TopicForum | null;
  };
  /** `comment` is null while the comment is held for review: its text goes to nobody until approved. */
  "comment:added": CommentRef & { parentId: number | null; comment?: PublishedComment | null };
  /** `comment` is null unless the edited comment is visible (an edit may send it back to review). */
  "comment:edited": CommentRef & { state?: PostState; comment?: PublishedComment | null };
  "comment:withdrawn": CommentRef;
  "reaction:changed": CommentRef & { counts: Record<string, number> };
  /** Told to a thread owner's other streams (e.g. the forum listing a topic). */
  /**
   * `topic`: the topic's list row after the change, null when the topic is not listed (held or
   * hidden). `stancePicture`: the forum's picture after the change, sent only when a counted stance
   * moved (forums.ts stancePicture), so a page without it keeps its picture.
   */
  "thread:activity": {
    threadId: number;
    type: ForumActivityType;
    topic?: PublishedTopic | null;
    stancePicture?: RegionStances[];
  };
  /** `lockedAt`: when it was locked, as the owner's page reads it. */
  "thread:locked": { threadId: number; lockedAt?: string };
  "thread:unlocked": { threadId: number };
  /** A moderator hid or restored an item; sent on each stream that shows it. */
  "comment:hidden": ModerationVisibility;
  "comment:restored": ModerationVisibility;
  /** On the forum's stream, `stancePicture`: the forum's picture without the topic's comments. */
  "topic:hidden": ModerationVisibility & { stancePicture?: RegionStances[] };
  /**
   * `topic`: the topic's list row as visible again (a hidden topic restored, a held one approved), so
   * a forum's list puts it back without a read; null if it is not visible after all. On the forum's
   * stream, `stancePicture`: the forum's picture with the topic's comments counted again. On the
   * topic's stream, `shown`: its title and text, which readers of the hidden notice did not have.
   */
  "topic:restored": ModerationVisibility & {
    topic?: PublishedTopic | null;
    stancePicture?: RegionStances[];
    shown?: { title: string; bodyHtml: string };
  };
  "project:hidden": ModerationVisibility;
  "project:restored": ModerationVisibility;
}

export type ThreadActivityType = "comment:added" | "comment:edited" | "comment:withdrawn";

/** What a forum is told of its topics' threads: their comments' changes, and a moderator hiding or restoring one. */
export type ForumActivityType = ThreadActivityType | "comment:hidden" | "comment:restored";

export interface ModerationVisibility {
  targetKind: ModerationTargetKind;
  targetId: number;
  /** On `…:hidden`: the public reason everyone sees in place of the text (never the text itself). */
  reason?: string;
}

/** The event telling that an item of `kind` was hidden or restored. */
export const visibilityEvent = <
  K extends Exclude<ModerationTargetKind, "statement" | "enquiry_message">,
  V extends "hidden" | "restored",
>(
  kind: K,
  verb: V,
) => `${kind}:${verb}` as const;
