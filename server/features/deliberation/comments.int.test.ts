import { randomBytes } from "node:crypto";
import type { inferRouterInputs } from "@trpc/server";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  comments,
  commentVersions,
  events,
  measures,
  reactions,
  recommendations,
  threads,
  type Role,
} from "@/db/schema";
import { applyThreadEvent, listItemFromEvent } from "@/app/lib/live/thread";
import { limits } from "./contract";
import type { ServiceDeps } from "@/server/infra/deps";
import {
  callerFor,
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

type AddCommentInput = inferRouterInputs<AppRouter>["comments"]["add"];

let services: TestServices;
let admin: TestAccount;
let regionId: (code: string) => number;
/** The seeded forum of recommendation 4.1, and a measure under it and one under 4.2. */
let forumId: number;
let ownMeasureId: number;
let otherMeasureId: number;

beforeAll(async () => {
  services = await createTestServices();
  admin = await createTestAccount(services.deps.db, { role: "admin", regionCode: "hangzhou" });
  regionId = await regionIdsByCode(services.deps.db);
  forumId = (await callerFor(services.deps, null).forums.bySlug({ slug: "coordination-mechanisms" })).id;
  ownMeasureId = await firstMeasureOf(1);
  otherMeasureId = await firstMeasureOf(2);
});
afterAll(async () => {
  await services?.close();
});

async function firstMeasureOf(recommendationNumber: number): Promise<number> {
  const [row] = await services.deps.db
    .select({ id: measures.id })
    .from(measures)
    .innerJoin(recommendations, eq(recommendations.id, measures.recommendationId))
    .where(eq(recommendations.number, recommendationNumber))
    .orderBy(asc(measures.position))
    .limit(1);
  if (!row) throw new Error(`recommendation ${recommendationNumber} has no measures`);
  return row.id;
}

const signedOut = () => callerFor(services.deps, null);

function account(role: Role = "member", regionCode = "shanghai") {
  return createTestAccount(services.deps.db, { role, regionCode });
}

/** A new topic (by a new author, so no rate limit is shared) in `inForum`, default the 4.1 forum. */
async function newTopic(inForum: number = forumId) {
  const starter = await account("member", "suzhou");
  const topic = await callerFor(services.deps, starter.user).topics.create({
    forumId: inForum,
    title: `Topic ${randomBytes(3).toString("hex")}`,
    body: "Opening post",
  });
  return { topicId: topic.id, threadId: topic.threadId, forumId: inForum };
}

async function freshForum() {
  const slug = `test-${randomBytes(4).toString("hex")}`;
  return callerFor(services.deps, admin.user).forums.create({ slug, titleZh: `测试 ${slug}`, titleEn: `Test ${slug}` });
}

function post(
  author: TestAccount,
  threadId: number,
  overrides: Partial<AddCommentInput> = {},
  deps: ServiceDeps = services.deps,
) {
  return callerFor(deps, author.user).comments.add({
    threadId,
    body: "A considered view",
    stance: "support",
    ...overrides,
  });
}

async function listAll(threadId: number, viewer: TestAccount | null = null) {
  const page = await callerFor(services.deps, viewer?.user ?? null).comments.list({ threadId, limit: 50 });
  expect(page.nextCursor).toBeNull();
  return page.items;
}

async function listed(threadId: number, commentId: number, viewer: TestAccount | null = null) {
  const item = (await listAll(threadId, viewer)).find((c) => c.id === commentId);
  if (!item) throw new Error(`comment ${commentId} is not listed`);
  return item;
}

async function storedComment(id: number) {
  const [row] = await services.deps.db.select().from(comments).where(eq(comments.id, id));
  if (!row) throw new Error(`comment ${id} is gone`);
  return row;
}

function reactionRows(commentId: number) {
  return services.deps.db
    .select({ accountId: reactions.accountId, kind: reactions.kind, regionId: reactions.regionId })
    .from(reactions)
    .where(eq(reactions.commentId, commentId));
}

describe(`comments router (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[THREAD] a reply to a reply to a reply comes back in one page under its root, with parent, root and depth", async () => {
    const { threadId } = await newTopic();
    const [a, b] = [await account("member", "shanghai"), await account("researcher", "shenzhen")];
    const root = await post(a, threadId, { body: "depth 0" });
    const reply1 = await post(b, threadId, { parentId: root.id, body: "depth 1", stance: "question" });
    const otherRoot = await post(b, threadId, { body: "another root" });
    const reply2 = await post(a, threadId, { parentId: reply1.id, body: "depth 2", stance: "concern" });
    const reply3 = await post(b, threadId, { parentId: reply2.id, body: "depth 3" });
    const otherReply = await post(a, threadId, { parentId: otherRoot.id, body: "under the other root" });

    const page = await signedOut().comments.list({ threadId, limit: 1 });

    expect(page.items.map((c) => ({ id: c.id, parentId: c.parentId, rootId: c.rootId, depth: c.depth }))).toEqual([
      { id: root.id, parentId: null, rootId: root.id, depth: 0 },
      { id: reply1.id, parentId: root.id, rootId: root.id, depth: 1 },
      { id: reply2.id, parentId: reply1.id, rootId: root.id, depth: 2 },
      { id: reply3.id, parentId: reply2.id, rootId: root.id, depth: 3 },
    ]);
    expect(page.items.map((c) => c.stance)).toEqual(["support", "question", "concern", "support"]);
    expect(page.nextCursor).not.toBeNull();
    const next = await signedOut().comments.list({ threadId, limit: 1, cursor: page.nextCursor });
    expect(next.items.map((c) => [c.id, c.rootId, c.depth])).toEqual([
      [otherRoot.id, otherRoot.id, 0],
      [otherReply.id, otherRoot.id, 1],
    ]);
    expect(next.nextCursor).toBeNull();
  });

  it("[THREAD] replying to a comment of another discussion is BAD_REQUEST and stores nothing", async () => {
    const here = await newTopic();
    const there = await newTopic();
    const author = await account();
    const elsewhere = await post(author, there.threadId);

    const failure = await callFailure(post(author, here.threadId, { parentId: elsewhere.id, body: "misplaced reply" }));

    expect(failure).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400, reason: "BAD_PARENT" });
    expect(await listAll(here.threadId)).toEqual([]);
    expect(await services.deps.db.select().from(comments).where(eq(comments.body, "misplaced reply"))).toEqual([]);
    expect(await callFailure(post(author, here.threadId, { parentId: 999_999 }))).toMatchObject({
      code: "BAD_REQUEST",
      reason: "BAD_PARENT",
    });
  });

  it("[STANCE] an amendment names a measure of this recommendation and its proposed text", async () => {
    const { threadId } = await newTopic();
    const author = await account("researcher", "qingdao");
    const caller = callerFor(services.deps, author.user);

    const missing = { threadId, body: "Change it", stance: "amendment" } as const;
    const noAmendment = await callFailure(caller.comments.add(missing));
    expect(noAmendment).toMatchObject({ code: "BAD_REQUEST", reason: null });
    const noAmendmentShape = clientErrorShape(noAmendment.error, "comments.add", "mutation", missing);
    expect(noAmendmentShape.message).toMatch(/^修正意见必须指明所修改的措施/);
    expect(noAmendmentShape.data.fieldErrors?.map((issue) => issue.field)).toContain("amendment");

    const blankText = await callFailure(
      caller.comments.add({ ...missing, amendment: { measureId: ownMeasureId, proposedText: "  " } }),
    );
    expect(blankText).toMatchObject({ code: "BAD_REQUEST", reason: null });

    const wrongMeasure = await callFailure(
      caller.comments.add({ ...missing, amendment: { measureId: otherMeasureId, proposedText: "New text" } }),
    );
    expect(wrongMeasure).toMatchObject({ code: "BAD_REQUEST", reason: "BAD_MEASURE" });
    expect(
      await callFailure(
        caller.comments.add({ ...missing, amendment: { measureId: 999_999, proposedText: "New text" } }),
      ),
    ).toMatchObject({ reason: "BAD_MEASURE" });

    const stray = {
      threadId,
      body: "Agreed",
      stance: "support",
      amendment: { measureId: ownMeasureId, proposedText: "New text" },
    } as const;
    const strayFailure = await callFailure(caller.comments.add(stray));
    expect(strayFailure).toMatchObject({ code: "BAD_REQUEST", reason: null });
    const strayShape = clientErrorShape(strayFailure.error, "comments.add", "mutation", stray);
    expect(strayShape.message).toMatch(/只有“修正”立场的评论才能包含修正内容/);
    expect(strayShape.data.fieldErrors?.map((issue) => issue.field)).toContain("amendment");
    expect(await listAll(threadId)).toEqual([]);

    const created = await caller.comments.add({
      ...missing,
      amendment: { measureId: ownMeasureId, proposedText: "Meet quarterly, not yearly" },
    });
    expect(await listed(threadId, created.id)).toMatchObject({
      stance: "amendment",
      amendment: { measureId: ownMeasureId, proposedText: "Meet quarterly, not yearly" },
    });
    expect(await storedComment(created.id)).toMatchObject({
      amendmentMeasureId: ownMeasureId,
      amendmentText: "Meet quarterly, not yearly",
    });

    // Editing is held to the same rule.
    expect(
      await callFailure(
        caller.comments.edit({
          commentId: created.id,
          body: "Change it",
          stance: "amendment",
          amendment: { measureId: otherMeasureId, proposedText: "x" },
        }),
      ),
    ).toMatchObject({
      code: "BAD_REQUEST",
      reason: "BAD_MEASURE",
    });
  });

  it("[EDIT] the author's edits keep the earlier texts, newest first, and the list marks the comment edited", async () => {
    const { threadId } = await newTopic();
    const author = await account("member");
    const caller = callerFor(services.deps, author.user);
    const untouched = await post(author, threadId, { body: "never edited" });
    const created = await post(author, threadId, { body: "first text", stance: "concern" });
    expect((await listed(threadId, created.id)).edited).toBe(false);
    expect((await signedOut().comments.history({ commentId: created.id })).versions).toEqual([]);

    await caller.comments.edit({ commentId: created.id, body: "second text", stance: "question" });
    await caller.comments.edit({
      commentId: created.id,
      body: "third *text*",
      stance: "amendment",
      amendment: { measureId: ownMeasureId, proposedText: "Rewrite" },
    });

    const history = await signedOut().comments.history({ commentId: created.id });
    expect(history.current).toMatchObject({ stance: "amendment" });
    expect(history.current.bodyHtml).toContain("<em>text</em>");
    expect(history.versions.map((v) => [v.stance, v.bodyHtml.trim()])).toEqual([
      ["question", "<p>second text</p>"],
      ["concern", "<p>first text</p>"],
    ]);
    expect(history.versions[0]!.writtenAt.getTime()).toBeGreaterThanOrEqual(history.versions[1]!.writtenAt.getTime());

    const item = await listed(threadId, created.id, author);
    expect(item).toMatchObject({
      edited: true,
      stance: "amendment",
      body: "third *text*",
      amendment: { measureId: ownMeasureId, proposedText: "Rewrite" },
    });
    expect(item.editedAt).toBeInstanceOf(Date);
    expect((await listed(threadId, untouched.id)).edited).toBe(false);
    expect(
      await services.deps.db.select().from(commentVersions).where(eq(commentVersions.commentId, created.id)),
    ).toHaveLength(2);
  });

  it.each(["researcher", "member", "admin"] as const)(
    "[EDIT] a %s cannot edit or withdraw someone else's comment",
    async (role) => {
      const { threadId } = await newTopic();
      const author = await account("member");
      const created = await post(author, threadId, { body: "mine" });
      const other = role === "admin" ? admin : await account(role, "shenzhen");
      const caller = callerFor(services.deps, other.user);

      expect(
        await callFailure(caller.comments.edit({ commentId: created.id, body: "theirs now", stance: "concern" })),
      ).toMatchObject({
        code: "FORBIDDEN",
        httpStatus: 403,
        reason: "NOT_AUTHOR",
      });
      expect(await callFailure(caller.comments.withdraw({ commentId: created.id }))).toMatchObject({
        code: "FORBIDDEN",
        reason: "NOT_AUTHOR",
      });
      expect(await storedComment(created.id)).toMatchObject({
        body: "mine",
        stance: "support",
        state: "visible",
        editedAt: null,
      });
      expect(
        await services.deps.db.select().from(commentVersions).where(eq(commentVersions.commentId, created.id)),
      ).toEqual([]);
    },
  );

  it("[WITHDRAW] a withdrawn comment stays as a marker without text, its replies stay, and it takes no replies, edits or history", async () => {
    const { threadId } = await newTopic();
    const author = await account("member");
    const replier = await account("researcher", "qingdao");
    const created = await post(author, threadId, {
      body: "regrettable",
      stance: "amendment",
      amendment: { measureId: ownMeasureId, proposedText: "x" },
    });
    const reply = await post(replier, threadId, { parentId: created.id, body: "a reply that stays" });

    expect(await callerFor(services.deps, author.user).comments.withdraw({ commentId: created.id })).toEqual({
      id: created.id,
      state: "withdrawn",
    });

    for (const viewer of [null, author, replier]) {
      const items = await listAll(threadId, viewer);
      expect(items.map((c) => c.id)).toEqual([created.id, reply.id]);
      expect(items[0]).toMatchObject({ state: "withdrawn", bodyHtml: null, body: null, amendment: null });
      expect(items[1]).toMatchObject({ state: "visible", parentId: created.id, rootId: created.id });
      expect(items[1]!.bodyHtml).toContain("a reply that stays");
    }

    expect(await callFailure(post(replier, threadId, { parentId: created.id }))).toMatchObject({
      code: "PRECONDITION_FAILED",
      httpStatus: 412,
      reason: "COMMENT_UNAVAILABLE",
    });
    expect(await callFailure(signedOut().comments.history({ commentId: created.id }))).toMatchObject({
      code: "PRECONDITION_FAILED",
      reason: "COMMENT_UNAVAILABLE",
    });
    expect(
      await callFailure(callerFor(services.deps, author.user).comments.history({ commentId: created.id })),
    ).toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(
      await callFailure(
        callerFor(services.deps, author.user).comments.edit({
          commentId: created.id,
          body: "second thoughts",
          stance: "support",
        }),
      ),
    ).toMatchObject({
      code: "PRECONDITION_FAILED",
      reason: "COMMENT_WITHDRAWN",
    });
    expect(
      await callFailure(callerFor(services.deps, author.user).comments.withdraw({ commentId: created.id })),
    ).toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(
      await callFailure(
        callerFor(services.deps, replier.user).comments.react({ commentId: created.id, kind: "agree" }),
      ),
    ).toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(
      await services.deps.db.select().from(commentVersions).where(eq(commentVersions.commentId, created.id)),
    ).toEqual([]);
    // Replies to the reply still work.
    expect(await post(author, threadId, { parentId: reply.id })).toMatchObject({ id: expect.any(Number) });
  });

  it("[REACT] one reaction per person: a new kind replaces the old, null removes it, and each viewer sees their own", async () => {
    const { threadId } = await newTopic();
    const author = await account("member");
    const [x, y] = [await account("member", "shanghai"), await account("researcher", "shenzhen")];
    const target = await post(author, threadId);

    expect(
      await callerFor(services.deps, x.user).comments.react({ commentId: target.id, kind: "agree" }),
    ).toMatchObject({ counts: { agree: 1, disagree: 0, pass: 0 } });
    const changed = await callerFor(services.deps, x.user).comments.react({ commentId: target.id, kind: "disagree" });
    expect(changed).toEqual({ commentId: target.id, kind: "disagree", counts: { agree: 0, disagree: 1, pass: 0 } });
    await callerFor(services.deps, y.user).comments.react({ commentId: target.id, kind: "pass" });

    expect(await reactionRows(target.id)).toHaveLength(2);
    expect((await listed(threadId, target.id, x)).myReaction).toBe("disagree");
    expect((await listed(threadId, target.id, y)).myReaction).toBe("pass");
    expect((await listed(threadId, target.id, author)).myReaction).toBeNull();
    const anonymous = await listed(threadId, target.id);
    expect(anonymous).toMatchObject({ myReaction: null, reactions: { agree: 0, disagree: 1, pass: 1 } });

    expect(await callerFor(services.deps, x.user).comments.react({ commentId: target.id, kind: null })).toMatchObject({
      kind: null,
      counts: { agree: 0, disagree: 0, pass: 1 },
    });
    expect(await reactionRows(target.id)).toEqual([
      { accountId: y.account.id, kind: "pass", regionId: regionId("shenzhen") },
    ]);
    expect((await listed(threadId, target.id, x)).myReaction).toBeNull();
    // Removing a reaction that is not there is harmless.
    expect(await callerFor(services.deps, x.user).comments.react({ commentId: target.id, kind: null })).toMatchObject({
      counts: { agree: 0, disagree: 0, pass: 1 },
    });
  });

  it("[LIVE] the list comes with its stream head; reactions and a withdrawal after it, applied as the thread does, give what a fresh read gives", async () => {
    const { threadId } = await newTopic();
    const author = await account("member");
    const reactor = await account("researcher", "shenzhen");
    const [kept, withdrawn] = [await post(author, threadId), await post(author, threadId)];
    const read = await signedOut().comments.list({ threadId });
    expect(read.headSeq).toBeGreaterThan(0);
    await callerFor(services.deps, reactor.user).comments.react({ commentId: kept.id, kind: "agree" });
    await callerFor(services.deps, reactor.user).comments.react({ commentId: kept.id, kind: "pass" });
    await callerFor(services.deps, author.user).comments.withdraw({ commentId: withdrawn.id });

    const [thread] = await services.deps.db
      .select({ stream: threads.stream })
      .from(threads)
      .where(eq(threads.id, threadId));
    const after = services.deps.publisher.published.filter((e) => e.stream === thread!.stream && e.seq > read.headSeq);
    expect(after.map((e) => e.type)).toEqual(["reaction:changed", "reaction:changed", "comment:withdrawn"]);
    let pages = [read];
    for (const event of after) {
      const applied = applyThreadEvent(pages, event);
      expect(applied.refetch).toBe(false);
      pages = applied.pages;
    }
    const fresh = await signedOut().comments.list({ threadId });
    expect(pages[0]!.headSeq).toBe(fresh.headSeq);
    expect(pages[0]!.items).toEqual(fresh.items);
  });

  it("[LIVE] a watcher applies new, edited and hidden comments from their events alone and ends with what a fresh read gives", async () => {
    const { topicId, threadId } = await newTopic();
    const author = await account("member");
    const other = await account("researcher", "shenzhen");
    const watcher = await account("member", "qingdao");
    const moderator = await account("moderator", "beijing");
    const first = await post(author, threadId, { body: "First **view**" });
    const read = await callerFor(services.deps, watcher.user).comments.list({ threadId });
    expect(read.items.map((c) => c.id)).toEqual([first.id]);

    const second = await post(other, threadId, { body: "A second root" });
    const reply = await post(other, threadId, { parentId: first.id, body: "A reply to the first", stance: "question" });
    await callerFor(services.deps, other.user).comments.react({ commentId: first.id, kind: "agree" });
    await callerFor(services.deps, author.user).comments.edit({
      commentId: first.id,
      body: "First view, edited",
      stance: "concern",
    });
    await callerFor(services.deps, moderator.user).moderation.hide({
      targetKind: "comment",
      targetId: second.id,
      reason: "Off topic here",
    });

    // What the socket carries: JSON, as a browser receives it.
    const after = services.deps.publisher.published
      .filter((e) => e.stream === `topic:${topicId}` && e.seq > read.headSeq)
      .map((e) => JSON.parse(JSON.stringify(e)) as typeof e);
    expect(after.map((e) => e.type)).toEqual([
      "comment:added",
      "comment:added",
      "reaction:changed",
      "comment:edited",
      "comment:hidden",
    ]);
    const viewer = { id: watcher.account.id, reviews: false };
    let pages = [read];
    for (const event of after) {
      const applied = applyThreadEvent(pages, event, { viewer, toItem: listItemFromEvent });
      // No list request after the first load: every event is applied from its payload.
      expect(applied.refetch, event.type).toBe(false);
      pages = applied.pages;
    }
    const fresh = await callerFor(services.deps, watcher.user).comments.list({ threadId });
    expect(pages[0]!.headSeq).toBe(fresh.headSeq);
    expect(pages[0]!.items).toEqual(fresh.items);
    expect(fresh.items.map((c) => c.id)).toEqual([first.id, reply.id, second.id]);
    expect(fresh.items.find((c) => c.id === second.id)).toMatchObject({ state: "hidden", bodyHtml: null });
    // The hidden comment's text went out once, while visible, and never in the hiding event.
    expect(JSON.stringify(after.at(-1))).not.toContain("second root");
  });

  it("[LIVE] a held comment's text is in no event, before or after an edit sends a comment back to review", async () => {
    const forum = await freshForum();
    const { topicId, threadId } = await newTopic(forum.id);
    await callerFor(services.deps, admin.user).admin.setHoldSettings({
      forumId: forum.id,
      newAccountDays: null,
      holdBlockedWords: false,
      holdLinks: true,
    });
    const author = await account("member");
    const held = await post(author, threadId, { body: "Secret held https://example.com/held-text" });
    expect(held.held).toBe(true);
    const visible = await post(author, threadId, { body: "Plain words" });
    await callerFor(services.deps, author.user).comments.edit({
      commentId: visible.id,
      body: "Now linking https://example.com/edited-text",
      stance: "support",
    });
    const events = services.deps.publisher.published.filter((e) => e.stream === `topic:${topicId}`);
    const payloads = events.map((e) => [e.type, e.payload]);
    expect(payloads).toEqual([
      ["comment:added", { commentId: held.id, parentId: null, comment: null }],
      ["comment:added", expect.objectContaining({ commentId: visible.id })],
      ["comment:edited", { commentId: visible.id, state: "held", comment: null }],
    ]);
    const wire = JSON.stringify(events);
    expect(wire).not.toContain("held-text");
    expect(wire).not.toContain("edited-text");
    // A reader's page drops the comment that went back to review, as a fresh read does.
    const reader = await account("researcher", "qingdao");
    const fresh = await callerFor(services.deps, reader.user).comments.list({ threadId });
    expect(fresh.items.map((c) => c.id)).toEqual([]);
  });

  it("[REACT] the same person reacting from two tabs at once still has exactly one reaction", async () => {
    const { threadId } = await newTopic();
    const target = await post(await account(), threadId);
    const reactor = await account("researcher", "qingdao");
    const caller = callerFor(services.deps, reactor.user);

    for (let round = 0; round < 3; round += 1) {
      const results = await Promise.all([
        caller.comments.react({ commentId: target.id, kind: "agree" }),
        caller.comments.react({ commentId: target.id, kind: "disagree" }),
        callerFor(services.deps, reactor.user).comments.react({ commentId: target.id, kind: "pass" }),
      ]);
      for (const result of results) expect(result.counts.agree + result.counts.disagree + result.counts.pass).toBe(1);
      const rows = await reactionRows(target.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ accountId: reactor.account.id, regionId: regionId("qingdao") });
      const item = await listed(threadId, target.id, reactor);
      expect(item.myReaction).toBe(rows[0]!.kind);
      expect(item.reactions[rows[0]!.kind]).toBe(1);
    }
  });

  it("[REACT] reactionSplit counts reactions by the reactor's region", async () => {
    const { threadId } = await newTopic();
    const target = await post(await account("member", "beijing"), threadId);
    const reactors: Array<[string, "agree" | "disagree" | "pass"]> = [
      ["shanghai", "agree"],
      ["shanghai", "agree"],
      ["shanghai", "disagree"],
      ["qingdao", "disagree"],
      ["qingdao", "pass"],
      ["shenzhen", "agree"],
    ];
    for (const [region, kind] of reactors) {
      await callerFor(services.deps, (await account("member", region)).user).comments.react({
        commentId: target.id,
        kind,
      });
    }

    const split = await signedOut().comments.reactionSplit({ commentId: target.id });

    const expected = [
      { regionId: regionId("shanghai"), counts: { agree: 2, disagree: 1, pass: 0 } },
      { regionId: regionId("qingdao"), counts: { agree: 0, disagree: 1, pass: 1 } },
      { regionId: regionId("shenzhen"), counts: { agree: 1, disagree: 0, pass: 0 } },
    ].sort((a, b) => a.regionId - b.regionId);
    expect(split).toEqual(expected);
    expect(await signedOut().comments.reactionSplit({ commentId: (await post(await account(), threadId)).id })).toEqual(
      [],
    );
  });

  it("[ROLES] signed out, a visitor reads comments, history and splits, but must sign in to post, react, edit or withdraw", async () => {
    const { threadId } = await newTopic();
    const author = await account();
    const created = await post(author, threadId, { body: "public text" });
    await callerFor(services.deps, author.user).comments.edit({
      commentId: created.id,
      body: "public text, revised",
      stance: "support",
    });
    const countBefore = (await listAll(threadId)).length;

    expect((await listed(threadId, created.id)).bodyHtml).toContain("public text, revised");
    expect((await signedOut().comments.history({ commentId: created.id })).versions).toHaveLength(1);
    expect(await signedOut().comments.reactionSplit({ commentId: created.id })).toEqual([]);

    expect(
      await callFailure(signedOut().comments.add({ threadId, body: "anonymous", stance: "support" })),
    ).toMatchObject({ code: "UNAUTHORIZED", httpStatus: 401 });
    expect(await callFailure(signedOut().comments.react({ commentId: created.id, kind: "agree" }))).toMatchObject({
      code: "UNAUTHORIZED",
      httpStatus: 401,
    });
    expect(
      await callFailure(signedOut().comments.edit({ commentId: created.id, body: "x", stance: "support" })),
    ).toMatchObject({ code: "UNAUTHORIZED" });
    expect(await callFailure(signedOut().comments.withdraw({ commentId: created.id }))).toMatchObject({
      code: "UNAUTHORIZED",
    });
    expect(await listAll(threadId)).toHaveLength(countBefore);
    expect(await reactionRows(created.id)).toEqual([]);
  });

  it(`[LIMIT] the ${limits.commentsPerMinute + 1}th comment within a minute is TOO_MANY_REQUESTS and says how long to wait; a minute later posting works`, async () => {
    const { threadId } = await newTopic();
    const author = await account();
    // The limiter keeps its windows by the wall clock: hold it still, then move it on.
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      for (let i = 0; i < limits.commentsPerMinute; i += 1) await post(author, threadId, { body: `comment ${i}` });

      const refused = await callFailure(post(author, threadId, { body: "one too many" }));

      expect(refused).toMatchObject({ code: "TOO_MANY_REQUESTS", httpStatus: 429, reason: "RATE_LIMITED" });
      const wait = /wait (\d+) s\b/.exec(refused.error.message);
      expect(wait, refused.error.message).not.toBeNull();
      expect(Number(wait![1])).toBeGreaterThanOrEqual(50);
      expect(Number(wait![1])).toBeLessThanOrEqual(60);
      expect(await services.deps.db.select().from(comments).where(eq(comments.body, "one too many"))).toEqual([]);
      // Someone else posting meanwhile is not held back.
      expect(await post(await account(), threadId, {})).toMatchObject({ id: expect.any(Number) });

      vi.setSystemTime(Date.now() + 30_000);
      const stillRefused = await callFailure(post(author, threadId, { body: "still too soon" }));
      expect(stillRefused.code).toBe("TOO_MANY_REQUESTS");
      const shorter = Number(/wait (\d+) s\b/.exec(stillRefused.error.message)?.[1]);
      expect(shorter).toBeGreaterThanOrEqual(20);
      expect(shorter).toBeLessThanOrEqual(30);

      vi.setSystemTime(Date.now() + 31_000);
      expect(await post(author, threadId, { body: "a minute later" })).toMatchObject({ id: expect.any(Number) });
    } finally {
      vi.useRealTimers();
    }
  });

  it("[LIMIT] a comment refused for another reason does not use up the author's minute", async () => {
    const { threadId } = await newTopic();
    const author = await account();
    for (let i = 0; i < limits.commentsPerMinute; i += 1)
      expect(await callFailure(post(author, threadId, { parentId: 2_000_000_000 }))).toMatchObject({
        reason: "BAD_PARENT",
      });
    expect(await post(author, threadId, { body: "still allowed" })).toMatchObject({ id: expect.any(Number) });
  });

  it(`[LIMIT] ${limits.commentsPerMinute + 5} comments sent at once by one person: exactly ${limits.commentsPerMinute} are accepted`, async () => {
    const { threadId, topicId } = await newTopic();
    const author = await account("researcher");

    const results = await Promise.allSettled(
      Array.from({ length: limits.commentsPerMinute + 5 }, (_, i) => post(author, threadId, { body: `burst ${i}` })),
    );

    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(limits.commentsPerMinute);
    for (const result of results) {
      if (result.status === "rejected")
        expect(await callFailure(Promise.reject(result.reason))).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    }
    expect(await listAll(threadId)).toHaveLength(limits.commentsPerMinute);
    expect((await signedOut().topics.byId({ topicId })).commentCount).toBe(limits.commentsPerMinute);
  });

  describe("[INPUT] a comment body that is too long or blank is BAD_REQUEST with a readable message", () => {
    const cases: ReadonlyArray<[string, string, string]> = [
      [
        "one character over the limit",
        "x".repeat(limits.commentBodyMax + 1),
        `最多可输入 ${limits.commentBodyMax} 个字符。`,
      ],
      ["only whitespace", "   \n  ", "此项不能为空。"],
      ["empty", "", "此项不能为空。"],
    ];
    it.each(cases)("%s", async (_label, body, message) => {
      const { threadId } = await newTopic();
      const input = { threadId, body, stance: "support" } as const;

      const failure = await callFailure(callerFor(services.deps, (await account()).user).comments.add(input));

      expect(failure).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400, reason: null });
      // Worded from the catalogue in the request's language (Chinese without one), with the field alongside.
      const shape = clientErrorShape(failure.error, "comments.add", "mutation", input);
      expect(shape.message).toBe(message);
      expect(shape.data.fieldErrors?.map((issue) => issue.field)).toEqual(["body"]);
      expect(await listAll(threadId)).toEqual([]);
    });

    it("exactly at the limit is accepted", async () => {
      const { threadId } = await newTopic();
      const created = await post(await account(), threadId, { body: "y".repeat(limits.commentBodyMax) });
      expect((await storedComment(created.id)).body).toHaveLength(limits.commentBodyMax);
    });
  });

  it("[MARKDOWN] bodies are stored as sanitised HTML: no script, no javascript: links", async () => {
    const { threadId } = await newTopic();
    const author = await account();
    const body = "Hello <script>alert(1)</script> and [x](javascript:alert(1)) and [ok](https://example.org) **bold**";

    const created = await post(author, threadId, { body });

    const stored = await storedComment(created.id);
    expect(stored.body).toBe(body);
    for (const html of [stored.bodyHtml, (await listed(threadId, created.id)).bodyHtml ?? ""]) {
      expect(html.toLowerCase()).not.toContain("<script");
      expect(html.toLowerCase()).not.toContain("javascript:");
      expect(html).toContain("<strong>bold</strong>");
      expect(html).toContain('href="https://example.org/"');
    }
    await callerFor(services.deps, author.user).comments.edit({
      commentId: created.id,
      body: "<script>x()</script>[y](javascript:void(0))",
      stance: "support",
    });
    const edited = await storedComment(created.id);
    expect(edited.bodyHtml.toLowerCase()).not.toContain("<script");
    expect(edited.bodyHtml.toLowerCase()).not.toContain("javascript:");
  });

  it("[PAGES] 45 top-level comments page as 20, 20 and 5, each once, and a bad cursor is BAD_REQUEST", async () => {
    const { threadId } = await newTopic();
    // Several authors, so the per-person rate limit does not interfere.
    const authors = await Promise.all(Array.from({ length: 5 }, () => account()));
    const created: number[] = [];
    for (let i = 0; i < 45; i += 1) created.push((await post(authors[i % 5]!, threadId, { body: `root ${i}` })).id);
    // A reply on the last root of the first page must travel with it, not start the next page.
    const reply = await post(authors[0]!, threadId, { parentId: created[19]!, body: "reply" });

    const pages: Array<{ ids: number[]; nextCursor: string | null | undefined }> = [];
    let cursor: string | null = null;
    do {
      const page = await signedOut().comments.list({ threadId, limit: 20, cursor });
      pages.push({ ids: page.items.filter((c) => c.depth === 0).map((c) => c.id), nextCursor: page.nextCursor });
      if (pages.length === 1) expect(page.items.map((c) => c.id).slice(-2)).toEqual([created[19], reply.id]);
      cursor = page.nextCursor;
    } while (cursor !== null && pages.length < 5);

    expect(pages.map((p) => p.ids.length)).toEqual([20, 20, 5]);
    expect(pages.map((p) => p.nextCursor === null)).toEqual([false, false, true]);
    const seen = pages.flatMap((p) => p.ids);
    expect(seen).toEqual(created);
    expect(new Set(seen).size).toBe(45);

    for (const bad of ["garbage", Buffer.from(JSON.stringify({ id: "seven" })).toString("base64url")]) {
      expect(await callFailure(signedOut().comments.list({ threadId, cursor: bad }))).toMatchObject({
        code: "BAD_REQUEST",
        reason: "BAD_CURSOR",
      });
    }
  });

  it("[LIVE] added, edited, reacted and withdrawn are published on the topic's stream after commit, with thread activity on the forum's", async () => {
    const forum = await freshForum();
    const { topicId, threadId } = await newTopic(forum.id);
    const author = await account();
    const reactor = await account("researcher");
    const { deps, timeline } = observeCommitsAndPublishes(services.deps);
    const topicStream = `topic:${topicId}`;
    const forumStream = `forum:${forum.id}`;

    const created = await callerFor(deps, author.user).comments.add({ threadId, body: "live", stance: "support" });
    const reply = await callerFor(deps, reactor.user).comments.add({
      threadId,
      parentId: created.id,
      body: "live reply",
      stance: "question",
    });
    await callerFor(deps, reactor.user).comments.react({ commentId: created.id, kind: "agree" });
    await callerFor(deps, author.user).comments.edit({
      commentId: created.id,
      body: "live, edited",
      stance: "concern",
    });
    await callerFor(deps, author.user).comments.withdraw({ commentId: created.id });

    // Notices to the people concerned (the topic's author follows it; the reply's parent author) ride in
    // the same commits, on their own streams (server/features/notifications/notifications.int.test.ts).
    expect(timeline[3]).toContain(`user:${author.account.id}#1 notification:created`);
    const withoutNotices = timeline.map((line) => line.replace(/, user:\d+#\d+ notification:created/g, ""));
    // The forum's stream began with topic:created (#1).
    expect(withoutNotices).toEqual([
      "commit",
      `publish ${topicStream}#1 comment:added, ${forumStream}#2 thread:activity`,
      "commit",
      `publish ${topicStream}#2 comment:added, ${forumStream}#3 thread:activity`,
      "commit",
      `publish ${topicStream}#3 reaction:changed`,
      "commit",
      `publish ${topicStream}#4 comment:edited, ${forumStream}#4 thread:activity`,
      "commit",
      `publish ${topicStream}#5 comment:withdrawn, ${forumStream}#5 thread:activity`,
    ]);
    const published = services.deps.publisher.published.filter((event) => event.stream === topicStream);
    expect(published.map((event) => [event.seq, event.type, event.payload])).toEqual([
      [1, "comment:added", expect.objectContaining({ commentId: created.id, parentId: null })],
      [2, "comment:added", expect.objectContaining({ commentId: reply.id, parentId: created.id })],
      [3, "reaction:changed", { commentId: created.id, counts: { agree: 1, disagree: 0, pass: 0 } }],
      [4, "comment:edited", expect.objectContaining({ commentId: created.id, state: "visible" })],
      [5, "comment:withdrawn", { commentId: created.id }],
    ]);
    // The forum is told each change's topic row and, as every stance here counts, its stance picture.
    const forumEvents = services.deps.publisher.published.filter((event) => event.stream === forumStream);
    const stancesOf = (payload: unknown) =>
      (payload as { stancePicture?: { counts: Record<string, number> }[] }).stancePicture?.map((region) =>
        Object.fromEntries(Object.entries(region.counts).filter(([, n]) => n > 0)),
      );
    expect(
      forumEvents.map((event) => [
        event.type,
        (event.payload as { type?: string }).type,
        (event.payload as { topic?: { commentCount: number } }).topic?.commentCount,
        stancesOf(event.payload),
      ]),
    ).toEqual([
      ["topic:created", undefined, 0, undefined],
      ["thread:activity", "comment:added", 1, [{ support: 1 }]],
      ["thread:activity", "comment:added", 2, [{ support: 1, question: 1 }]],
      ["thread:activity", "comment:edited", 2, [{ concern: 1, question: 1 }]],
      ["thread:activity", "comment:withdrawn", 2, [{ question: 1 }]],
    ]);
    // The last payloads are what the page's reads now answer: the list's row (dates as ISO strings)
    // and the picture, so applying them equals reading again.
    const last = forumEvents.at(-1)!.payload as { threadId: number; topic: Record<string, unknown> };
    expect(last.threadId).toBe(threadId);
    const page = await signedOut().topics.list({ forumId: forum.id });
    const [row] = page.items;
    // Both reads carry the forum stream's head, from which the page follows the stream.
    expect(page.headSeq).toBe(forumEvents.at(-1)!.seq);
    expect((await signedOut().forums.stancePicture({ forumId: forum.id })).headSeq).toBe(forumEvents.at(-1)!.seq);
    expect(last.topic).toEqual({
      ...row,
      createdAt: row!.createdAt.toISOString(),
      lastActivityAt: row!.lastActivityAt.toISOString(),
      forum: { slug: forum.slug, titleZh: forum.titleZh, titleEn: forum.titleEn },
    });
    expect(stancesOf(forumEvents.at(-1)!.payload)).toHaveLength(1);
    expect((forumEvents.at(-1)!.payload as { stancePicture: unknown }).stancePicture).toEqual(
      (await signedOut().forums.stancePicture({ forumId: forum.id })).regions,
    );
    const stored = await services.deps.db
      .select({ seq: events.seq, type: events.type })
      .from(events)
      .where(eq(events.stream, topicStream))
      .orderBy(asc(events.seq));
    expect(stored.map((row) => `${topicStream}#${row.seq} ${row.type}`)).toEqual(published.map(describeEvent));
  });

  it("[LIVE] the forum's signed-out followers get no held post through its events: no held topic's row, no held stance", async () => {
    const forum = await freshForum();
    await callerFor(services.deps, admin.user).admin.setHoldSettings({
      forumId: forum.id,
      newAccountDays: null,
      holdBlockedWords: false,
      holdLinks: true,
    });
    const author = await account();
    const forumStream = `forum:${forum.id}`;
    const forumEvents = () => services.deps.publisher.published.filter((event) => event.stream === forumStream);
    const held = await callerFor(services.deps, author.user).topics.create({
      forumId: forum.id,
      title: "Held topic",
      body: "See https://example.com",
    });
    expect(held.held).toBe(true);
    expect(forumEvents().map((event) => event.payload)).toEqual([{ topicId: held.id, topic: null }]);

    const { threadId } = await newTopic(forum.id);
    const heldComment = await post(author, threadId, { body: "More at https://example.com", stance: "support" });
    expect(heldComment.held).toBe(true);
    const reply = await post(author, threadId, { body: "Visible, with a stance" });
    await post(author, threadId, { body: "a stanceless reply", parentId: reply.id, stance: null });
    // The held comment's stance and a reply without one move nothing in the picture, so none is sent;
    // the topic's row is the list's (which shows the visible topic, counting as the list counts).
    const activity = forumEvents().filter((event) => event.type === "thread:activity");
    expect(activity.map((event) => "stancePicture" in (event.payload as object))).toEqual([false, true, false]);
    const [row] = (await signedOut().topics.list({ forumId: forum.id })).items;
    expect((activity.at(-1)!.payload as { topic: { commentCount: number } }).topic.commentCount).toBe(
      row!.commentCount,
    );
    expect(JSON.stringify(forumEvents().map((event) => event.payload))).not.toContain("example.com");
  });

  it("[LIVE] a comment that is refused publishes nothing and writes no event", async () => {
    const forum = await freshForum();
    const { topicId, threadId } = await newTopic(forum.id);
    const author = await account();
    for (let i = 0; i < limits.commentsPerMinute; i += 1) await post(author, threadId, { body: `warm-up ${i}` });
    const storedBefore = await services.deps.db
      .select()
      .from(events)
      .where(eq(events.stream, `topic:${topicId}`));
    const forumBefore = await services.deps.db
      .select()
      .from(events)
      .where(eq(events.stream, `forum:${forum.id}`));
    const publishedBefore = services.deps.publisher.published.length;
    const topicBefore = await signedOut().topics.byId({ topicId });
    const { deps, timeline } = observeCommitsAndPublishes(services.deps);

    expect(
      await callFailure(callerFor(deps, author.user).comments.add({ threadId, body: "refused", stance: "support" })),
    ).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    const someoneElse = await account();
    expect(
      await callFailure(
        callerFor(deps, someoneElse.user).comments.add({
          threadId,
          parentId: 999_999,
          body: "refused",
          stance: "support",
        }),
      ),
    ).toMatchObject({ code: "BAD_REQUEST" });

    // The limit refuses before a transaction opens; the bad parent rolls its transaction back.
    expect(timeline).toEqual(["rollback"]);
    expect(services.deps.publisher.published.length).toBe(publishedBefore);
    expect(
      await services.deps.db
        .select()
        .from(events)
        .where(eq(events.stream, `topic:${topicId}`)),
    ).toEqual(storedBefore);
    expect(
      await services.deps.db
        .select()
        .from(events)
        .where(eq(events.stream, `forum:${forum.id}`)),
    ).toEqual(forumBefore);
    expect(storedBefore).toHaveLength(limits.commentsPerMinute);
    const topicAfter = await signedOut().topics.byId({ topicId });
    expect(topicAfter.commentCount).toBe(limits.commentsPerMinute);
    expect(topicAfter.lastActivityAt).toEqual(topicBefore.lastActivityAt);
  });

  it("[STANCES] the stance picture counts each person once, with their latest visible stance, by region", async () => {
    const forum = await freshForum();
    const first = await newTopic(forum.id);
    const second = await newTopic(forum.id);
    const shanghai = await account("member", "shanghai");
    const qingdao = await account("researcher", "qingdao");
    const picture = async () => (await signedOut().forums.stancePicture({ forumId: forum.id })).regions;
    const countsOf = async () =>
      Object.fromEntries(
        (await picture()).map((region) => [
          region.regionId,
          Object.fromEntries(Object.entries(region.counts).filter(([, n]) => n > 0)),
        ]),
      );

    expect(await picture()).toEqual([]);
    await post(shanghai, first.threadId, { stance: "support" });
    await post(shanghai, second.threadId, { stance: "support" });
    const qingdaoComment = await post(qingdao, first.threadId, { stance: "concern" });
    expect(await countsOf()).toEqual({ [regionId("shanghai")]: { support: 1 }, [regionId("qingdao")]: { concern: 1 } });
    expect((await picture()).find((region) => region.regionId === regionId("shanghai"))).toMatchObject({
      total: 1,
      shares: { support: 10_000, concern: 0, question: 0, amendment: 0 },
    });

    // Posting again with another stance, in another topic of the forum, replaces the earlier one.
    const changed = await post(shanghai, second.threadId, { stance: "question" });
    expect(await countsOf()).toEqual({
      [regionId("shanghai")]: { question: 1 },
      [regionId("qingdao")]: { concern: 1 },
    });

    // A withdrawn comment no longer counts: the person falls back to their latest visible one, or out.
    await callerFor(services.deps, shanghai.user).comments.withdraw({ commentId: changed.id });
    expect(await countsOf()).toEqual({ [regionId("shanghai")]: { support: 1 }, [regionId("qingdao")]: { concern: 1 } });
    await callerFor(services.deps, qingdao.user).comments.withdraw({ commentId: qingdaoComment.id });
    expect(await countsOf()).toEqual({ [regionId("shanghai")]: { support: 1 } });

    // Another forum's comments are not counted here.
    await post(qingdao, (await newTopic()).threadId, { stance: "support" });
    expect(await countsOf()).toEqual({ [regionId("shanghai")]: { support: 1 } });
    // A second person in the same region adds to it.
    await post(await account("member", "shanghai"), first.threadId, { stance: "concern" });
    expect(await picture()).toMatchObject([
      {
        regionId: regionId("shanghai"),
        total: 2,
        counts: { support: 1, concern: 1 },
        shares: { support: 5_000, concern: 5_000 },
      },
    ]);
  });
});
