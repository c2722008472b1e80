/** Where an outgoing webhook posts: a work-chat group bot, or any endpoint that checks our signature. */
export const webhookFormats = ["generic", "wecom", "dingtalk", "feishu"] as const;
export type WebhookFormat = (typeof webhookFormats)[number];

/** What a webhook can be told about; each comes from one kind of committed event in the outbox. */
export const webhookKinds = [
  "ballot_opened",
  "ballot_closed",
  "project_submitted",
  "project_approved",
  "topic_created",
  "meeting_scheduled",
  "decision_awaiting_confirmation",
] as const;
export type WebhookKind = (typeof webhookKinds)[number];

export const webhookDeliveryStatuses = ["pending", "sent", "failed"] as const;
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatuses)[number];
