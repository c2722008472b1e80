import { z } from "zod";
import { emailModes, notificationKinds } from "@/shared/notification-kinds";
import { idInput } from "@/server/features/accounts/contract";

export const listNotificationsInput = z.object({
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(50).default(20),
});

export const notificationIdInput = z.object({ id: z.number().int().positive() });

export const setPreferenceInput = z.object({
  kind: z.enum(notificationKinds),
  inApp: z.boolean(),
  email: z.enum(emailModes),
});

export const followInput = z.object({ threadId: idInput, following: z.boolean() });
export const threadIdInput = z.object({ threadId: idInput });

export const mentionSearchInput = z.object({ query: z.string().trim().min(1).max(40) });
export const personIdInput = z.object({ id: idInput });
