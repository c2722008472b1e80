import { z } from "zod";
import { moderationTargetKinds, queueOrders, reportReasons } from "@/server/features/moderation/rules/moderation";
import { idInput } from "@/server/features/accounts/contract";

/** Shared by the procedures and the forms, so the browser and the server refuse the same input. */
export const targetInput = z.object({ targetKind: z.enum(moderationTargetKinds), targetId: idInput });

export const fileReportInput = targetInput.extend({
  reason: z.enum(reportReasons),
  note: z.string().trim().max(1000, "A note must be at most 1,000 characters").default(""),
});

/** Every moderation action says why; the reason is public where the item shows as hidden. */
export const actionReasonInput = z
  .string()
  .trim()
  .min(1, "Give a reason")
  .max(500, "A reason must be at most 500 characters");

export const queueInput = z.object({ order: z.enum(queueOrders).default("newest") });

export const hideInput = targetInput.extend({ reason: actionReasonInput });
export const restoreInput = targetInput.extend({ reason: actionReasonInput });
export const dismissInput = targetInput.extend({ reason: actionReasonInput });
export const lockInput = z.object({ threadId: idInput, locked: z.boolean(), reason: actionReasonInput });
export const moveTopicInput = z.object({ topicId: idInput, forumId: idInput, reason: actionReasonInput });

export const suspendInput = z.object({
  accountId: idInput,
  /** Whole days from now; null means until lifted. */
  days: z.number().int().min(1, "At least one day").max(3650, "At most ten years").nullable(),
  reason: actionReasonInput,
});
export const liftInput = z.object({ accountId: idInput, reason: actionReasonInput });
export const accountHistoryInput = z.object({ accountId: idInput });
