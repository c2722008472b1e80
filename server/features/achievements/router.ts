import { adminProcedure, publicProcedure, researcherProcedure, router, signedInProcedure } from "@/server/trpc/init";
import { countEdit } from "@/server/trpc/rate-limits";
import { createAchievement, publishProjectOutcomes, updateAchievement } from "./achievements";
import {
  achievementIdInput,
  achievementVersionInput,
  updateAchievementInput,
  createAchievementInput,
  createNeedInput,
  exportDealsInput,
  exportRegistryInput,
  enquiryIdInput,
  listAchievementsInput,
  listNeedsInput,
  hideMessageInput,
  proposeTermsInput,
  recordDealInput,
  respondToTermsInput,
  needIdInput,
  postMessageInput,
  publishFromProjectInput,
  regionDealsInput,
  recordTransferInput,
  setOrganisationTypeInput,
  setRegionStrengthInput,
  startEnquiryInput,
  transferPublishInput,
} from "./contract";
import { getEnquiry, hideEnquiryMessage, myEnquiries, postEnquiryMessage, startEnquiry } from "./enquiries";
import { proposeTerms, respondToTerms } from "./negotiate-terms";
import { recordDealFromTerms } from "./record-deal";
import { matchesForAchievement, matchesForNeed } from "./match";
import { postNeed } from "./match-notices";
import { closeNeed, getNeed, listNeeds, myNeedStanding } from "./needs";
import { getAchievement, getAchievementVersion, listAchievements, listAchievementVersions } from "./read-achievements";
import { listOrganisationTypes, listRegionStrengths, setOrganisationType, setRegionStrength } from "./settings";
import { exportDeals, exportRegistry, listPublicDeals } from "./exports";
import { clusterFigures } from "./cluster-figures";
import { listTransfers, recordTransfer, regionDeals, setTransferPublication, transferFlows } from "./transfers";

/**
 * Achievements and technology transfer. Roles are checked here; who the caller is to an achievement
 * (owner, asker, buyer) is checked in the use-cases, through the one access rule per object.
 */
export const achievementsRouter = router({
  list: publicProcedure.input(listAchievementsInput).query(({ ctx, input }) => listAchievements(ctx, ctx.user, input)),
  get: publicProcedure
    .input(achievementIdInput)
    .query(({ ctx, input }) => getAchievement(ctx, ctx.user, input.achievementId)),
  versions: publicProcedure
    .input(achievementIdInput)
    .query(({ ctx, input }) => listAchievementVersions(ctx, ctx.user, input.achievementId)),
  version: publicProcedure
    .input(achievementVersionInput)
    .query(({ ctx, input }) => getAchievementVersion(ctx, ctx.user, input.achievementId, input.version)),
  matchingNeeds: publicProcedure
    .input(achievementIdInput)
    .query(({ ctx, input }) => matchesForAchievement(ctx, ctx.user, input.achievementId)),
  transfers: publicProcedure
    .input(achievementIdInput)
    .query(({ ctx, input }) => listTransfers(ctx, ctx.user, input.achievementId)),
  flows: publicProcedure.query(({ ctx }) => transferFlows(ctx)),
  clusterFigures: publicProcedure.query(({ ctx }) => clusterFigures(ctx)),
  deals: publicProcedure.query(({ ctx }) => listPublicDeals(ctx)),
  regionDeals: publicProcedure.input(regionDealsInput).query(({ ctx, input }) => regionDeals(ctx, input.regionId)),
  exportRegistry: publicProcedure
    .input(exportRegistryInput)
    .query(({ ctx, input }) => exportRegistry(ctx, ctx.user, input)),
  exportDeals: publicProcedure.input(exportDealsInput).query(({ ctx, input }) => exportDeals(ctx, input)),
  regionStrengths: publicProcedure.query(({ ctx }) => listRegionStrengths(ctx)),

  create: researcherProcedure.input(createAchievementInput).mutation(async ({ ctx, input }) => {
    await countEdit(ctx, ctx.user);
    return createAchievement(ctx, ctx.user, input);
  }),
  update: signedInProcedure.input(updateAchievementInput).mutation(async ({ ctx, input }) => {
    await countEdit(ctx, ctx.user);
    return updateAchievement(ctx, ctx.user, input);
  }),
  publishFromProject: researcherProcedure.input(publishFromProjectInput).mutation(async ({ ctx, input }) => {
    await countEdit(ctx, ctx.user);
    return publishProjectOutcomes(ctx, ctx.user, input);
  }),

  needs: publicProcedure.input(listNeedsInput).query(({ ctx, input }) => listNeeds(ctx, ctx.user, input)),
  need: publicProcedure.input(needIdInput).query(({ ctx, input }) => getNeed(ctx, ctx.user, input.needId)),
  needMatches: publicProcedure
    .input(needIdInput)
    .query(({ ctx, input }) => matchesForNeed(ctx, ctx.user, input.needId)),
  myNeedStanding: signedInProcedure.query(({ ctx }) => myNeedStanding(ctx, ctx.user)),
  createNeed: researcherProcedure.input(createNeedInput).mutation(async ({ ctx, input }) => {
    await countEdit(ctx, ctx.user);
    return postNeed(ctx, ctx.user, input);
  }),
  closeNeed: signedInProcedure.input(needIdInput).mutation(({ ctx, input }) => closeNeed(ctx, ctx.user, input.needId)),

  enquire: signedInProcedure.input(startEnquiryInput).mutation(async ({ ctx, input }) => {
    await countEdit(ctx, ctx.user);
    return startEnquiry(ctx, ctx.user, input);
  }),
  enquiry: signedInProcedure
    .input(enquiryIdInput)
    .query(({ ctx, input }) => getEnquiry(ctx, ctx.user, input.enquiryId)),
  myEnquiries: signedInProcedure.query(({ ctx }) => myEnquiries(ctx, ctx.user)),
  postMessage: signedInProcedure.input(postMessageInput).mutation(async ({ ctx, input }) => {
    await countEdit(ctx, ctx.user);
    return postEnquiryMessage(ctx, ctx.user, input);
  }),
  hideMessage: adminProcedure
    .input(hideMessageInput)
    .mutation(({ ctx, input }) => hideEnquiryMessage(ctx, ctx.user, input)),
  proposeTerms: signedInProcedure.input(proposeTermsInput).mutation(async ({ ctx, input }) => {
    await countEdit(ctx, ctx.user);
    return proposeTerms(ctx, ctx.user, input);
  }),
  respondToTerms: signedInProcedure
    .input(respondToTermsInput)
    .mutation(({ ctx, input }) => respondToTerms(ctx, ctx.user, input)),
  recordDeal: signedInProcedure
    .input(recordDealInput)
    .mutation(({ ctx, input }) => recordDealFromTerms(ctx, ctx.user, input)),

  recordTransfer: signedInProcedure
    .input(recordTransferInput)
    .mutation(({ ctx, input }) => recordTransfer(ctx, ctx.user, input)),
  publishTransferValue: signedInProcedure
    .input(transferPublishInput)
    .mutation(({ ctx, input }) => setTransferPublication(ctx, ctx.user, input.transferId, input.publish)),

  organisationTypes: adminProcedure.query(({ ctx }) => listOrganisationTypes(ctx)),
  setOrganisationType: adminProcedure
    .input(setOrganisationTypeInput)
    .mutation(({ ctx, input }) => setOrganisationType(ctx, ctx.user, input.accountId, input.organisationType)),
  setRegionStrength: adminProcedure
    .input(setRegionStrengthInput)
    .mutation(({ ctx, input }) => setRegionStrength(ctx, ctx.user, input.regionId, input.strength)),
});
