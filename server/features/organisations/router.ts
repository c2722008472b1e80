import { adminProcedure, publicProcedure, router, signedInProcedure } from "@/server/trpc/init";
import { createOrganisationInput, linkAccountInput, listOrganisationsInput, organisationIdInput } from "./contract";
import { createOrganisation, linkAccount, reviewList } from "./manage-organisations";
import { getOrganisation, listOrganisations, myOrganisation } from "./read-organisations";

/** Organisations as entities: public profiles; admins add them and link the accounts the migration could not. */
export const organisationsRouter = router({
  list: publicProcedure.input(listOrganisationsInput).query(({ ctx, input }) => listOrganisations(ctx.db, input)),
  get: publicProcedure
    .input(organisationIdInput)
    .query(({ ctx, input }) => getOrganisation(ctx.db, ctx.user, input.organisationId)),
  mine: signedInProcedure.query(({ ctx }) => myOrganisation(ctx.db, ctx.user)),
  create: adminProcedure
    .input(createOrganisationInput)
    .mutation(({ ctx, input }) => createOrganisation(ctx, ctx.user, input)),
  review: adminProcedure.query(({ ctx }) => reviewList(ctx.db)),
  linkAccount: adminProcedure.input(linkAccountInput).mutation(({ ctx, input }) => linkAccount(ctx, ctx.user, input)),
});
