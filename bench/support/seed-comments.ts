import { asc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/sql";
import { accounts, comments, forums, measures, reactions, regions, threads, topics } from "@/db/schema";
import type { ReactionKind, Stance } from "@/db/schema/decisions/deliberation";
import type { SessionUser } from "@/server/infra/auth/session";
import { renderMarkdown } from "@/server/domain/markdown";
import { createRecordingPublisher } from "@/server/infra/realtime/publisher";
import type { ServiceDeps } from "@/server/infra/deps";
import { recordThreadActivity } from "@/server/features/deliberation/thread-owners";
import { createTopic } from "@/server/features/deliberation/topics";
import { amendmentTexts, composeBodies, type BodyLanguage } from "./comment-bodies";
import { seedPeople, yieldToEventLoop, type Person } from "./seed-people";

export interface SeedCommentsOptions {
  people: number;
  comments: number;
  /** Reactions spread over the comments; default 5,000. */
  reactions?: number;
  /** Share of comments that are top-level; default 0.3. The rest are replies up to depth 3. */
  topLevelShare?: number;
  forumSlug?: string;
  /** The discussion runs over the 30 days before this moment. */
  now?: Date;
  /** Same seed, same data (authors, stances, tree shape, bodies). */
  seed?: number;
  log?: (line: string) => void;
}

export interface SeededTopic {
  topicId: number;
  threadId: number;
  forumId: number;
  title: string;
  people: number;
  comments: number;
  topLevel: number;
  reactions: number;
}

interface Body {
  body: string;
  bodyHtml: string;
}

const maxDepth = 3;
const commentsPerStatement = 100;
const commentsPerTransaction = 2_000;
const reactionsPerStatement = 250;
const spanMs = 30 * 24 * 3_600_000;

/** mulberry32: a small seeded generator, so two runs benchmark the same data. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weighted<T extends string>(random: () => number, weights: readonly (readonly [T, number])[]): T {
  let roll = random() * weights.reduce((sum, [, w]) => sum + w, 0);
  for (const [value, w] of weights) {
    roll -= w;
    if (roll < 0) return value;
  }
  return weights[weights.length - 1]![0];
}

/**
 * A topic with a large discussion, for benchmarks. Rows are bulk-inserted, not written through
 * addComment/reactToComment (10,000 service calls take minutes), but each row holds exactly what
 * those use-cases write: a top-level comment's root is itself at depth 0, a reply takes its parent's
 * root and depth + 1, the author's region is copied at posting, bodies are rendered by renderMarkdown.
 * The outbox events those calls would emit are not written: nothing reads them when listing.
 */
export async function seedCommentsTopic(db: Db, options: SeedCommentsOptions): Promise<SeededTopic> {
  if (options.people < 1 || options.comments < 1)
    throw new RangeError("seedCommentsTopic needs at least one person and one comment");
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const random = generator(options.seed ?? 20_260_101);
  const reactionTarget = options.reactions ?? 5_000;
  const end = (options.now ?? new Date()).getTime();
  const start = end - spanMs;

  const [forum] = await db
    .select()
    .from(forums)
    .where(options.forumSlug ? eq(forums.slug, options.forumSlug) : isNull(forums.archivedAt))
    .orderBy(asc(forums.id))
    .limit(1);
  if (!forum) throw new Error(`No forum ${options.forumSlug ?? ""} to seed into: run seedReferenceData first`);
  const forumMeasures = forum.recommendationId
    ? await db.select({ id: measures.id }).from(measures).where(eq(measures.recommendationId, forum.recommendationId))
    : await db.select({ id: measures.id }).from(measures);
  const regionRows = await db
    .select({ id: regions.id, code: regions.code })
    .from(regions)
    .where(isNull(regions.retiredAt))
    .orderBy(asc(regions.id));
  if (regionRows.length === 0) throw new Error("No regions to seed people into: run seedReferenceData first");

  const people = await seedPeople(db, options.people, regionRows, random, new Date(start - 24 * 3_600_000));
  log(`seeded ${people.length} people over ${regionRows.length} regions`);

  const opener = people[0]!;
  const title = "跨区域联合攻关专项：经费分担与成果归属 Joint research funding: cost sharing and ownership of results";
  const topicDeps: ServiceDeps = {
    db,
    publisher: createRecordingPublisher(),
    now: () => new Date(start),
    inviteTtlHours: 72,
  };
  const actor: SessionUser = {
    id: opener.id,
    role: opener.role,
    regionId: opener.regionId,
    displayName: "bench",
    locale: "zh-CN",
  };
  const topic = await createTopic(topicDeps, actor, {
    forumId: forum.id,
    title,
    body: "各城市群都在探索联合攻关，但**经费如何分担、成果归谁**始终没有统一做法。\n\nEvery cluster is trying joint research projects, yet there is no common rule for **who pays and who owns the results**. What should the recommendation say?",
  });

  await yieldToEventLoop();
  const bodies: Record<BodyLanguage, Body[]> = { zh: await renderBodies("zh"), en: await renderBodies("en") };

  const total = options.comments;
  const topLevel = Math.max(1, Math.round(total * (options.topLevelShare ?? 0.3)));
  // Ids are taken from the sequence up front so a top-level comment can name itself as its root in
  // the same insert, and replies can name theirs.
  const ids = (
    await queryRows<{ id: number }>(
      db,
      sql`select nextval(pg_get_serial_sequence('comments', 'id'))::int as id from generate_series(1, ${total})`,
    )
  )
    .map((row) => Number(row.id))
    .sort((a, b) => a - b);
  await yieldToEventLoop();

  // Heavy posters and quiet ones: the k-th person posts about 1/(k+10) as often as anyone.
  const authorWeights = people.map((_, k) => 1 / (k + 10));
  const weightTotal = authorWeights.reduce((a, b) => a + b, 0);
  const pickAuthor = () => {
    let roll = random() * weightTotal;
    for (const [k, w] of authorWeights.entries()) {
      roll -= w;
      if (roll < 0) return people[k]!;
    }
    return people[people.length - 1]!;
  };

  const subtrees = new Map<number, { id: number; depth: number }[]>();
  const roots: number[] = [];
  const createdAtById = new Map<number, Date>();
  let rootsLeft = topLevel;
  let rows: (typeof comments.$inferInsert)[] = [];
  let lastAt = new Date(start);

  for (let i = 0; i < total; i += 1) {
    const id = ids[i]!;
    const author = pickAuthor();
    const createdAt = new Date(start + Math.floor(((i + 1 + random() * 0.9) * spanMs) / (total + 2)));
    // Exactly `topLevel` roots, spread at random; the first comment is always one.
    const isRoot = i === 0 || random() < rootsLeft / (total - i);
    let parent: { id: number; depth: number } | null = null;
    let rootId = id;
    if (isRoot) {
      rootsLeft -= 1;
      roots.push(id);
      subtrees.set(id, [{ id, depth: 0 }]);
    } else {
      // Mostly the liveliest recent sub-threads, sometimes an old one revived.
      const back =
        random() < 0.05 ? Math.floor(random() * roots.length) : Math.floor(random() ** 2 * Math.min(30, roots.length));
      rootId = roots[roots.length - 1 - back]!;
      const tree = subtrees.get(rootId)!;
      const open = tree.filter((node) => node.depth < maxDepth);
      parent = random() < 0.45 ? tree[0]! : open[Math.floor(random() * open.length)]!;
      tree.push({ id, depth: parent.depth + 1 });
    }
    const stance: Stance = isRoot
      ? weighted(random, [
          ["support", 35],
          ["concern", 25],
          ["question", 25],
          ["amendment", 15],
        ])
      : weighted(random, [
          ["support", 35],
          ["concern", 30],
          ["question", 30],
          ["amendment", 5],
        ]);
    const language: BodyLanguage = random() < 0.8 ? author.language : author.language === "zh" ? "en" : "zh";
    const body = bodies[language][Math.floor(random() * bodies[language].length)]!;
    const amendment = stance === "amendment" && forumMeasures.length > 0;
    rows.push({
      id,
      threadId: topic.threadId,
      parentId: parent?.id ?? null,
      rootId,
      depth: parent ? parent.depth + 1 : 0,
      authorId: author.id,
      authorRegionId: author.regionId,
      stance,
      amendmentMeasureId: amendment ? forumMeasures[Math.floor(random() * forumMeasures.length)]!.id : null,
      amendmentText: amendment
        ? amendmentTexts[language][Math.floor(random() * amendmentTexts[language].length)]!
        : null,
      body: body.body,
      bodyHtml: body.bodyHtml,
      createdAt,
    });
    createdAtById.set(id, createdAt);
    lastAt = createdAt;

    if (rows.length === commentsPerTransaction || i === total - 1) {
      const batch = rows;
      rows = [];
      await db.transaction(async (tx) => {
        for (let from = 0; from < batch.length; from += commentsPerStatement) {
          await tx.insert(comments).values(batch.slice(from, from + commentsPerStatement));
          await yieldToEventLoop();
        }
      });
      log(`seeded ${i + 1}/${total} comments`);
    }
  }

  await db.transaction(async (tx) => {
    const [thread] = await tx.select().from(threads).where(eq(threads.id, topic.threadId));
    if (!thread) throw new Error(`thread ${topic.threadId} vanished while seeding`);
    // What addComment does once per comment, done once for all of them.
    await recordThreadActivity(tx, thread, lastAt, total);
  });

  const reactionCount = await seedReactions(db, {
    target: reactionTarget,
    ids,
    roots,
    people,
    createdAtById,
    end,
    random,
    log,
  });
  // A live PostgreSQL has analysed tables this size long before anyone reads them; right after a bulk
  // load it has no statistics, misestimates the page query and may even JIT-compile it, and autovacuum
  // would then analyse in the middle of a measurement. (PGlite never runs autovacuum; its plans here are
  // the same with or without statistics.)
  for (const table of [accounts, topics, threads, comments, reactions]) {
    await db.execute(sql`analyze ${table}`);
    await yieldToEventLoop();
  }
  return {
    topicId: topic.id,
    threadId: topic.threadId,
    forumId: forum.id,
    title,
    people: people.length,
    comments: total,
    topLevel,
    reactions: reactionCount,
  };
}

async function renderBodies(language: BodyLanguage): Promise<Body[]> {
  const bodies: Body[] = [];
  for (const body of composeBodies(language, 30)) {
    bodies.push({ body, bodyHtml: renderMarkdown(body) });
    await yieldToEventLoop();
  }
  return bodies;
}

interface ReactionPlan {
  target: number;
  ids: number[];
  roots: number[];
  people: Person[];
  createdAtById: Map<number, Date>;
  end: number;
  random: () => number;
  log: (line: string) => void;
}

/** Reactions as reactToComment writes them: one per person per comment, the reactor's region copied. */
async function seedReactions(db: Db, plan: ReactionPlan): Promise<number> {
  const { random } = plan;
  const taken = new Set<string>();
  const rows: (typeof reactions.$inferInsert)[] = [];
  const target = Math.min(plan.target, plan.ids.length * plan.people.length);
  while (rows.length < target) {
    // Top-level comments draw most of the reactions.
    const pool = random() < 0.6 ? plan.roots : plan.ids;
    const commentId = pool[Math.floor(random() * pool.length)]!;
    const reactor = plan.people[Math.floor(random() * plan.people.length)]!;
    const key = `${commentId}:${reactor.id}`;
    if (taken.has(key)) continue;
    taken.add(key);
    const postedAt = plan.createdAtById.get(commentId)!.getTime();
    const updatedAt = new Date(Math.min(plan.end, postedAt + Math.floor(random() * 2 * 24 * 3_600_000)));
    rows.push({
      commentId,
      accountId: reactor.id,
      regionId: reactor.regionId,
      kind: weighted<ReactionKind>(random, [
        ["agree", 55],
        ["disagree", 25],
        ["pass", 20],
      ]),
      updatedAt,
    });
  }
  await db.transaction(async (tx) => {
    for (let from = 0; from < rows.length; from += reactionsPerStatement) {
      await tx.insert(reactions).values(rows.slice(from, from + reactionsPerStatement));
      await yieldToEventLoop();
    }
  });
  plan.log(`seeded ${rows.length} reactions`);
  return rows.length;
}
