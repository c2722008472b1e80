import {
  accountHistoryInput,
  dismissInput,
  fileReportInput,
  hideInput,
  liftInput,
  lockInput,
  moveTopicInput,
  queueInput,
  restoreInput,
  suspendInput,
} from "./contract";
import { dismissReports, hideItem, moveTopic, restoreItem, setThreadLocked } from "./moderation-actions";
import { authorHistory, moderationQueue, openQueueSize } from "./moderation-queue";
import { liftSuspension, suspendAccount } from "./moderation-suspensions";
import { fileReport, myReports } from "./reports";
import { moderatorProcedure, router, signedInProcedure } from "@/server/trpc/init";
import { readAtStreamHead } from "@/server/infra/realtime/catch-up";
import { streamKey } from "@/server/domain/stream-access";

export const moderationRouter = router({
  report: signedInProcedure.input(fileReportInput).mutation(({ ctx, input }) => fileReport(ctx, ctx.user, input)),
  myReports: signedInProcedure.query(({ ctx }) => myReports(ctx, ctx.user)),
  // With the moderation stream's head from the same snapshot: the queue follows the stream from it.
  queue: moderatorProcedure
    .input(queueInput)
    .query(({ ctx, input }) =>
      readAtStreamHead(ctx.db, streamKey({ kind: "moderation" }), (db) => moderationQueue({ db }, input)),
    ),
  queueSize: moderatorProcedure.query(({ ctx }) => openQueueSize(ctx)),
  authorHistory: moderatorProcedure
    .input(accountHistoryInput)
    .query(({ ctx, input }) => authorHistory(ctx, input.accountId)),
  hide: moderatorProcedure.input(hideInput).mutation(({ ctx, input }) => hideItem(ctx, ctx.user, input)),
  restore: moderatorProcedure.input(restoreInput).mutation(({ ctx, input }) => restoreItem(ctx, ctx.user, input)),
  dismiss: moderatorProcedure.input(dismissInput).mutation(({ ctx, input }) => dismissReports(ctx, ctx.user, input)),
  lock: moderatorProcedure.input(lockInput).mutation(({ ctx, input }) => setThreadLocked(ctx, ctx.user, input)),
  move: moderatorProcedure.input(moveTopicInput).mutation(({ ctx, input }) => moveTopic(ctx, ctx.user, input)),
  suspend: moderatorProcedure.input(suspendInput).mutation(({ ctx, input }) => suspendAccount(ctx, ctx.user, input)),
  lift: moderatorProcedure.input(liftInput).mutation(({ ctx, input }) => liftSuspension(ctx, ctx.user, input)),
});
