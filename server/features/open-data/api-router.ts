import { z } from "zod";
import { decodeCursor, encodeCursor } from "@/server/domain/cursor";
import { AppError } from "@/server/errors";
import type { ServiceDeps } from "@/server/infra/deps";
import { createContextInner } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/root";
import type { Locale } from "@/shared/vocabulary";
import {
  achievementItem,
  apiLimits,
  ballotResultItem,
  commentItem,
  dealItem,
  forumItem,
  idPath,
  meetingItem,
  meetingsQuery,
  pageQuery,
  projectDetail,
  projectItem,
  projectsQuery,
  recommendationItem,
  topicItem,
  type DatasetName,
  type EndpointId,
  type PageQuery,
} from "./contract";

/**
 * The open-data resources. Every one reads through the same procedures the pages call, as a signed-out
 * caller, so the API shows exactly what an anonymous visitor of the pages sees (one visibility rule per
 * object); then it narrows further (only visible comments and topics, only closed meetings' records,
 * no per-voter data) and parses each item through its public schema, which drops every other field.
 */
export type Reader = ReturnType<typeof createCaller>;

export function anonymousReader(deps: ServiceDeps, locale: Locale = "en"): Reader {
  return createCaller(createContextInner(deps, null, { locale }));
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const iso = (value: Date | string) => (typeof value === "string" ? value : value.toISOString());
const isoOrNull = (value: Date | string | null) => (value === null ? null : iso(value));
const badCursor = () => new AppError("BAD_CURSOR", "That page link is not valid; start from the first page");
const notFound = () => new AppError("NOT_FOUND", "Not found");

/** Pages a list the procedure returns whole, in its own order, by position: the cursor holds the key of the last item. */
function pageOfArray<T extends { id: number }>(all: T[], query: PageQuery): Page<T> {
  let start = 0;
  if (query.cursor) {
    const after = decodeCursor(query.cursor, z.object({ id: z.number().int() }));
    if (!after) throw badCursor();
    start = all.findIndex((item) => item.id === after.id) + 1;
    if (start === 0) throw badCursor();
  }
  const items = all.slice(start, start + query.limit);
  const last = items.at(-1);
  return { items, nextCursor: last && start + query.limit < all.length ? encodeCursor({ id: last.id }) : null };
}

/** Follows a procedure's own cursor (pages of at most 50) until `limit` items are gathered. */
async function gather<T>(
  query: PageQuery,
  fetch: (cursor: string | null, limit: number) => Promise<{ items: T[]; nextCursor: string | null }>,
  keep: (item: T) => boolean = () => true,
): Promise<Page<T>> {
  const items: T[] = [];
  let cursor = query.cursor ?? null;
  do {
    const page = await fetch(cursor, Math.min(50, query.limit - items.length));
    items.push(...page.items.filter(keep));
    cursor = page.nextCursor;
  } while (cursor && items.length < query.limit);
  return { items, nextCursor: cursor };
}

type Region = { id: number; code: string; nameZh: string; nameEn: string };
const regionOf = (r: Region) => ({ id: r.id, code: r.code, nameZh: r.nameZh, nameEn: r.nameEn });
const authorOf = (name: string, region: { code: string } | null) => ({
  displayName: name,
  regionCode: region?.code ?? null,
});

type Item<S extends z.ZodType> = z.output<S>;

export async function readRecommendations(
  reader: Reader,
  query: PageQuery,
): Promise<Page<Item<typeof recommendationItem>>> {
  const all = await reader.reference.recommendations();
  return pageOfArray(
    all.map((r) => recommendationItem.parse({ ...r, measures: r.measures })),
    query,
  );
}

export async function readForums(reader: Reader, query: PageQuery): Promise<Page<Item<typeof forumItem>>> {
  const all = await reader.forums.list();
  return pageOfArray(
    all.map((f) =>
      forumItem.parse({
        ...f,
        recommendationNumber: f.recommendation?.number ?? null,
        archived: f.archivedAt !== null,
        topicCount: Number(f.topicCount),
      }),
    ),
    query,
  );
}

export async function readTopics(
  reader: Reader,
  forumId: number,
  query: PageQuery,
): Promise<Page<Item<typeof topicItem>>> {
  const page = await gather(query, (cursor, limit) => reader.topics.list({ forumId, sort: "activity", cursor, limit }));
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((t) =>
      topicItem.parse({
        ...t,
        createdAt: iso(t.createdAt),
        lastActivityAt: iso(t.lastActivityAt),
        author: authorOf(t.author.displayName, t.region),
      }),
    ),
  };
}

async function visibleTopic(reader: Reader, topicId: number) {
  const topic = await reader.topics.byId({ topicId });
  // A hidden or held topic shows the pages' placeholder; open data shows only what is plainly visible.
  if (topic.state !== "visible") throw notFound();
  return topic;
}

export async function readTopic(reader: Reader, topicId: number) {
  const t = await visibleTopic(reader, topicId);
  return topicItem.parse({
    ...t,
    forumId: t.forum.id,
    excerpt: "",
    createdAt: iso(t.createdAt),
    lastActivityAt: iso(t.lastActivityAt),
    author: authorOf(t.author.displayName, t.region),
  });
}

export async function readComments(
  reader: Reader,
  topicId: number,
  query: PageQuery,
): Promise<Page<Item<typeof commentItem>>> {
  const topic = await visibleTopic(reader, topicId);
  const page = await gather(
    query,
    (cursor, limit) => reader.comments.list({ threadId: topic.threadId, cursor, limit }),
    (c) => c.state === "visible" && c.bodyHtml !== null,
  );
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((c) =>
      commentItem.parse({
        ...c,
        topicId,
        stance: c.stance ?? null,
        createdAt: iso(c.createdAt),
        editedAt: c.edited ? isoOrNull(c.editedAt) : null,
        author: authorOf(c.author.displayName, c.region),
      }),
    ),
  };
}

type ProjectListItem = Awaited<ReturnType<Reader["projects"]["list"]>>["items"][number];
const projectFields = (p: ProjectListItem | Awaited<ReturnType<Reader["projects"]["get"]>>) => ({
  ...p,
  createdAt: iso(p.createdAt),
  submittedAt: isoOrNull(p.submittedAt),
  leadRegion: regionOf(p.leadRegion),
  partnerRegions: p.partnerRegions.map(regionOf),
});

export async function readProjects(
  reader: Reader,
  query: z.output<typeof projectsQuery>,
): Promise<Page<Item<typeof projectItem>>> {
  const page = await gather(query, (cursor, limit) =>
    reader.projects.list({
      status: query.status,
      regionId: query.region,
      recommendation: query.recommendation,
      sort: "newest",
      cursor,
      limit,
    }),
  );
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((p) => projectItem.parse({ ...projectFields(p), recommendations: p.recommendations })),
  };
}

export async function readProject(reader: Reader, projectId: number) {
  const p = await reader.projects.get({ projectId });
  // The project page shows a hidden project's notice to everyone; its data is not open.
  if (p.hidden || p.status === "draft") throw notFound();
  return projectDetail.parse({ ...projectFields(p), recommendations: p.recommendations.map((r) => r.number) });
}

export async function readBallotResults(
  reader: Reader,
  projectId: number,
  query: PageQuery,
): Promise<Page<Item<typeof ballotResultItem>>> {
  await readProject(reader, projectId);
  const ballots = (await reader.ballots.forProject({ projectId })).filter((b) => b.status === "closed");
  const results = [];
  for (const b of ballots) {
    const r = await reader.ballots.result({ ballotId: b.id });
    // Tallies and the digest only: the receipts and a roll-call's named votes stay on the ballot page.
    const item = ballotResultItem.parse({
      ...r,
      closedAt: isoOrNull(r.closedAt),
      winnerPlanId: r.winner?.planId ?? null,
    });
    results.push({ ...item, id: item.ballotId });
  }
  const page = pageOfArray(results, query);
  return { nextCursor: page.nextCursor, items: page.items.map(({ id: _id, ...item }) => item) };
}

export async function readMeetings(
  reader: Reader,
  query: z.output<typeof meetingsQuery>,
): Promise<Page<Item<typeof meetingItem>>> {
  const { meetings } = await reader.meetings.list({ when: query.when });
  // Only meetings with a public page: a coordination meeting's members-only record stays with them.
  const page = pageOfArray(
    meetings.filter((m) => m.publicPage && m.status !== "draft"),
    query,
  );
  const items = [];
  for (const m of page.items) {
    let record = null;
    if (m.status === "closed") {
      const full = await reader.meetings.get({ meetingId: m.id });
      record = { agenda: full.agenda, decisions: full.decisions };
    }
    items.push(meetingItem.parse({ ...m, record }));
  }
  return { items, nextCursor: page.nextCursor };
}

export async function readAchievements(reader: Reader, query: PageQuery): Promise<Page<Item<typeof achievementItem>>> {
  let offset = 0;
  if (query.cursor) {
    const c = decodeCursor(query.cursor, z.object({ o: z.number().int().min(0) }));
    if (!c) throw badCursor();
    offset = c.o;
  }
  const page = await reader.achievements.list({ offset, limit: query.limit });
  const next = offset + page.items.length;
  return {
    // Past the showcase's count cap `total` is a lower bound: more rows surely follow.
    nextCursor: (next < page.total || !page.totalExact) && page.items.length > 0 ? encodeCursor({ o: next }) : null,
    items: page.items
      .filter((a) => a.status === "published")
      .map((a) => achievementItem.parse({ ...a, createdAt: iso(a.createdAt) })),
  };
}

/** Deals on public achievements, oldest first; values only where both sides published them. */
export async function readDeals(reader: Reader, query: PageQuery): Promise<Page<Item<typeof dealItem>>> {
  const page = pageOfArray(await reader.achievements.deals(), query);
  return { items: page.items.map((d) => dealItem.parse(d)), nextCursor: page.nextCursor };
}

const p = (params: Record<string, unknown>) => idPath.parse(params).id;
type Run = (reader: Reader, params: Record<string, unknown>, query: Record<string, unknown>) => Promise<unknown>;

/** What each endpoint of the contract (endpointSpecs) runs. */
export const endpointRuns: Record<EndpointId, Run> = {
  listRecommendations: (r, _p, q) => readRecommendations(r, pageQuery.parse(q)),
  listForums: (r, _p, q) => readForums(r, pageQuery.parse(q)),
  listForumTopics: (r, params, q) => readTopics(r, p(params), pageQuery.parse(q)),
  getTopic: (r, params) => readTopic(r, p(params)),
  listTopicComments: (r, params, q) => readComments(r, p(params), pageQuery.parse(q)),
  listProjects: (r, _p, q) => readProjects(r, projectsQuery.parse(q)),
  getProject: (r, params) => readProject(r, p(params)),
  listProjectBallotResults: (r, params, q) => readBallotResults(r, p(params), pageQuery.parse(q)),
  listMeetings: (r, _p, q) => readMeetings(r, meetingsQuery.parse(q)),
  listAchievements: (r, _p, q) => readAchievements(r, pageQuery.parse(q)),
  listDeals: (r, _p, q) => readDeals(r, pageQuery.parse(q)),
};

/** Every page of a paged read, for the dump. */
async function all<T>(read: (query: PageQuery) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await read({ cursor, limit: apiLimits.pageMax });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/**
 * Reads every dataset through the same public reads as the API, one at a time (`onDataset` after each,
 * for the dump's progress). Children are read through their visible parents only.
 */
export async function readOpenData(
  reader: Reader,
  onDataset: (name: DatasetName, rows: Record<string, unknown>[]) => Promise<void>,
): Promise<void> {
  await onDataset("recommendations", await all((q) => readRecommendations(reader, q)));
  const forums = await all((q) => readForums(reader, q));
  await onDataset("forums", forums);
  const topics = [];
  for (const forum of forums) topics.push(...(await all((q) => readTopics(reader, forum.id, q))));
  await onDataset("topics", topics);
  const comments = [];
  for (const topic of topics) comments.push(...(await all((q) => readComments(reader, topic.id, q))));
  await onDataset("comments", comments);
  const projects = await all((q) => readProjects(reader, { ...q }));
  await onDataset("projects", projects);
  const results = [];
  for (const project of projects) results.push(...(await all((q) => readBallotResults(reader, project.id, q))));
  await onDataset("ballot_results", results);
  const meetings = [
    ...(await all((q) => readMeetings(reader, { ...q, when: "past" }))),
    ...(await all((q) => readMeetings(reader, { ...q, when: "upcoming" }))),
  ];
  await onDataset("meetings", meetings);
  await onDataset("achievements", await all((q) => readAchievements(reader, q)));
  await onDataset("deals", await all((q) => readDeals(reader, q)));
}
