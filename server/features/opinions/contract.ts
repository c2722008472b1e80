import { z } from "zod";
import { issueKey } from "@/i18n/validation-messages";
import { idInput } from "@/server/features/accounts/contract";
import { opinionChoices, opinionLimits, organisationKinds } from "@/shared/opinion-vocabulary";

export { opinionLimits };

const trimmed = (min: number, max: number, what: string) =>
  z
    .string()
    .transform((value) => value.trim().replace(/\s+/g, " "))
    .pipe(
      z
        .string()
        .min(min, { message: `${what} must be at least ${min} characters`, ...issueKey("blank") })
        .max(max, `${what} must be at most ${max} characters`),
    );

export const createRoundInput = z
  .object({
    topicId: idInput.nullish(),
    forumId: idInput.nullish(),
    question: trimmed(5, opinionLimits.questionMax, "Question"),
    holdNewStatements: z.boolean().default(false),
    minVotes: z.number().int().min(1).max(50).default(7),
  })
  .refine((value) => Boolean(value.topicId) !== Boolean(value.forumId), {
    ...issueKey("topicOrForum"),
    path: ["topicId"],
  });

export const roundIdInput = z.object({ roundId: idInput });

export const addStatementInput = z.object({
  roundId: idInput,
  text: trimmed(opinionLimits.statementMin, opinionLimits.statementMax, "Statement"),
});

export const statementFromCommentInput = z.object({
  roundId: idInput,
  commentId: idInput,
  /** The author may shorten the comment to a statement; defaults to its plain text when it fits. */
  text: trimmed(opinionLimits.statementMin, opinionLimits.statementMax, "Statement"),
});

export const opinionVoteInput = z.object({
  statementId: idInput,
  choice: z.enum(opinionChoices),
});

export const moderateStatementInput = z.object({
  statementId: idInput,
  action: z.enum(["hide", "restore", "approve"]),
  reason: z.string().trim().max(500).default(""),
});

export const roundsOfInput = z.object({ topicId: idInput.nullish(), forumId: idInput.nullish() });

export const exportInput = z.object({ roundId: idInput, format: z.enum(["csv", "json"]) });

export const promoteInput = z.discriminatedUnion("as", [
  z.object({ as: z.literal("topic"), statementId: idInput }),
  z.object({
    as: z.literal("amendment"),
    statementId: idInput,
    measureId: idInput,
  }),
]);

export const organisationKindInput = z.object({ kind: z.enum(organisationKinds).nullable() });
