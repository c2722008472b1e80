import { adminProcedure, publicProcedure, router, signedInProcedure } from "@/server/trpc/init";
import { approveRequestInput, providerIdInput, refuseRequestInput } from "./contract";
import { publicProviders } from "./providers";
import { myIdentities, startLink, unlink } from "./sso-identities";
import { approveRequest, listPendingRequests, refuseRequest } from "./sso-requests";

export const ssoRouter = router({
  providers: publicProcedure.query(() => publicProviders()),
  mine: signedInProcedure.query(({ ctx }) => myIdentities(ctx, ctx.user)),
  startLink: signedInProcedure
    .input(providerIdInput)
    .mutation(({ ctx, input }) => startLink(ctx, ctx.user, input.providerId)),
  unlink: signedInProcedure
    .input(providerIdInput)
    .mutation(({ ctx, input }) => unlink(ctx, ctx.user, input.providerId)),
  pending: adminProcedure.query(({ ctx }) => listPendingRequests(ctx)),
  approve: adminProcedure.input(approveRequestInput).mutation(({ ctx, input }) => approveRequest(ctx, ctx.user, input)),
  refuse: adminProcedure.input(refuseRequestInput).mutation(({ ctx, input }) => refuseRequest(ctx, ctx.user, input)),
});
