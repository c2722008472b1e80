import { publicProcedure, researcherProcedure, router, signedInProcedure } from "@/server/trpc/init";
import { countEdit } from "@/server/trpc/rate-limits";
import type { Db } from "@/db/client";
import { readAtStreamHead } from "@/server/infra/realtime/catch-up";
import { streamKey } from "@/server/domain/stream-access";
import {
  applyForPosting,
  exportApplications,
  moveApplication,
  myApplicationTo,
  myApplications,
  postingPipeline,
} from "./applications";
import {
  applyInput,
  createPostingInput,
  expertiseInput,
  listPostingsInput,
  moveApplicationInput,
  personInput,
  postingIdInput,
  setPostingStatusInput,
  suggestInput,
} from "./contract";
import { myExpertise, personExpertise, saveExpertise, suggestCoproposers } from "./expertise";
import { createPosting, getPosting, listPostings, myPostings, setPostingStatus } from "./postings";
import { personRecognition, regionRecognition } from "./recognition";
import { canManagePosting } from "./rules/access";

/**
 * Talent exchange, expertise, recognition and co-proposer suggestions. Roles are checked here; who
 * the caller is to a posting or application (host, applicant) is checked in the use-cases.
 */
export const talentRouter = router({
  list: publicProcedure.input(listPostingsInput).query(({ ctx, input }) => listPostings(ctx, input)),
  // A signed-in reader's own application changes on their own stream, whose head comes with the read.
  get: publicProcedure.input(postingIdInput).query(async ({ ctx, input }) => {
    const user = ctx.user;
    const read = async (db: Db) => {
      const posting = await getPosting(db, input.postingId);
      return {
        posting,
        canManage: canManagePosting({ hostId: posting.postedById }, user),
        mine: user ? await myApplicationTo(db, user, posting.id) : null,
      };
    };
    return user
      ? readAtStreamHead(ctx.db, streamKey({ kind: "user", id: user.id }), read)
      : { ...(await read(ctx.db)), headSeq: 0 };
  }),
  // With the posting stream's head from the same snapshot: the host's pipeline follows from it.
  pipeline: signedInProcedure
    .input(postingIdInput)
    .query(({ ctx, input }) =>
      readAtStreamHead(ctx.db, streamKey({ kind: "posting", id: input.postingId }), (db) =>
        postingPipeline(db, ctx.user, input.postingId),
      ),
    ),
  export: signedInProcedure
    .input(postingIdInput)
    .query(({ ctx, input }) => exportApplications(ctx.db, ctx.user, input.postingId, ctx.user.locale)),
  // With the reader's own stream's head: each change of a posting's count of applications comes there.
  myPostings: signedInProcedure.query(({ ctx }) =>
    readAtStreamHead(ctx.db, streamKey({ kind: "user", id: ctx.user.id }), (db) => myPostings(db, ctx.user)),
  ),
  // With the reader's own stream's head from the same snapshot: their applications' steps follow from it.
  myApplications: signedInProcedure.query(({ ctx }) =>
    readAtStreamHead(ctx.db, streamKey({ kind: "user", id: ctx.user.id }), (db) => myApplications(db, ctx.user)),
  ),

  create: researcherProcedure.input(createPostingInput).mutation(async ({ ctx, input }) => {
    await countEdit(ctx, ctx.user);
    return createPosting(ctx, ctx.user, input);
  }),
  setStatus: signedInProcedure
    .input(setPostingStatusInput)
    .mutation(({ ctx, input }) => setPostingStatus(ctx, ctx.user, input.postingId, input.status)),
  applyFor: signedInProcedure.input(applyInput).mutation(async ({ ctx, input }) => {
    await countEdit(ctx, ctx.user);
    return applyForPosting(ctx, ctx.user, input);
  }),
  move: signedInProcedure
    .input(moveApplicationInput)
    .mutation(({ ctx, input }) => moveApplication(ctx, ctx.user, input)),

  myExpertise: signedInProcedure.query(({ ctx }) => myExpertise(ctx.db, ctx.user)),
  saveExpertise: signedInProcedure.input(expertiseInput).mutation(async ({ ctx, input }) => {
    await countEdit(ctx, ctx.user);
    return saveExpertise(ctx, ctx.user, input);
  }),
  expertise: publicProcedure
    .input(personInput)
    .query(({ ctx, input }) => personExpertise(ctx.db, ctx.user, input.accountId)),
  recognition: publicProcedure
    .input(personInput)
    .query(({ ctx, input }) => personRecognition(ctx.db, ctx.user, input.accountId)),
  regionRecognition: publicProcedure.query(({ ctx }) => regionRecognition(ctx.db)),
  suggestCoproposers: researcherProcedure
    .input(suggestInput)
    .query(({ ctx, input }) => suggestCoproposers(ctx, ctx.user, input)),
});
