import { z } from "zod";
import { idInput } from "@/server/features/accounts/contract";
import { createForumInput, createTopicInput, listTopicsInput } from "./contract";
import { createForum, getForum, listForums, listForumsAtHead, setForumArchived } from "./forums";
import { stancePicture } from "@/server/features/topic-listing";
import { createTopic, forumIds, getTopic, listTopics, recentTopics } from "./topics";
import { readAtStreamHead, readAtStreamHeads } from "@/server/infra/realtime/catch-up";
import { streamKey } from "@/server/domain/stream-access";
import { adminProcedure, publicProcedure, researcherProcedure, router } from "@/server/trpc/init";

export const forumsRouter = router({
  list: publicProcedure.query(({ ctx }) => listForums(ctx)),
  // The same list with the `forums` stream's head from its snapshot: a page that follows the stream.
  listAtHead: publicProcedure.query(({ ctx }) => listForumsAtHead(ctx)),
  bySlug: publicProcedure
    .input(z.object({ slug: z.string().trim().min(1).max(80) }))
    .query(({ ctx, input }) => getForum(ctx, input.slug)),
  stancePicture: publicProcedure
    .input(z.object({ forumId: idInput }))
    // With the forum stream's head from the same snapshot: the page follows the stream from it.
    .query(({ ctx, input }) =>
      readAtStreamHead(ctx.db, forumStream(input.forumId), async (db) => ({
        regions: await stancePicture(db, input.forumId),
      })),
    ),
  create: adminProcedure.input(createForumInput).mutation(({ ctx, input }) => createForum(ctx, ctx.user, input)),
  setArchived: adminProcedure
    .input(z.object({ forumId: idInput, archived: z.boolean() }))
    .mutation(({ ctx, input }) => setForumArchived(ctx, ctx.user, input.forumId, input.archived)),
});

export const topicsRouter = router({
  list: publicProcedure
    .input(listTopicsInput)
    .query(({ ctx, input }) => readAtStreamHead(ctx.db, forumStream(input.forumId), (db) => listTopics({ db }, input))),
  recent: publicProcedure
    .input(z.object({ limit: z.number().int().min(1).max(20).default(6) }))
    // With each forum stream's head from the same snapshot: the dashboard follows every forum from it.
    .query(async ({ ctx, input }) => {
      const { data: items, heads } = await readAtStreamHeads(
        ctx.db,
        async (db) => (await forumIds(db)).map(forumStream),
        (db) => recentTopics({ db }, input.limit),
      );
      return { items, heads };
    }),
  byId: publicProcedure
    .input(z.object({ topicId: idInput }))
    .query(({ ctx, input }) => getTopic(ctx, input.topicId, ctx.user)),
  create: researcherProcedure.input(createTopicInput).mutation(({ ctx, input }) => createTopic(ctx, ctx.user, input)),
});

const forumStream = (forumId: number) => streamKey({ kind: "forum", id: forumId });
