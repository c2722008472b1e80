import { z } from "zod";
import { idInput } from "@/server/features/accounts/contract";
import { issueKey } from "@/i18n/validation-messages";
import { webhookFormats, webhookKinds } from "@/shared/webhook-vocabulary";
import { locales } from "@/shared/vocabulary";

/** Row ids as every contract takes them: within the database integer range. */
const id = idInput;
const wellFormed = (value: string) => !/\p{Cs}/u.test(value);

export const webhookInput = z.object({
  name: z.string().trim().min(1).max(80).refine(wellFormed, issueKey("wellFormed")),
  format: z.enum(webhookFormats),
  /** Left empty on an edit to keep the stored address (admins never see it again after saving). */
  url: z.string().trim().max(2000).refine(wellFormed, issueKey("wellFormed")),
  /** Empty keeps the stored secret on an edit; a generic webhook gets one made for it when none is given. */
  secret: z.string().trim().max(200).refine(wellFormed, issueKey("wellFormed")).default(""),
  locale: z.enum(locales),
  regionId: id.nullable(),
  forumId: id.nullable(),
  kinds: z.array(z.enum(webhookKinds)).min(1).max(webhookKinds.length),
  active: z.boolean().default(true),
});
export type WebhookInput = z.infer<typeof webhookInput>;

export const updateWebhookInput = webhookInput.extend({ webhookId: id });
export const webhookIdInput = z.object({ webhookId: id });
export const deliveriesInput = z.object({
  webhookId: id.nullable().default(null),
  limit: z.number().int().min(1).max(100).default(50),
});
export const deliveryIdInput = z.object({ deliveryId: id });
export const mailLogInput = z.object({
  status: z.enum(["failed", "pending", "sent"]).default("failed"),
  limit: z.number().int().min(1).max(100).default(50),
});
export const mailIdInput = z.object({ mailId: id });
