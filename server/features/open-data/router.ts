import { adminProcedure, publicProcedure, router } from "@/server/trpc/init";
import { issueApiKey, listApiKeys, revokeApiKey } from "./api-keys";
import { issueKeyInput, keyIdInput } from "./contract";
import { listAllDumps, listPublishedDumps, requestDump } from "./dumps";

/** Open data: the published dumps for everyone; API keys and dumps on demand for admins (audited in the use-cases). */
export const openDataRouter = router({
  dumps: publicProcedure.query(({ ctx }) => listPublishedDumps(ctx.db)),
  adminDumps: adminProcedure.query(({ ctx }) => listAllDumps(ctx.db)),
  requestDump: adminProcedure.mutation(({ ctx }) => requestDump(ctx, ctx.user)),
  keys: adminProcedure.query(({ ctx }) => listApiKeys(ctx)),
  issueKey: adminProcedure.input(issueKeyInput).mutation(({ ctx, input }) => issueApiKey(ctx, ctx.user, input)),
  revokeKey: adminProcedure.input(keyIdInput).mutation(({ ctx, input }) => revokeApiKey(ctx, ctx.user, input.keyId)),
});
