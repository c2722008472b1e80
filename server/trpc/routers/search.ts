import { siteSearchInput } from "../../contracts/search";
import { siteSearch } from "../../services/site-search";
import { publicProcedure, router } from "../init";

export const searchRouter = router({
  site: publicProcedure.input(siteSearchInput).query(({ ctx, input }) => siteSearch(ctx, ctx.user, input)),
});
