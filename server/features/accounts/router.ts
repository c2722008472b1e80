import { changePasswordInput, updateProfileInput } from "./contract";
import { changePassword, getProfile, updateProfile } from "./profile";
import { publicProcedure, router, signedInProcedure } from "@/server/trpc/init";
import { rateLimitStore } from "@/server/trpc/rate-limits";
import { announceRename } from "@/server/features/moderation";

export const accountRouter = router({
  /** Who is signed in, or null; public so the layout can ask without an error. */
  session: publicProcedure.query(({ ctx }) => ctx.user),
  me: signedInProcedure.query(({ ctx }) => getProfile(ctx, ctx.user)),
  updateProfile: signedInProcedure
    .input(updateProfileInput)
    // A new name shows in the moderation queue's open entries that name the person.
    .mutation(({ ctx, input }) => updateProfile(ctx, ctx.user, input, announceRename)),
  changePassword: signedInProcedure
    .input(changePasswordInput)
    .mutation(({ ctx, input }) => changePassword(ctx, rateLimitStore(ctx), ctx.user, input)),
});
