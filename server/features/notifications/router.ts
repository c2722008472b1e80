import {
  followInput,
  listNotificationsInput,
  mentionSearchInput,
  notificationIdInput,
  personIdInput,
  setPreferenceInput,
  threadIdInput,
} from "./contract";
import { isFollowing, setFollowing } from "./follows";
import { mentionCandidates } from "@/server/features/accounts";
import { viewProfile } from "@/server/features/accounts";
import { getPreferences, listNotifications, markRead, setPreference, unreadCount } from "./notifications";
import { readAtStreamHead } from "@/server/infra/realtime/catch-up";
import { publicProcedure, router, signedInProcedure } from "@/server/trpc/init";
import { streamKey } from "@/server/domain/stream-access";

export const notificationsRouter = router({
  // The head of the person's stream comes with the page, from the same snapshot (see the live hook).
  list: signedInProcedure
    .input(listNotificationsInput)
    .query(({ ctx, input }) =>
      readAtStreamHead(ctx.db, streamKey({ kind: "user", id: ctx.user.id }), (db) =>
        listNotifications({ db }, ctx.user, input),
      ),
    ),
  // The bell counts up and down from this head with the stream's events (app/lib/live/unread-count.ts).
  unreadCount: signedInProcedure.query(({ ctx }) => unreadCount(ctx, ctx.user)),
  markRead: signedInProcedure
    .input(notificationIdInput)
    .mutation(({ ctx, input }) => markRead(ctx, ctx.user, input.id)),
  markAllRead: signedInProcedure.mutation(({ ctx }) => markRead(ctx, ctx.user, null)),
  preferences: signedInProcedure.query(({ ctx }) => getPreferences(ctx, ctx.user)),
  setPreference: signedInProcedure
    .input(setPreferenceInput)
    .mutation(({ ctx, input }) => setPreference(ctx, ctx.user, input)),
  following: signedInProcedure
    .input(threadIdInput)
    .query(({ ctx, input }) => isFollowing(ctx, ctx.user, input.threadId)),
  setFollowing: signedInProcedure.input(followInput).mutation(({ ctx, input }) => setFollowing(ctx, ctx.user, input)),
});

export const peopleRouter = router({
  /** Signed-in only: the list of names is not for anonymous scraping. */
  mentionCandidates: signedInProcedure
    .input(mentionSearchInput)
    .query(({ ctx, input }) => mentionCandidates(ctx.db, input.query, ctx.now())),
  profile: publicProcedure.input(personIdInput).query(({ ctx, input }) => viewProfile(ctx.db, ctx, input.id)),
});
