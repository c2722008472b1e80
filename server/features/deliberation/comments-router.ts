import { addCommentInput, commentIdInput, editCommentInput, listCommentsInput, reactInput } from "./contract";
import {
  addComment,
  commentHistory,
  editComment,
  listComments,
  reactionSplit,
  reactToComment,
  withdrawComment,
} from "./comments";
import { publicProcedure, researcherProcedure, router, signedInProcedure } from "@/server/trpc/init";
import { countEdit } from "@/server/trpc/rate-limits";

export const commentsRouter = router({
  // With the thread stream's head from the same statement: the thread follows from it.
  list: publicProcedure.input(listCommentsInput).query(({ ctx, input }) => listComments(ctx, ctx.user, input)),
  history: publicProcedure
    .input(commentIdInput)
    .query(({ ctx, input }) => commentHistory(ctx, ctx.user, input.commentId)),
  reactionSplit: publicProcedure
    .input(commentIdInput)
    .query(({ ctx, input }) => reactionSplit(ctx, ctx.user, input.commentId)),
  add: researcherProcedure.input(addCommentInput).mutation(({ ctx, input }) => addComment(ctx, ctx.user, input)),
  edit: signedInProcedure.input(editCommentInput).mutation(async ({ ctx, input }) => {
    await countEdit(ctx, ctx.user);
    return editComment(ctx, ctx.user, input);
  }),
  withdraw: signedInProcedure
    .input(commentIdInput)
    .mutation(({ ctx, input }) => withdrawComment(ctx, ctx.user, input.commentId)),
  react: signedInProcedure.input(reactInput).mutation(({ ctx, input }) => reactToComment(ctx, ctx.user, input)),
});
