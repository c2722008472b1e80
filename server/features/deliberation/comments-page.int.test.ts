import { randomBytes } from "node:crypto";
import { and, asc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Db } from "@/db/client";
import {
  accounts,
  commentVersions,
  comments,
  measures,
  projectCoauthors,
  projectRegions,
  projects,
  reactions,
  recommendations,
  threads,
  topics,
  type Comment,
  type Role,
} from "@/db/schema";
import type { ReactionKind } from "@/db/schema/decisions/deliberation";
import { decodeCursor, encodeCursor } from "@/server/domain/cursor";
import { commentVisibility, projectVisibility, topicVisibility, type Visibility } from "@/server/domain/visibility";
import { AppError } from "@/server/errors";
import { authorColumns, authorRegionColumns, authorRegions, joinAuthorRegionOn } from "@/server/features/accounts";
import { readAtStreamHead } from "@/server/infra/realtime/catch-up";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  regionIdsByCode,
  type TestAccount,
  type TestServices,
} from "@/server/testing/fixtures";
import { proposalInput } from "@/server/testing/projects";
import { callFailure } from "@/server/testing/trpc-errors";

/**
 * comments.list reads a page in one statement; this pins it to the reads it replaced (kept below as
 * the oracle: the thread's visibility, the roots, the rows, the reaction counts and the viewer's own
 * reactions, each its own statement, in a REPEATABLE READ snapshot with the stream's head), field by
 * field, for every viewer kind, comment state and page.
 */

type Viewer = { id: number; role: Role } | null;

// ------------------------------------------------------------------------------------------------
// The oracle: the previous implementation, verbatim but for its imports.

async function oracleThreadVisibility(db: Db, viewer: Viewer, threadId: number): Promise<Visibility> {
  const [thread] = await db.select({ ownerKind: threads.ownerKind }).from(threads).where(eq(threads.id, threadId));
  if (!thread) return "none";
  if (thread.ownerKind === "project") {
    const [project] = await db.select().from(projects).where(eq(projects.threadId, threadId));
    if (!project) return "none";
    let coauthorStatus = null;
    if (viewer) {
      const [row] = await db
        .select({ status: projectCoauthors.status })
        .from(projectCoauthors)
        .innerJoin(
          projectRegions,
          and(
            eq(projectRegions.projectId, projectCoauthors.projectId),
            eq(projectRegions.regionId, projectCoauthors.regionId),
            eq(projectRegions.role, "partner"),
          ),
        )
        .where(and(eq(projectCoauthors.projectId, project.id), eq(projectCoauthors.accountId, viewer.id)));
      coauthorStatus = row?.status ?? null;
    }
    return projectVisibility(project, viewer, {
      isProposer: viewer !== null && project.proposerId === viewer.id,
      coauthorStatus,
    });
  }
  const [topic] = await db
    .select({ state: topics.state, authorId: topics.authorId })
    .from(topics)
    .where(eq(topics.threadId, threadId));
  return topic ? topicVisibility(topic, viewer) : "none";
}

const noReactions = (): Record<ReactionKind, number> => ({ agree: 0, disagree: 0, pass: 0 });

async function oracleReactionCounts(db: Db, commentIds: number[]) {
  const result = new Map<number, Record<ReactionKind, number>>();
  if (commentIds.length === 0) return result;
  const rows = await db
    .select({ commentId: reactions.commentId, kind: reactions.kind, n: sql<number>`count(*)::int` })
    .from(reactions)
    .where(inArray(reactions.commentId, commentIds))
    .groupBy(reactions.commentId, reactions.kind);
  for (const row of rows) {
    const counts = result.get(row.commentId) ?? noReactions();
    counts[row.kind] = Number(row.n);
    result.set(row.commentId, counts);
  }
  return result;
}

function oraclePresent(
  comment: Comment,
  author: { id: number; displayName: string; role: Role; organisation: string },
  region: { id: number; code: string; nameZh: string; nameEn: string },
  versionCount: number,
  reactionTotals: Record<ReactionKind, number>,
  myReaction: ReactionKind | null,
  viewer: Viewer,
) {
  const isAuthor = viewer?.id === comment.authorId;
  const showBody = commentVisibility(comment, viewer) === "full";
  return {
    id: comment.id,
    threadId: comment.threadId,
    parentId: comment.parentId,
    rootId: comment.rootId,
    depth: comment.depth,
    state: comment.state,
    stance: comment.stance,
    amendment:
      showBody && comment.amendmentMeasureId
        ? { measureId: comment.amendmentMeasureId, proposedText: comment.amendmentText ?? "" }
        : null,
    bodyHtml: showBody ? comment.bodyHtml : null,
    body: showBody && isAuthor ? comment.body : null,
    hiddenReason: comment.state === "hidden" ? comment.hiddenReason : null,
    edited: comment.editedAt !== null && versionCount > 0,
    editedAt: comment.editedAt,
    createdAt: comment.createdAt,
    author,
    region,
    reactions: reactionTotals,
    myReaction,
    isAuthor,
  };
}

async function oracleListComments(
  db: Db,
  viewer: Viewer,
  input: { threadId: number; cursor?: string | null; limit: number },
) {
  if ((await oracleThreadVisibility(db, viewer, input.threadId)) === "none")
    throw new AppError("NOT_FOUND", "That discussion does not exist");
  let afterId = 0;
  if (input.cursor) {
    const cursor = decodeCursor(input.cursor, rootCursor);
    if (!cursor) throw new AppError("BAD_CURSOR", "That page link is not valid; reload the discussion");
    afterId = cursor.id;
  }
  const roots = await db
    .select({ id: comments.id })
    .from(comments)
    .where(and(eq(comments.threadId, input.threadId), isNull(comments.parentId), gt(comments.id, afterId)))
    .orderBy(asc(comments.id))
    .limit(input.limit + 1);
  const pageRoots = roots.slice(0, input.limit).map((r) => r.id);
  const nextCursor = roots.length > input.limit ? encodeCursor({ id: pageRoots[pageRoots.length - 1]! }) : null;
  if (pageRoots.length === 0) return { items: [], nextCursor };
  const rows = await db
    .select({
      comment: comments,
      author: authorColumns,
      region: authorRegionColumns,
      versionCount: sql<number>`(select count(*)::int from ${commentVersions} where ${commentVersions.commentId} = ${comments.id})`,
    })
    .from(comments)
    .innerJoin(accounts, eq(accounts.id, comments.authorId))
    .innerJoin(authorRegions, joinAuthorRegionOn(comments.authorRegionId))
    .where(inArray(comments.rootId, pageRoots))
    .orderBy(asc(comments.rootId), asc(comments.id));
  const ids = rows.map((r) => r.comment.id);
  const counts = await oracleReactionCounts(db, ids);
  const mine = viewer
    ? new Map(
        (
          await db
            .select({ commentId: reactions.commentId, kind: reactions.kind })
            .from(reactions)
            .where(and(eq(reactions.accountId, viewer.id), inArray(reactions.commentId, ids)))
        ).map((r) => [r.commentId, r.kind]),
      )
    : new Map<number, ReactionKind>();
  const items = rows
    .filter(({ comment }) => commentVisibility(comment, viewer) !== "none")
    .map(({ comment, author, region, versionCount }) =>
      oraclePresent(
        comment,
        author,
        region,
        Number(versionCount),
        counts.get(comment.id) ?? noReactions(),
        mine.get(comment.id) ?? null,
        viewer,
      ),
    );
  return { items, nextCursor };
}

const rootCursor = z.object({ id: z.number().int() });

/** The old router: the thread's stream head and the page in one REPEATABLE READ snapshot. */
async function oracleList(db: Db, viewer: Viewer, input: { threadId: number; cursor?: string | null; limit: number }) {
  const [thread] = await db.select({ stream: threads.stream }).from(threads).where(eq(threads.id, input.threadId));
  if (!thread) return { ...(await oracleListComments(db, viewer, input)), headSeq: 0 };
  return readAtStreamHead(db, thread.stream, (snapshot) => oracleListComments(snapshot, viewer, input));
}

// ------------------------------------------------------------------------------------------------

let services: TestServices;
let db: Db;
let regionId: (code: string) => number;
let measureId: number;

beforeAll(async () => {
  services = await createTestServices();
  db = services.deps.db;
  regionId = await regionIdsByCode(db);
  const [measure] = await db
    .select({ id: measures.id })
    .from(measures)
    .innerJoin(recommendations, eq(recommendations.id, measures.recommendationId))
    .where(eq(recommendations.number, 1))
    .limit(1);
  measureId = measure!.id;
});
afterAll(async () => {
  await services?.close();
});

const account = (role: Role, regionCode = "shanghai") => createTestAccount(db, { role, regionCode });

interface Cast {
  signedOut: null;
  member: TestAccount;
  author: TestAccount;
  otherAuthor: TestAccount;
  moderator: TestAccount;
  admin: TestAccount;
}

/** Writes a comment row as it stands (state, amendment, edit) without the use-cases' rules in the way. */
async function writeComment(
  threadId: number,
  author: TestAccount,
  fields: Partial<typeof comments.$inferInsert> & { parent?: { id: number; rootId: number | null; depth: number } },
) {
  const { parent, ...rest } = fields;
  const [row] = await db
    .insert(comments)
    .values({
      threadId,
      parentId: parent?.id ?? null,
      rootId: parent ? parent.rootId : null,
      depth: parent ? parent.depth + 1 : 0,
      authorId: author.account.id,
      authorRegionId: author.user.regionId,
      stance: "support",
      body: `**${randomBytes(3).toString("hex")}** in markdown`,
      bodyHtml: `<p>html ${randomBytes(3).toString("hex")}</p>`,
      ...rest,
    })
    .returning();
  if (!parent) await db.update(comments).set({ rootId: row!.id }).where(eq(comments.id, row!.id));
  return { ...row!, rootId: parent ? parent.rootId : row!.id };
}

async function react(comment: { id: number }, who: TestAccount, kind: ReactionKind) {
  await db
    .insert(reactions)
    .values({ commentId: comment.id, accountId: who.account.id, regionId: who.user.regionId, kind });
}

/**
 * A thread with every state at the top level and below it, amendments, an edited comment (with an
 * earlier version) and one stamped edited without a version, reactions of every kind including the
 * viewers' own, and a root with no replies; seven roots, so pages of two have a first, middle and last.
 */
async function populate(threadId: number, cast: Cast) {
  const { author, otherAuthor, member, moderator, admin } = cast;
  const visible = await writeComment(threadId, author, { amendmentMeasureId: measureId, amendmentText: "Say 3%" });
  const reply = await writeComment(threadId, otherAuthor, { parent: visible, stance: "question" });
  await writeComment(threadId, author, { parent: reply, stance: null, state: "held" });
  await writeComment(threadId, otherAuthor, { parent: reply, stance: "concern", state: "withdrawn" });
  const held = await writeComment(threadId, author, {
    state: "held",
    amendmentMeasureId: measureId,
    amendmentText: "",
  });
  await writeComment(threadId, member, { parent: held, stance: "amendment" });
  const hidden = await writeComment(threadId, author, {
    state: "hidden",
    hiddenReason: "Off topic",
    amendmentMeasureId: measureId,
    amendmentText: "Hidden amendment",
  });
  await writeComment(threadId, otherAuthor, { parent: hidden, state: "hidden", hiddenReason: "Personal attack" });
  const withdrawn = await writeComment(threadId, otherAuthor, { state: "withdrawn", hiddenReason: "stale" });
  const under = await writeComment(threadId, author, { parent: withdrawn });
  const edited = await writeComment(threadId, otherAuthor, { editedAt: new Date(Date.now() - 60_000) });
  await db.insert(commentVersions).values({
    commentId: edited.id,
    stance: "amendment",
    body: "earlier",
    bodyHtml: "<p>earlier</p>",
    writtenAt: edited.createdAt,
    replacedAt: new Date(Date.now() - 60_000),
  });
  const stampedOnly = await writeComment(threadId, author, { editedAt: new Date(Date.now() - 30_000) });
  await writeComment(threadId, member, {});
  for (const [comment, who, kind] of [
    [visible, member, "agree"],
    [visible, author, "disagree"],
    [visible, moderator, "agree"],
    [visible, admin, "pass"],
    [reply, member, "pass"],
    [hidden, member, "disagree"],
    [under, otherAuthor, "agree"],
    [edited, author, "agree"],
    [edited, member, "agree"],
    [stampedOnly, moderator, "disagree"],
  ] as const)
    await react(comment, who, kind);
}

async function newCast(): Promise<Cast> {
  return {
    signedOut: null,
    member: await account("member"),
    author: await account("researcher", "shenzhen"),
    otherAuthor: await account("member", "suzhou"),
    moderator: await account("moderator"),
    admin: await account("admin", "hangzhou"),
  };
}

const viewerOf = (who: TestAccount | null): Viewer => (who ? { id: who.user.id, role: who.user.role } : null);

/** Every page of the thread at `limit` as `who` sees it, new and old side by side; both must agree. */
async function compareAllPages(threadId: number, who: TestAccount | null, limit: number) {
  const caller = callerFor(services.deps, who?.user ?? null);
  let cursor: string | null = null;
  const seen: number[] = [];
  for (let page = 0; page < 20; page += 1) {
    const input = { threadId, limit, cursor };
    const actual = await caller.comments.list(input);
    const expected = await oracleList(db, viewerOf(who), input);
    expect(actual).toStrictEqual(expected);
    seen.push(actual.items.length);
    if (actual.nextCursor === null) return seen;
    cursor = actual.nextCursor;
  }
  throw new Error("the pages never ended");
}

/** A page, or the AppError a read failed with as code and message (the tRPC caller's is its cause). */
function outcome<T>(read: Promise<T>) {
  return read.then(
    (page) => page,
    (error: unknown) => {
      const cause = error instanceof AppError ? error : error instanceof Error ? error.cause : undefined;
      if (!(cause instanceof AppError)) throw error;
      return { reason: cause.reason, code: cause.code, message: cause.message };
    },
  );
}

describe(`comments.list in one statement against the reads it replaced (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("every viewer kind, every comment state, every page of a topic thread, field by field", async () => {
    const cast = await newCast();
    const starter = await account("member", "dongguan");
    const forumId = (await callerFor(services.deps, null).forums.bySlug({ slug: "coordination-mechanisms" })).id;
    const topic = await callerFor(services.deps, starter.user).topics.create({ forumId, title: "Pinned", body: "Go" });
    await populate(topic.threadId, cast);
    // A comment the stream has an event for, so the head is not 0.
    await callerFor(services.deps, cast.member.user).comments.add({
      threadId: topic.threadId,
      body: "Live",
      stance: "support",
    });

    const viewers = [null, cast.member, cast.author, cast.otherAuthor, cast.moderator, cast.admin, starter];
    for (const who of viewers) {
      for (const limit of [2, 3, 50]) {
        const pages = await compareAllPages(topic.threadId, who, limit);
        if (limit === 2) expect(pages.length).toBeGreaterThanOrEqual(3);
      }
    }
    // The pages are not trivially empty: the author sees the held root with their body, others do not.
    const asAuthor = await callerFor(services.deps, cast.author.user).comments.list({
      threadId: topic.threadId,
      limit: 50,
    });
    const asMember = await callerFor(services.deps, cast.member.user).comments.list({
      threadId: topic.threadId,
      limit: 50,
    });
    expect(asAuthor.items.filter((c) => c.state === "held")).toHaveLength(2);
    expect(asMember.items.filter((c) => c.state === "held")).toHaveLength(0);
    expect(asAuthor.items.some((c) => c.body !== null)).toBe(true);
    expect(asMember.items.filter((c) => c.body !== null).every((c) => c.isAuthor)).toBe(true);
    expect(asAuthor.items.some((c) => c.edited)).toBe(true);
    expect(asAuthor.items.some((c) => c.editedAt !== null && !c.edited)).toBe(true);
    expect(asAuthor.headSeq).toBeGreaterThan(0);
  });

  it("a bad cursor and an unreadable or missing thread fail with the same error as before", async () => {
    const cast = await newCast();
    const starter = await account("member", "dongguan");
    const forumId = (await callerFor(services.deps, null).forums.bySlug({ slug: "coordination-mechanisms" })).id;
    const topic = await callerFor(services.deps, starter.user).topics.create({ forumId, title: "Gone", body: "Go" });
    await populate(topic.threadId, cast);
    const bad = encodeCursor({ nope: 1 });
    for (const who of [null, cast.member, cast.moderator]) {
      const input = { threadId: topic.threadId, limit: 2, cursor: bad };
      const actual = await outcome(callerFor(services.deps, who?.user ?? null).comments.list(input));
      expect(actual).toStrictEqual(await outcome(oracleList(db, viewerOf(who), input)));
      expect(actual).toMatchObject({ reason: "BAD_CURSOR" });
    }
    // A held topic: its author and moderators read the thread, others get NOT_FOUND, bad cursor or not.
    await db.update(topics).set({ state: "held" }).where(eq(topics.id, topic.id));
    for (const who of [null, cast.member, cast.moderator, starter]) {
      for (const cursor of [null, bad]) {
        const input = { threadId: topic.threadId, limit: 3, cursor };
        const expected = await outcome(oracleList(db, viewerOf(who), input));
        const actual = await outcome(callerFor(services.deps, who?.user ?? null).comments.list(input));
        expect(actual).toStrictEqual(expected);
      }
    }
    expect(
      await callFailure(callerFor(services.deps, cast.member.user).comments.list({ threadId: topic.threadId })),
    ).toMatchObject({
      code: "NOT_FOUND",
    });
    const missing = { threadId: 2_000_000_000, limit: 20, cursor: null };
    const gone = await outcome(callerFor(services.deps, null).comments.list(missing));
    expect(gone).toStrictEqual(await outcome(oracleList(db, null, missing)));
    expect(gone).toMatchObject({ reason: "NOT_FOUND" });
  });

  it("a project's thread: a draft is read by its proposer, co-proposers and admins only, a hidden project's by all", async () => {
    const cast = await newCast();
    const proposer = await account("researcher", "shenzhen");
    const created = await callerFor(services.deps, proposer.user).projects.create(proposalInput(regionId));
    const coauthor = await account("researcher", "dongguan");
    await callerFor(services.deps, proposer.user).projects.inviteCoauthor({
      projectId: created.id,
      accountId: coauthor.account.id,
    });
    await populate(created.threadId, cast);
    const viewers = [null, cast.member, cast.author, cast.moderator, cast.admin, proposer, coauthor];
    const readers = async () => {
      const answers: string[] = [];
      for (const who of viewers) {
        const input = { threadId: created.threadId, limit: 2, cursor: null };
        const expected = await outcome(oracleList(db, viewerOf(who), input));
        const actual = await outcome(callerFor(services.deps, who?.user ?? null).comments.list(input));
        expect(actual).toStrictEqual(expected);
        if ("items" in (actual as object)) {
          await compareAllPages(created.threadId, who, 3);
          answers.push("read");
        } else answers.push("none");
      }
      return answers;
    };
    // A draft: the proposer, the invited co-proposer and the admin.
    expect(await readers()).toEqual(["none", "none", "none", "none", "read", "read", "read"]);
    await db
      .update(projects)
      .set({ submittedAt: new Date(), status: "submitted", hiddenAt: new Date() })
      .where(eq(projects.id, created.id));
    expect(await readers()).toEqual(["read", "read", "read", "read", "read", "read", "read"]);
  });
});
