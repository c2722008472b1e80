import { z } from "zod";
import { issueKey } from "@/i18n/validation-messages";
import { limits, reactionKinds, stances } from "@/shared/vocabulary";
import { idInput } from "@/server/features/accounts/contract";

export { limits };

/** Whitespace-only text is empty text: refused with the same message as a blank field. */
const text = (max: number, what: string) =>
  z
    .string()
    .max(max, `${what} must be at most ${max.toLocaleString("en")} characters`)
    .refine((value) => value.trim().length > 0, { message: `${what} cannot be empty`, ...issueKey("blank") });

export const cursorInput = z.string().max(200).nullish();

export const topicSortInput = z.enum(["activity", "discussed"]);

export const listTopicsInput = z.object({
  forumId: idInput,
  sort: topicSortInput.default("activity"),
  regionId: idInput.nullish(),
  cursor: cursorInput,
  limit: z.number().int().min(1).max(50).default(limits.pageSize),
});

export const createTopicInput = z.object({
  forumId: idInput,
  title: text(limits.titleMax, "Title").transform((v) => v.trim()),
  body: text(limits.topicBodyMax, "Body"),
});

export const amendmentInput = z.object({
  measureId: idInput,
  proposedText: text(limits.amendmentTextMax, "Proposed text"),
});

/**
 * The stance is always sent and never defaulted: null is "no stance", allowed only on replies (a
 * top-level comment must choose; the edit path checks that in the service, where the parent is known).
 */
const stanceFields = {
  stance: z.enum(stances).nullable(),
  amendment: amendmentInput.nullish(),
};

function amendmentMatchesStance(
  value: { stance: (typeof stances)[number] | null; amendment?: unknown },
  ctx: z.RefinementCtx,
) {
  if (value.stance === "amendment" && !value.amendment) {
    ctx.addIssue({
      code: "custom",
      path: ["amendment"],
      message: "An amendment must name the measure it changes and the proposed text",
    });
  }
  if (value.stance !== "amendment" && value.amendment) {
    ctx.addIssue({
      code: "custom",
      path: ["amendment"],
      message: "Only a comment with the amendment stance carries an amendment",
    });
  }
}

export const stanceRequiredMessage = "Choose a stance for a comment that starts a discussion";

export const addCommentInput = z
  .object({
    threadId: idInput,
    parentId: idInput.nullish(),
    body: text(limits.commentBodyMax, "Comment"),
    ...stanceFields,
  })
  .superRefine(amendmentMatchesStance)
  .superRefine((value, ctx) => {
    if (!value.parentId && value.stance === null)
      ctx.addIssue({ code: "custom", path: ["stance"], message: stanceRequiredMessage });
  });

export const editCommentInput = z
  .object({ commentId: idInput, body: text(limits.commentBodyMax, "Comment"), ...stanceFields })
  .superRefine(amendmentMatchesStance);

export const commentIdInput = z.object({ commentId: idInput });

export const listCommentsInput = z.object({
  threadId: idInput,
  cursor: cursorInput,
  limit: z.number().int().min(1).max(50).default(limits.pageSize),
});

export const reactInput = z.object({ commentId: idInput, kind: z.enum(reactionKinds).nullable() });

export const createForumInput = z.object({
  slug: z
    .string()
    .trim()
    .min(3, "Slug must be at least 3 characters")
    .max(60, "Slug must be at most 60 characters")
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Slug may use lowercase letters, digits and single hyphens"),
  titleZh: text(120, "Chinese title").transform((v) => v.trim()),
  titleEn: text(120, "English title").transform((v) => v.trim()),
  descriptionZh: z.string().trim().max(1000).default(""),
  descriptionEn: z.string().trim().max(1000).default(""),
  clusterId: idInput.nullish(),
});
