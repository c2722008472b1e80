import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { comments, type Role } from "@/db/schema";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  regionIdsByCode,
  type TestAccount,
  type TestServices,
} from "@/server/testing/fixtures";
import { callFailure } from "@/server/testing/trpc-errors";

let services: TestServices;
let admin: TestAccount;
let regionId: (code: string) => number;

beforeAll(async () => {
  services = await createTestServices();
  admin = await createTestAccount(services.deps.db, { role: "admin", regionCode: "hangzhou" });
  regionId = await regionIdsByCode(services.deps.db);
});
afterAll(async () => {
  await services?.close();
});

const account = (role: Role = "member", regionCode = "shanghai") =>
  createTestAccount(services.deps.db, { role, regionCode });
const as = (who: TestAccount) => callerFor(services.deps, who.user);

async function forumWithTopic() {
  const slug = `stance-${randomBytes(4).toString("hex")}`;
  const forum = await as(admin).forums.create({ slug, titleZh: `测试 ${slug}`, titleEn: `Test ${slug}` });
  const topic = await as(await account("member", "suzhou")).topics.create({
    forumId: forum.id,
    title: "Shared port data",
    body: "Opening post",
  });
  return { forumId: forum.id, threadId: topic.threadId };
}

describe(`stances are chosen, never defaulted (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[STANCES] a top-level comment must name a stance; the contract has no default", async () => {
    const { threadId } = await forumWithTopic();
    const author = await account();
    const missing = await callFailure(as(author).comments.add({ threadId, body: "No stance given", stance: null }));
    expect(missing.code).toBe("BAD_REQUEST");
    expect(missing.error.message).toContain("Choose a stance");
    // Leaving the field out is refused too: nothing fills it in.
    const omitted = await callFailure(as(author).comments.add({ threadId, body: "Field left out" } as never));
    expect(omitted.code).toBe("BAD_REQUEST");

    const top = await as(author).comments.add({ threadId, body: "I support this", stance: "support" });
    const edit = await callFailure(
      as(author).comments.edit({ commentId: top.id, body: "Changed my mind", stance: null }),
    );
    expect(edit.reason).toBe("STANCE_REQUIRED");
  });

  it("[STANCES] a reply without a stance is stored as none and leaves the stance picture as it was", async () => {
    const { forumId, threadId } = await forumWithTopic();
    const shanghai = await account("member", "shanghai");
    const qingdao = await account("researcher", "qingdao");
    const picture = async () => (await callerFor(services.deps, null).forums.stancePicture({ forumId })).regions;
    const counts = async () =>
      Object.fromEntries(
        (await picture()).map((r) => [
          r.regionId,
          Object.fromEntries(Object.entries(r.counts).filter(([, n]) => n > 0)),
        ]),
      );

    const top = await as(shanghai).comments.add({ threadId, body: "Worried about costs", stance: "concern" });
    expect(await counts()).toEqual({ [regionId("shanghai")]: { concern: 1 } });

    // Qingdao replies without a stance: Qingdao does not appear, and Shanghai's own reply keeps its concern.
    const reply = await as(qingdao).comments.add({ threadId, parentId: top.id, body: "Which costs?", stance: null });
    await as(shanghai).comments.add({ threadId, parentId: reply.id, body: "The survey ship", stance: null });
    expect(await counts()).toEqual({ [regionId("shanghai")]: { concern: 1 } });
    const [stored] = await services.deps.db
      .select({ stance: comments.stance })
      .from(comments)
      .where(eq(comments.id, reply.id));
    expect(stored).toEqual({ stance: null });

    // A reply that does choose a stance counts like any comment.
    await as(qingdao).comments.add({ threadId, parentId: top.id, body: "On reflection, agreed", stance: "support" });
    expect(await counts()).toEqual({ [regionId("shanghai")]: { concern: 1 }, [regionId("qingdao")]: { support: 1 } });
    // And a reply edited back to no stance no longer counts.
    const edited = await as(qingdao).comments.add({ threadId, parentId: top.id, body: "Question", stance: "question" });
    await as(qingdao).comments.edit({ commentId: edited.id, body: "Just asking", stance: null });
    expect(await counts()).toEqual({ [regionId("shanghai")]: { concern: 1 }, [regionId("qingdao")]: { support: 1 } });
  });
});
