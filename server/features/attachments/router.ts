import { publicProcedure, router } from "@/server/trpc/init";
import { listAttachments, listVersions } from "./attachments";
import { attachmentIdInput, listAttachmentsInput } from "./contract";

/**
 * Reading attachment lists and versions; files themselves go up and down through the HTTP routes
 * app/api/attachments (a body and a download are not JSON). Every read asks the parent's own rule.
 */
export const attachmentsRouter = router({
  list: publicProcedure
    .input(listAttachmentsInput)
    .query(({ ctx, input }) => listAttachments(ctx, ctx.user, input.parent)),
  versions: publicProcedure
    .input(attachmentIdInput)
    .query(({ ctx, input }) => listVersions(ctx, ctx.user, input.attachmentId)),
});
