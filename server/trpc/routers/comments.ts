import { addCommentInput, commentIdInput, editCommentInput, listCommentsInput, reactInput } from "../../contracts/deliberation";
import { addComment, commentHistory, editComment, listComments, reactionSplit, reactToComment, withdrawComment } from "../../services/comments";
import { publicProcedure, researcherProcedure, router, signedInProcedure } from "../init";
import { countEdit } from "../rate-limits";

export const commentsRouter = router({
  list: publicProcedure.input(listCommentsInput).query(({ ctx, input }) => listComments(ctx, ctx.user, input)),
  history: publicProcedure.input(commentIdInput).query(({ ctx, input }) => commentHistory(ctx, ctx.user, input.commentId)),
  reactionSplit: publicProcedure.input(commentIdInput).query(({ ctx, input }) => reactionSplit(ctx, ctx.user, input.commentId)),
  add: researcherProcedure.input(addCommentInput).mutation(({ ctx, input }) => addComment(ctx, ctx.user, input)),
  edit: signedInProcedure.input(editCommentInput).mutation(async ({ ctx, input }) => {
    await countEdit(ctx.user);
    return editComment(ctx, ctx.user, input);
  }),
  withdraw: signedInProcedure.input(commentIdInput).mutation(({ ctx, input }) => withdrawComment(ctx, ctx.user, input.commentId)),
  react: signedInProcedure.input(reactInput).mutation(({ ctx, input }) => reactToComment(ctx, ctx.user, input)),
});
