import { adminProcedure, router, type Context } from "@/server/trpc/init";
import {
  deliveriesInput,
  deliveryIdInput,
  mailIdInput,
  mailLogInput,
  updateWebhookInput,
  webhookIdInput,
  webhookInput,
} from "./contract";
import { listMail, retryMail } from "./mail-log";
import {
  createWebhook,
  deleteWebhook,
  listDeliveries,
  listWebhooks,
  queueTestNotice,
  retryDelivery,
  updateWebhook,
  type OutgoingDeps,
} from "./manage-webhooks";
import { outgoingSettings } from "./settings";

/** Webhook addresses and secrets are sealed with the auth secret: a context without it cannot serve these. */
function deps(ctx: Context): OutgoingDeps & { baseUrl: string | null } {
  if (!ctx.authSecret) throw new Error("No auth secret in the request context: build it with createApp");
  return {
    db: ctx.db,
    now: ctx.now,
    authSecret: ctx.authSecret,
    onTransactionRetry: ctx.onTransactionRetry,
    ...outgoingSettings(),
  };
}

/** Outgoing notices: webhooks and the mail log, for admins only. */
export const outgoingRouter = router({
  webhooks: adminProcedure.query(({ ctx }) => listWebhooks(ctx)),
  create: adminProcedure.input(webhookInput).mutation(({ ctx, input }) => createWebhook(deps(ctx), ctx.user, input)),
  update: adminProcedure
    .input(updateWebhookInput)
    .mutation(({ ctx, input: { webhookId, ...input } }) => updateWebhook(deps(ctx), ctx.user, webhookId, input)),
  remove: adminProcedure
    .input(webhookIdInput)
    .mutation(({ ctx, input }) => deleteWebhook(deps(ctx), ctx.user, input.webhookId)),
  test: adminProcedure.input(webhookIdInput).mutation(({ ctx, input }) => queueTestNotice(deps(ctx), input.webhookId)),
  deliveries: adminProcedure
    .input(deliveriesInput)
    .query(({ ctx, input }) => listDeliveries(ctx, input.webhookId, input.limit)),
  retry: adminProcedure
    .input(deliveryIdInput)
    .mutation(({ ctx, input }) => retryDelivery(deps(ctx), ctx.user, input.deliveryId)),
  mail: adminProcedure.input(mailLogInput).query(({ ctx, input }) => listMail(ctx, input.status, input.limit)),
  retryMail: adminProcedure.input(mailIdInput).mutation(({ ctx, input }) => retryMail(ctx, ctx.user, input.mailId)),
});
