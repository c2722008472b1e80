import { z } from "zod";
import { getRecommendationBySlug, listClustersWithRegions, listRecommendations } from "./reference";
import { publicProcedure, router } from "@/server/trpc/init";

export const referenceRouter = router({
  regions: publicProcedure.query(({ ctx }) => listClustersWithRegions(ctx)),
  recommendations: publicProcedure.query(({ ctx }) => listRecommendations(ctx)),
  recommendation: publicProcedure
    .input(z.object({ slug: z.string().trim().min(1).max(80) }))
    .query(({ ctx, input }) => getRecommendationBySlug(ctx, input.slug)),
});
