import { randomBytes } from "node:crypto";
import type { inferRouterInputs } from "@trpc/server";
import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { auditEntries, events, forums, measures, recommendations, topics } from "@/db/schema";
import type { Role } from "@/db/schema";
import { limits } from "./contract";
import type { ServiceDeps } from "@/server/infra/deps";
import {
  callerFor,
  createFrozenClock,
  createTestAccount,
  createTestServices,
  describeEvent,
  observeCommitsAndPublishes,
  regionIdsByCode,
  type TestAccount,
  type TestServices,
} from "@/server/testing/fixtures";
import { callFailure, clientErrorShape } from "@/server/testing/trpc-errors";
import type { AppRouter } from "@/server/trpc/root";

type TopicsInputs = inferRouterInputs<AppRouter>["topics"];
type TopicSort = NonNullable<TopicsInputs["list"]["sort"]>;

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

const signedOut = () => callerFor(services.deps, null);
const asAdmin = () => callerFor(services.deps, admin.user);

function account(role: Role = "member", regionCode = "shanghai") {
  return createTestAccount(services.deps.db, { role, regionCode });
}

/** A forum of its own, so a test's lists and streams hold only what the test put there. */
async function freshForum() {
  const slug = `test-${randomBytes(4).toString("hex")}`;
  return asAdmin().forums.create({ slug, titleZh: `测试 ${slug}`, titleEn: `Test ${slug}` });
}

async function startTopic(deps: ServiceDeps, author: TestAccount, forumId: number, title = "A topic") {
  return callerFor(deps, author.user).topics.create({ forumId, title, body: `Body of ${title}` });
}

async function comment(deps: ServiceDeps, author: TestAccount, threadId: number) {
  return callerFor(deps, author.user).comments.add({ threadId, body: "A comment", stance: "support" });
}

async function titles(forumId: number, sort: TopicSort, regionCode?: string) {
  const page = await signedOut().topics.list({
    forumId,
    sort,
    regionId: regionCode ? regionId(regionCode) : null,
    limit: 50,
  });
  expect(page.nextCursor).toBeNull();
  return page.items.map((item) => item.title);
}

async function allPages(forumId: number, sort: TopicSort, limit: number) {
  const pages: Array<{ ids: number[]; nextCursor: string | null }> = [];
  let cursor: string | null = null;
  do {
    const page = await signedOut().topics.list({ forumId, sort, limit, cursor });
    pages.push({ ids: page.items.map((item) => item.id), nextCursor: page.nextCursor });
    cursor = page.nextCursor;
  } while (cursor !== null && pages.length < 10);
  return pages;
}

describe(`forums and topics routers (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[SEED] there is one forum per recommendation, addressed by the recommendation's slug", async () => {
    const seeded = await services.deps.db.select().from(recommendations).orderBy(asc(recommendations.number));
    expect(seeded).toHaveLength(5);

    const listed = await signedOut().forums.list();
    const recommendationForums = listed.filter((forum) => forum.recommendationId !== null);
    expect(recommendationForums.map((forum) => forum.slug)).toEqual(seeded.map((r) => r.slug));
    expect(recommendationForums.map((forum) => forum.recommendation?.number)).toEqual([1, 2, 3, 4, 5]);

    for (const recommendation of seeded) {
      const forum = await signedOut().forums.bySlug({ slug: recommendation.slug });
      expect(forum.recommendation).toMatchObject({
        id: recommendation.id,
        slug: recommendation.slug,
        number: recommendation.number,
      });
      expect(forum.archivedAt).toBeNull();
      const expected = await services.deps.db
        .select()
        .from(measures)
        .where(eq(measures.recommendationId, recommendation.id))
        .orderBy(asc(measures.position));
      expect(expected.length).toBeGreaterThan(0);
      expect(forum.measures.map((m) => m.id)).toEqual(expected.map((m) => m.id));
      expect(forum.measures.every((m) => m.recommendationId === recommendation.id)).toBe(true);
    }

    expect(await callFailure(signedOut().forums.bySlug({ slug: "no-such-forum" }))).toMatchObject({
      code: "NOT_FOUND",
      reason: "NOT_FOUND",
    });
  });

  it.each(["member", "researcher", "admin"] as const)("[TOPIC] a %s starts a topic", async (role) => {
    const author = role === "admin" ? admin : await account(role, "shenzhen");
    const forum = await signedOut().forums.bySlug({ slug: "talent-mobility" });

    const created = await callerFor(services.deps, author.user).topics.create({
      forumId: forum.id,
      title: `  Started by a ${role}  `,
      body: "**Why** it matters",
    });

    const topic = await signedOut().topics.byId({ topicId: created.id });
    expect(topic).toMatchObject({
      id: created.id,
      threadId: created.threadId,
      title: `Started by a ${role}`,
      commentCount: 0,
      forum: { id: forum.id, slug: "talent-mobility" },
      author: { id: author.account.id, role },
      region: { id: author.account.regionId },
    });
    expect(topic.bodyHtml).toContain("<strong>Why</strong>");
    expect(Object.keys(topic.author)).not.toContain("email");
    // The page offers amending the forum's measures from the topic read alone: the same list, in order.
    expect(topic.measures).toEqual(
      forum.measures.map((m) => ({ id: m.id, code: m.code, titleZh: m.titleZh, titleEn: m.titleEn })),
    );
    expect(topic.measures.length).toBeGreaterThan(1);
  });

  it("[ROLES] a moderator may not start a topic, and signed out one must sign in", async () => {
    const forum = await signedOut().forums.bySlug({ slug: "industrial-layout" });
    const moderator = await account("moderator");
    const input = { forumId: forum.id, title: "Not allowed", body: "Body" };

    expect(await callFailure(callerFor(services.deps, moderator.user).topics.create(input))).toMatchObject({
      code: "FORBIDDEN",
      httpStatus: 403,
    });
    expect(await callFailure(signedOut().topics.create(input))).toMatchObject({
      code: "UNAUTHORIZED",
      httpStatus: 401,
    });
    expect(await services.deps.db.select().from(topics).where(eq(topics.title, "Not allowed"))).toEqual([]);
  });

  it("[READ] a signed-out visitor reads forums, a forum, its topics and a topic", async () => {
    const forum = await freshForum();
    const author = await account("member", "qingdao");
    const created = await startTopic(services.deps, author, forum.id, "Readable by all");

    expect((await signedOut().forums.list()).map((f) => f.id)).toContain(forum.id);
    expect(await signedOut().forums.bySlug({ slug: forum.slug })).toMatchObject({
      id: forum.id,
      recommendation: null,
      measures: [],
      topicCount: 1,
    });
    const list = await signedOut().topics.list({ forumId: forum.id });
    expect(list.items).toMatchObject([
      { id: created.id, title: "Readable by all", region: { code: "qingdao" }, author: { id: author.account.id } },
    ]);
    expect(await signedOut().topics.byId({ topicId: created.id })).toMatchObject({
      id: created.id,
      title: "Readable by all",
      measures: [],
    });
    expect(await callFailure(signedOut().topics.byId({ topicId: 999_999 }))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("[MARKDOWN] a topic body is stored as sanitised HTML and the title as plain text", async () => {
    const forum = await freshForum();
    const author = await account();
    const created = await callerFor(services.deps, author.user).topics.create({
      forumId: forum.id,
      title: "<b>Bold?</b>",
      body: "<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)> _fine_",
    });

    const topic = await signedOut().topics.byId({ topicId: created.id });
    expect(topic.title).toBe("<b>Bold?</b>");
    expect(topic.bodyHtml.toLowerCase()).not.toMatch(/<script|<img|javascript:/);
    // Markup the author typed is shown as text, not run.
    expect(topic.bodyHtml).toContain("&lt;script&gt;");
    expect(topic.bodyHtml).toContain("<em>fine</em>");
  });

  describe("[INPUT] a blank title or body is BAD_REQUEST with a readable message", () => {
    const cases: ReadonlyArray<[string, "title" | "body", string, string]> = [
      ["an empty title", "title", "", "Title cannot be empty"],
      ["a whitespace title", "title", "  \n\t ", "Title cannot be empty"],
      ["an empty body", "body", "", "Body cannot be empty"],
      ["a whitespace body", "body", "   \n  ", "Body cannot be empty"],
    ];
    it.each(cases)("%s", async (_label, field, value, message) => {
      const forum = await freshForum();
      const author = await account();
      const input = { forumId: forum.id, title: "Fine title", body: "Fine body", [field]: value };

      const failure = await callFailure(callerFor(services.deps, author.user).topics.create(input));

      expect(failure).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400, reason: null });
      const shape = clientErrorShape(failure.error, "topics.create", "mutation", input);
      expect(failure.error.message).toContain(message);
      expect(shape.message).toBe("此项不能为空。");
      expect(shape.data.fieldErrors).toEqual([{ field, code: "custom", params: { key: "blank" } }]);
      expect((await signedOut().topics.list({ forumId: forum.id })).items).toEqual([]);
    });
  });

  it("[LIST] by latest activity a comment lifts a topic to the top; by most discussed the busiest leads", async () => {
    const forum = await freshForum();
    const clock = createFrozenClock();
    const timed = { ...services.deps, now: clock.now };
    const author = await account();
    const commenter = await account("researcher");
    const tick = () => clock.advanceSeconds(1);

    const a = await startTopic(timed, author, forum.id, "A");
    tick();
    const b = await startTopic(timed, author, forum.id, "B");
    tick();
    await startTopic(timed, author, forum.id, "C");
    tick();
    expect(await titles(forum.id, "activity")).toEqual(["C", "B", "A"]);

    await comment(timed, commenter, a.threadId);
    tick();
    expect(await titles(forum.id, "activity")).toEqual(["A", "C", "B"]);

    await comment(timed, commenter, b.threadId);
    tick();
    await comment(timed, commenter, b.threadId);
    tick();
    expect(await titles(forum.id, "activity")).toEqual(["B", "A", "C"]);
    expect(await titles(forum.id, "discussed")).toEqual(["B", "A", "C"]);
    const listed = await signedOut().topics.list({ forumId: forum.id, sort: "discussed" });
    expect(listed.items.map((item) => item.commentCount)).toEqual([2, 1, 0]);

    // An older topic with more comments still leads by discussion, and falls behind by activity.
    await comment(timed, commenter, a.threadId);
    tick();
    await comment(timed, commenter, a.threadId);
    tick();
    await startTopic(timed, author, forum.id, "D");
    expect(await titles(forum.id, "activity")).toEqual(["D", "A", "B", "C"]);
    expect(await titles(forum.id, "discussed")).toEqual(["A", "B", "D", "C"]);
  });

  it("[LIST] filtering by region shows only topics whose author posted from that region", async () => {
    const forum = await freshForum();
    const shanghai = await account("member", "shanghai");
    const qingdao = await account("researcher", "qingdao");
    await startTopic(services.deps, shanghai, forum.id, "From Shanghai 1");
    await startTopic(services.deps, qingdao, forum.id, "From Qingdao");
    await startTopic(services.deps, shanghai, forum.id, "From Shanghai 2");

    const fromQingdao = await signedOut().topics.list({ forumId: forum.id, regionId: regionId("qingdao") });
    expect(fromQingdao.items.map((item) => [item.title, item.region.code])).toEqual([["From Qingdao", "qingdao"]]);
    expect(await titles(forum.id, "activity", "shanghai")).toEqual(["From Shanghai 2", "From Shanghai 1"]);
    expect(await titles(forum.id, "discussed", "shenzhen")).toEqual([]);
    expect(await titles(forum.id, "activity")).toHaveLength(3);
  });

  it("[LIST] paging 25 topics by 10 visits each once, in order, in both sorts — ties in the sort key included", async () => {
    const forum = await freshForum();
    const clock = createFrozenClock();
    const timed = { ...services.deps, now: clock.now };
    const authors = [
      await account("member", "shanghai"),
      await account("researcher", "shenzhen"),
      await account("admin", "beijing"),
    ];
    const commenters = [await account("member"), await account("member")];
    const created: number[] = [];
    const threadIds: number[] = [];
    for (let i = 0; i < 25; i += 1) {
      const topic = await startTopic(timed, authors[i % 3]!, forum.id, `Topic ${i}`);
      created.push(topic.id);
      threadIds.push(topic.threadId);
      // Groups of four share a timestamp, so the cursor must break ties by id.
      if (i % 4 === 3) clock.advanceSeconds(1);
    }
    // Several topics share each comment count, and some gain activity later than the rest.
    for (const [index, times] of [
      [2, 3],
      [5, 1],
      [11, 3],
      [17, 1],
      [20, 1],
      [24, 2],
    ] as const) {
      for (let n = 0; n < times; n += 1) await comment(timed, commenters[n % 2]!, threadIds[index]!);
    }

    for (const sort of ["activity", "discussed"] as const) {
      const pages = await allPages(forum.id, sort, 10);
      expect(pages.map((page) => page.ids.length)).toEqual([10, 10, 5]);
      expect(pages.map((page) => page.nextCursor === null)).toEqual([false, false, true]);
      const paged = pages.flatMap((page) => page.ids);
      expect(new Set(paged).size).toBe(25);
      expect([...paged].sort((x, y) => x - y)).toEqual(created);

      const whole = await signedOut().topics.list({ forumId: forum.id, sort, limit: 50 });
      expect(paged).toEqual(whole.items.map((item) => item.id));
      const key = (item: (typeof whole.items)[number]) =>
        sort === "activity" ? item.lastActivityAt.getTime() : item.commentCount;
      for (let i = 1; i < whole.items.length; i += 1) {
        const before = whole.items[i - 1]!;
        const after = whole.items[i]!;
        expect(key(before) > key(after) || (key(before) === key(after) && before.id > after.id)).toBe(true);
      }
    }
  });

  it("[LIST] a cursor that is not one we issued is BAD_REQUEST", async () => {
    const forum = await freshForum();
    const garbage = [
      "not a cursor",
      "%%%",
      Buffer.from(JSON.stringify({ at: "yesterday", id: 1 })).toString("base64url"),
      Buffer.from("[1,2]").toString("base64url"),
    ];
    for (const sort of ["activity", "discussed"] as const) {
      for (const cursor of garbage) {
        expect(await callFailure(signedOut().topics.list({ forumId: forum.id, sort, cursor }))).toMatchObject({
          code: "BAD_REQUEST",
          reason: "BAD_CURSOR",
        });
      }
    }
    // A cursor from one sort is not valid for the other.
    const activityCursor = Buffer.from(JSON.stringify({ at: new Date().toISOString(), id: 5 })).toString("base64url");
    expect(
      await callFailure(signedOut().topics.list({ forumId: forum.id, sort: "discussed", cursor: activityCursor })),
    ).toMatchObject({ code: "BAD_REQUEST" });
    expect(await signedOut().topics.list({ forumId: forum.id, sort: "activity", cursor: activityCursor })).toEqual({
      items: [],
      nextCursor: null,
      headSeq: expect.any(Number),
    });
  });

  it("[FORUM] an admin opens a forum: audited, listed, and its address is unique", async () => {
    const slug = `cluster-${randomBytes(3).toString("hex")}`;
    const { deps, timeline } = observeCommitsAndPublishes(services.deps);

    const forum = await callerFor(deps, admin.user).forums.create({
      slug,
      titleZh: " 长三角论坛 ",
      titleEn: "Yangtze Delta forum",
      descriptionEn: "For the cluster",
    });

    expect(forum).toMatchObject({
      slug,
      titleZh: "长三角论坛",
      titleEn: "Yangtze Delta forum",
      descriptionEn: "For the cluster",
      recommendationId: null,
      createdById: admin.account.id,
      archivedAt: null,
    });
    // Published after commit; then the answer's list row is read (read-only) with the stream's head.
    expect(timeline).toEqual(["commit", expect.stringMatching(/^publish forums#\d+ forum:created$/), "read"]);
    const audit = await services.deps.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.action, "forum.create"), eq(auditEntries.targetId, String(forum.id))));
    expect(audit).toMatchObject([{ actorId: admin.account.id, targetType: "forum", after: { slug } }]);
    const listed = await signedOut().forums.list();
    expect(listed.map((f) => f.slug)).toContain(slug);
    // Recommendation forums come first.
    expect(listed.slice(0, 5).every((f) => f.recommendationId !== null)).toBe(true);

    const duplicate = await callFailure(asAdmin().forums.create({ slug, titleZh: "重复", titleEn: "Duplicate" }));
    expect(duplicate).toMatchObject({ code: "CONFLICT", httpStatus: 409, reason: "SLUG_TAKEN" });
    expect(duplicate.error.message).toContain(slug);
    expect(await services.deps.db.select().from(forums).where(eq(forums.slug, slug))).toHaveLength(1);
  });

  it("[FORUM] admins opening the same address at once: one forum, and the others are told CONFLICT", async () => {
    const others = [
      await account("admin", "beijing"),
      await account("admin", "qingdao"),
      await account("admin", "shenzhen"),
    ];
    for (let round = 0; round < 3; round += 1) {
      const slug = `race-${randomBytes(3).toString("hex")}`;

      const results = await Promise.allSettled(
        [admin, ...others].map((who, i) =>
          callerFor(services.deps, who.user).forums.create({ slug, titleZh: `论坛 ${i}`, titleEn: `Forum ${i}` }),
        ),
      );

      const fulfilled = results.filter((result) => result.status === "fulfilled");
      expect(fulfilled).toHaveLength(1);
      for (const result of results) {
        if (result.status === "rejected")
          expect(await callFailure(Promise.reject(result.reason))).toMatchObject({
            code: "CONFLICT",
            reason: "SLUG_TAKEN",
          });
      }
      const winner = fulfilled[0]!.value.id;
      expect(await services.deps.db.select({ id: forums.id }).from(forums).where(eq(forums.slug, slug))).toEqual([
        { id: winner },
      ]);
      const audit = await services.deps.db
        .select({ targetId: auditEntries.targetId })
        .from(auditEntries)
        .where(and(eq(auditEntries.action, "forum.create"), sql`${auditEntries.after}->>'slug' = ${slug}`));
      expect(audit).toEqual([{ targetId: String(winner) }]);
    }
  });

  it.each(["member", "researcher", "moderator"] as const)(
    "[ROLES] a %s may not open or archive a forum",
    async (role) => {
      const caller = callerFor(services.deps, (await account(role)).user);
      const slug = `nope-${randomBytes(3).toString("hex")}`;
      const target = await freshForum();

      expect(await callFailure(caller.forums.create({ slug, titleZh: "不行", titleEn: "No" }))).toMatchObject({
        code: "FORBIDDEN",
        httpStatus: 403,
      });
      expect(await callFailure(caller.forums.setArchived({ forumId: target.id, archived: true }))).toMatchObject({
        code: "FORBIDDEN",
      });
      expect(await callFailure(signedOut().forums.create({ slug, titleZh: "不行", titleEn: "No" }))).toMatchObject({
        code: "UNAUTHORIZED",
      });
      expect(await services.deps.db.select().from(forums).where(eq(forums.slug, slug))).toEqual([]);
      expect((await signedOut().forums.bySlug({ slug: target.slug })).archivedAt).toBeNull();
    },
  );

  it("[FORUM] an archived forum refuses new topics and comments but can still be read", async () => {
    const forum = await freshForum();
    const author = await account("member");
    const topic = await startTopic(services.deps, author, forum.id, "Before archiving");
    await comment(services.deps, author, topic.threadId);

    const archived = await asAdmin().forums.setArchived({ forumId: forum.id, archived: true });
    expect(archived.archivedAt).toBeInstanceOf(Date);
    const audit = await services.deps.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.action, "forum.archive"), eq(auditEntries.targetId, String(forum.id))));
    expect(audit).toMatchObject([{ actorId: admin.account.id }]);

    const caller = callerFor(services.deps, author.user);
    expect(await callFailure(caller.topics.create({ forumId: forum.id, title: "After", body: "Body" }))).toMatchObject({
      code: "PRECONDITION_FAILED",
      httpStatus: 412,
      reason: "FORUM_ARCHIVED",
    });
    expect(
      await callFailure(caller.comments.add({ threadId: topic.threadId, body: "Late", stance: "concern" })),
    ).toMatchObject({
      code: "PRECONDITION_FAILED",
      reason: "FORUM_ARCHIVED",
    });

    expect((await signedOut().forums.bySlug({ slug: forum.slug })).archivedAt).toBeInstanceOf(Date);
    expect((await signedOut().topics.list({ forumId: forum.id })).items.map((item) => item.title)).toEqual([
      "Before archiving",
    ]);
    expect(await signedOut().topics.byId({ topicId: topic.id })).toMatchObject({
      commentCount: 1,
      forum: { id: forum.id },
    });
    expect((await signedOut().comments.list({ threadId: topic.threadId })).items).toHaveLength(1);

    await asAdmin().forums.setArchived({ forumId: forum.id, archived: false });
    expect(await caller.topics.create({ forumId: forum.id, title: "After reopening", body: "Body" })).toMatchObject({
      id: expect.any(Number),
    });
  });

  it("[LIVE] topic:created is published on the forum's stream after the topic commits", async () => {
    const forum = await freshForum();
    const author = await account("researcher");
    const { deps, timeline } = observeCommitsAndPublishes(services.deps);

    const first = await startTopic(deps, author, forum.id, "First");
    const second = await startTopic(deps, author, forum.id, "Second");

    const stream = `forum:${forum.id}`;
    // Each visible topic also moves its forum's count on the public forums list, after the forum's own event.
    const counted = services.deps.publisher.published.filter(
      (event) => event.stream === "forums" && event.type === "forum:topic-count" && event.payload.forumId === forum.id,
    );
    expect(counted.map((event) => (event.payload as { forum: { topicCount: number } }).forum.topicCount)).toEqual([
      1, 2,
    ]);
    expect(timeline).toEqual([
      "commit",
      `publish ${stream}#1 topic:created, forums#${counted[0]!.seq} forum:topic-count`,
      "commit",
      `publish ${stream}#2 topic:created, forums#${counted[1]!.seq} forum:topic-count`,
    ]);
    const published = services.deps.publisher.published.filter((event) => event.stream === stream);
    // Each carries its topic's row as the list shows it (dates as ISO strings), so the page applies it.
    const listed = (await signedOut().topics.list({ forumId: forum.id })).items;
    const rowOf = (id: number) => {
      const row = listed.find((item) => item.id === id)!;
      return {
        ...row,
        createdAt: row.createdAt.toISOString(),
        lastActivityAt: row.lastActivityAt.toISOString(),
        forum: { slug: forum.slug, titleZh: forum.titleZh, titleEn: forum.titleEn },
      };
    };
    const payloads = [
      { topicId: first.id, topic: rowOf(first.id) },
      { topicId: second.id, topic: rowOf(second.id) },
    ];
    expect(published.map((event) => event.payload)).toEqual(payloads);
    const stored = await services.deps.db
      .select({ seq: events.seq, type: events.type, payload: events.payload })
      .from(events)
      .where(eq(events.stream, stream))
      .orderBy(asc(events.seq));
    expect(stored).toEqual([
      { seq: 1, type: "topic:created", payload: payloads[0] },
      { seq: 2, type: "topic:created", payload: payloads[1] },
    ]);
    expect(published.map(describeEvent)).toEqual([`${stream}#1 topic:created`, `${stream}#2 topic:created`]);
  });

  it("[LIVE] the dashboard's recent topics come with each forum stream's head, so it follows from there", async () => {
    const forum = await freshForum();
    const quiet = await freshForum();
    const author = await account("researcher");
    // A day ahead: other tests in this file leave topics on frozen clocks seconds ahead of the real one,
    // and the recent list, newest activity first, must show this topic whatever ran before.
    const ahead = { ...services.deps, now: createFrozenClock(new Date(Date.now() + 86_400_000)).now };
    await startTopic(ahead, author, forum.id, "Before the read");
    const read = await signedOut().topics.recent({ limit: 6 });
    expect(read.items.map((t) => t.title)).toContain("Before the read");
    // Head 1: the topic in the read was the stream's first event; a forum without events stands at 0.
    expect(read.heads[`forum:${forum.id}`]).toBe(1);
    expect(read.heads[`forum:${quiet.id}`]).toBe(0);
    const later = await startTopic(services.deps, author, forum.id, "After the read");
    const next = services.deps.publisher.published.find(
      (e) => e.stream === `forum:${forum.id}` && e.type === "topic:created" && e.payload.topicId === later.id,
    );
    // The first event after the read's head is the one not in the read.
    expect(next?.seq).toBe(read.heads[`forum:${forum.id}`]! + 1);
    expect(read.items.map((t) => t.title)).not.toContain("After the read");
  });

  it(`[LIMIT] the ${limits.topicsPerHour + 1}th topic within an hour is TOO_MANY_REQUESTS, and the hour passing lifts it`, async () => {
    const forum = await freshForum();
    const author = await account("member");
    // The limiter keeps its windows by the wall clock: hold it still, then move it on.
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      for (let i = 0; i < limits.topicsPerHour; i += 1) await startTopic(services.deps, author, forum.id, `Topic ${i}`);
      const { deps, timeline } = observeCommitsAndPublishes(services.deps);
      const publishedBefore = services.deps.publisher.published.length;

      const refused = await callFailure(startTopic(deps, author, forum.id, "One too many"));

      expect(refused).toMatchObject({ code: "TOO_MANY_REQUESTS", httpStatus: 429, reason: "RATE_LIMITED" });
      expect(refused.error.message).toContain(`${limits.topicsPerHour} topics an hour`);
      // Refused before a transaction opens: nothing written, nothing announced.
      expect(timeline).toEqual([]);
      expect(services.deps.publisher.published.length).toBe(publishedBefore);
      expect(await services.deps.db.select().from(topics).where(eq(topics.authorId, author.account.id))).toHaveLength(
        limits.topicsPerHour,
      );
      // Someone else is not held back by it.
      expect(await startTopic(services.deps, await account("member"), forum.id, "Another author")).toMatchObject({
        id: expect.any(Number),
      });

      vi.setSystemTime(Date.now() + 3_601_000);
      expect(await startTopic(services.deps, author, forum.id, "An hour later")).toMatchObject({
        id: expect.any(Number),
      });
    } finally {
      vi.useRealTimers();
    }
  });

  it(`[LIMIT] ${limits.topicsPerHour + 4} topics started at once by one person: exactly ${limits.topicsPerHour} are accepted`, async () => {
    const forum = await freshForum();
    const author = await account("researcher");

    const results = await Promise.allSettled(
      Array.from({ length: limits.topicsPerHour + 4 }, (_, i) =>
        startTopic(services.deps, author, forum.id, `Burst ${i}`),
      ),
    );

    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(limits.topicsPerHour);
    for (const result of results) {
      if (result.status === "rejected")
        expect(await callFailure(Promise.reject(result.reason))).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    }
    expect(await services.deps.db.select().from(topics).where(eq(topics.authorId, author.account.id))).toHaveLength(
      limits.topicsPerHour,
    );
  });
});
