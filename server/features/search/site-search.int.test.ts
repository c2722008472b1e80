import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { comments, forums, regions, topics } from "@/db/schema";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  type TestAccount,
  type TestServices,
} from "@/server/testing/fixtures";
import { proposalInput, startProject } from "@/server/testing/projects";

let services: TestServices;
let author: TestAccount;
const visible = { topicId: 0, commentId: 0, projectCommentId: 0, projectId: 0 };
const concealed = { topicId: 0, commentId: 0, draftId: 0 };

beforeAll(async () => {
  services = await createTestServices();
  const { deps } = services;
  author = await createTestAccount(deps.db, { role: "member" });
  const as = callerFor(deps, author.user);
  const [forum] = await deps.db.select({ id: forums.id }).from(forums).limit(1);
  const topic = await as.topics.create({
    forumId: forum!.id,
    title: "Lighthouse 灯塔计划 data commons",
    body: "A shared 数据港 for every region.",
  });
  visible.topicId = topic.id;
  visible.commentId = (
    await as.comments.add({
      threadId: topic.threadId,
      body: "The 灯塔 catalogue needs a steward in each region.",
      stance: "support",
    })
  ).id;
  const hiddenComment = await as.comments.add({
    threadId: topic.threadId,
    body: "A 灯塔 remark a moderator removed.",
    stance: "concern",
  });
  concealed.commentId = hiddenComment.id;
  await deps.db.update(comments).set({ state: "hidden" }).where(eq(comments.id, hiddenComment.id));
  const hiddenTopic = await as.topics.create({
    forumId: forum!.id,
    title: "灯塔 hidden topic",
    body: "Removed by a moderator.",
  });
  concealed.topicId = hiddenTopic.id;
  await deps.db.update(topics).set({ state: "hidden" }).where(eq(topics.id, hiddenTopic.id));

  const regionRows = await deps.db.select({ id: regions.id, code: regions.code }).from(regions);
  const regionId = (code: string) => regionRows.find((r) => r.code === code)!.id;
  const researcher = await createTestAccount(deps.db, { role: "researcher", regionCode: "shenzhen" });
  const project = await startProject(
    deps,
    researcher,
    proposalInput(regionId, { title: "灯塔 lighthouse submitted project" }),
  );
  visible.projectId = project.id;
  visible.projectCommentId = (
    await as.comments.add({ threadId: project.threadId, body: "Lighthouse budget question.", stance: "question" })
  ).id;
  const draft = await startProject(deps, researcher, proposalInput(regionId, { title: "灯塔 lighthouse draft" }), {
    submit: false,
  });
  concealed.draftId = draft.id;
}, 120_000);
afterAll(async () => {
  await services?.close();
});

describe(`site search (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[SEARCH] finds visible projects, topics and comments in Chinese and in English, never hidden ones or drafts", async () => {
    const anonymous = callerFor(services.deps, null);
    for (const q of ["灯塔", "LIGHTHOUSE"]) {
      const found = await anonymous.search.site({ q });
      expect(found.topics!.items.map((t) => t.id)).toContain(visible.topicId);
      expect(found.topics!.items.map((t) => t.id)).not.toContain(concealed.topicId);
      expect(found.projects!.items.map((p) => p.id)).toContain(visible.projectId);
      expect(found.projects!.items.map((p) => p.id)).not.toContain(concealed.draftId);
      expect(found.comments!.items.map((c) => c.id)).not.toContain(concealed.commentId);
    }
    const zh = await anonymous.search.site({ q: "灯塔 steward" });
    expect(zh.comments!.items.map((c) => c.id)).toEqual([visible.commentId]);
    expect(zh.comments!.items[0]!.on).toEqual({
      kind: "topic",
      id: visible.topicId,
      title: "Lighthouse 灯塔计划 data commons",
    });
    const en = await anonymous.search.site({ q: "budget lighthouse" });
    expect(en.comments!.items.map((c) => c.id)).toEqual([visible.projectCommentId]);
    expect(en.comments!.items[0]!.on).toMatchObject({ kind: "project", id: visible.projectId });
  });

  it("[SEARCH] the draft's author still does not find it here (search is the public view), and a blank query finds nothing", async () => {
    const found = await callerFor(services.deps, author.user).search.site({ q: "lighthouse draft" });
    expect(found.projects!.items).toEqual([]);
    expect(await callerFor(services.deps, null).search.site({ q: "   " })).toEqual({
      projects: null,
      topics: null,
      comments: null,
    });
  });

  it("[SEARCH] one kind pages by cursor without repeats", async () => {
    const as = callerFor(services.deps, author.user);
    const thread = (
      await services.deps.db.select({ threadId: topics.threadId }).from(topics).where(eq(topics.id, visible.topicId))
    )[0]!.threadId;
    const made: number[] = [];
    // Two authors, as one may post only so many comments a minute.
    const other = callerFor(services.deps, (await createTestAccount(services.deps.db, { role: "member" })).user);
    for (let i = 0; i < 12; i += 1)
      made.push(
        (
          await (i % 2 === 0 ? as : other).comments.add({
            threadId: thread,
            body: `Paging beacon ${i}`,
            stance: "support",
          })
        ).id,
      );
    const first = await as.search.site({ q: "paging beacon", kind: "comments" });
    expect(first.projects).toBeNull();
    expect(first.topics).toBeNull();
    expect(first.comments!.items).toHaveLength(10);
    expect(first.comments!.nextCursor).not.toBeNull();
    const second = await as.search.site({ q: "paging beacon", kind: "comments", cursor: first.comments!.nextCursor });
    expect([...first.comments!.items, ...second.comments!.items].map((c) => c.id).sort((a, b) => a - b)).toEqual(made);
    expect(second.comments!.nextCursor).toBeNull();
  });
});
