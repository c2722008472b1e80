/**
 * The platform's fixed vocabularies, free of any database or UI import so that the schema, the
 * server and the browser bundle all share one definition.
 */
export const roles = ["member", "researcher", "moderator", "admin"] as const;
export type Role = (typeof roles)[number];

export const locales = ["zh-CN", "en"] as const;
export type Locale = (typeof locales)[number];

export const stances = ["support", "concern", "question", "amendment"] as const;
export type Stance = (typeof stances)[number];

export const commentStates = ["visible", "withdrawn", "hidden", "held"] as const;
export type CommentState = (typeof commentStates)[number];

export const reactionKinds = ["agree", "disagree", "pass"] as const;
export type ReactionKind = (typeof reactionKinds)[number];

export const threadOwnerKinds = ["topic", "project"] as const;
export type ThreadOwnerKind = (typeof threadOwnerKinds)[number];

/** Posting limits, shown in forms and enforced by the server. */
export const limits = {
  titleMax: 200,
  topicBodyMax: 20_000,
  commentBodyMax: 10_000,
  amendmentTextMax: 2_000,
  commentsPerMinute: 10,
  topicsPerHour: 10,
  pageSize: 20,
} as const;
