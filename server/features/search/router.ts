import { siteSearchInput } from "./contract";
import { siteSearch } from "./site-search";
import { publicProcedure, router } from "@/server/trpc/init";

export const searchRouter = router({
  site: publicProcedure.input(siteSearchInput).query(({ ctx, input }) => siteSearch(ctx, ctx.user, input)),
});
