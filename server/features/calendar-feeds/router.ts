import { router, signedInProcedure } from "../../trpc/init";
import { createFeedInput, feedIdInput } from "./contract";
import { createFeed, listFeeds, revokeFeed } from "./feeds";

/**
 * Calendar feeds: any signed-in account keeps its own; the region rule and revocation by an admin are
 * checked in the use-cases with the account row read fresh. The feed itself is served by
 * app/api/calendar/[token]/route.ts, where the token is the credential.
 */
export const calendarFeedsRouter = router({
  list: signedInProcedure.query(({ ctx }) => listFeeds(ctx, ctx.user)),
  create: signedInProcedure.input(createFeedInput).mutation(({ ctx, input }) => createFeed(ctx, ctx.user, input)),
  revoke: signedInProcedure.input(feedIdInput).mutation(({ ctx, input }) => revokeFeed(ctx, ctx.user, input)),
});
