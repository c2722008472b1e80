import { and, desc, eq, lt, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { accounts, comments, projects, threads, topics } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import { searchKinds, type SearchKind, type siteSearchInput } from "./contract";
import { decodeCursor, encodeCursor } from "@/server/domain/cursor";
import { containsPattern, normaliseForSearch, parseSearchTerms } from "@/server/features/projects/rules/project-search";
import { AppError } from "@/server/errors";
import type { ServiceDeps } from "@/server/infra/deps";
import { listableProjectsSql } from "@/server/features/access";
import { listProjects } from "@/server/features/projects";

type Viewer = Pick<SessionUser, "id" | "role"> | null;

/** Results per kind on a page of one kind, and in the overview of every kind. */
const pageSize = 10;
const overviewSize = 5;
const excerptRadius = 60;
const idCursor = z.object({ id: z.number().int().positive() });

/** Every term occurs in one of the columns (the same substring rule as project search). */
function matchesAll(terms: readonly string[], text: SQL): SQL[] {
  return terms.map((term) => sql`lower(${text}) like ${containsPattern(term)}`);
}

function afterId(column: typeof topics.id | typeof comments.id, cursor: string | null | undefined): SQL | null {
  if (!cursor) return null;
  const decoded = decodeCursor(cursor, idCursor);
  if (!decoded) throw new AppError("BAD_CURSOR", "That page link is not valid; search again");
  return lt(column, decoded.id);
}

/** The text around the first term, so a result shows why it matched. */
export function excerptAround(text: string, terms: readonly string[]): string {
  const plain = text.replace(/\s+/g, " ").trim();
  const at = Math.max(
    0,
    ...terms
      .map((term) => normaliseForSearch(plain).indexOf(term))
      .filter((i) => i >= 0)
      .slice(0, 1),
  );
  const start = Math.max(0, at - excerptRadius);
  const end = Math.min(plain.length, at + excerptRadius * 2);
  return `${start > 0 ? "…" : ""}${plain.slice(start, end)}${end < plain.length ? "…" : ""}`;
}

function paged<T extends { id: number }>(rows: T[], limit: number) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor({ id: last.id }) : null };
}

/** Visible topics only: hidden and held ones stay out, as they do in the forum lists (topics.ts). */
async function searchTopics(
  deps: Pick<ServiceDeps, "db">,
  terms: string[],
  cursor: string | null | undefined,
  limit: number,
) {
  const conditions = [eq(topics.state, "visible"), ...matchesAll(terms, sql`${topics.title} || ' ' || ${topics.body}`)];
  const after = afterId(topics.id, cursor);
  if (after) conditions.push(after);
  const rows = await deps.db
    .select({
      id: topics.id,
      title: topics.title,
      body: topics.body,
      createdAt: topics.createdAt,
      commentCount: topics.commentCount,
      author: accounts.displayName,
    })
    .from(topics)
    .innerJoin(accounts, eq(accounts.id, topics.authorId))
    .where(and(...conditions))
    .orderBy(desc(topics.id))
    .limit(limit + 1);
  const page = paged(rows, limit);
  return {
    ...page,
    items: page.items.map(({ body, ...topic }) => ({ ...topic, excerpt: excerptAround(body, terms) })),
  };
}

/**
 * Visible comments whose thread is public: a visible topic, or a project in the public list (the one
 * listing rule of project-access.ts, so a draft withdrawn before submission stays out as well).
 */
async function searchComments(
  deps: Pick<ServiceDeps, "db">,
  terms: string[],
  cursor: string | null | undefined,
  limit: number,
) {
  const conditions: SQL[] = [
    eq(comments.state, "visible"),
    or(eq(topics.state, "visible"), listableProjectsSql(null, false))!,
    ...matchesAll(terms, sql`${comments.body}`),
  ];
  const after = afterId(comments.id, cursor);
  if (after) conditions.push(after);
  const rows = await deps.db
    .select({
      id: comments.id,
      body: comments.body,
      stance: comments.stance,
      createdAt: comments.createdAt,
      author: accounts.displayName,
      topicId: topics.id,
      topicTitle: topics.title,
      projectId: projects.id,
      projectTitle: projects.title,
    })
    .from(comments)
    .innerJoin(threads, eq(threads.id, comments.threadId))
    .innerJoin(accounts, eq(accounts.id, comments.authorId))
    .leftJoin(topics, and(eq(threads.ownerKind, "topic"), eq(topics.threadId, threads.id)))
    .leftJoin(projects, and(eq(threads.ownerKind, "project"), eq(projects.threadId, threads.id)))
    .where(and(...conditions))
    .orderBy(desc(comments.id))
    .limit(limit + 1);
  const page = paged(rows, limit);
  return {
    ...page,
    items: page.items.map(({ body, topicId, topicTitle, projectId, projectTitle, ...comment }) => ({
      ...comment,
      excerpt: excerptAround(body, terms),
      on:
        topicId !== null
          ? { kind: "topic" as const, id: topicId, title: topicTitle ?? "" }
          : { kind: "project" as const, id: projectId ?? 0, title: projectTitle ?? "" },
    })),
  };
}

async function searchProjects(
  deps: Pick<ServiceDeps, "db">,
  viewer: Viewer,
  q: string,
  cursor: string | null | undefined,
  limit: number,
) {
  // The project list's own search and visibility (drafts and hidden projects stay out).
  const { items, nextCursor } = await listProjects(deps, viewer, { q, mine: false, sort: "newest", cursor, limit });
  return {
    items: items.map((p) => ({
      id: p.id,
      title: p.title,
      status: p.status,
      excerpt: p.summary,
      createdAt: p.createdAt,
      author: p.proposer.displayName,
    })),
    nextCursor,
  };
}

export type SearchResults = {
  projects: Awaited<ReturnType<typeof searchProjects>> | null;
  topics: Awaited<ReturnType<typeof searchTopics>> | null;
  comments: Awaited<ReturnType<typeof searchComments>> | null;
};

/** Projects, topics and comments that contain every word of the query and that anyone may read. */
export async function siteSearch(
  deps: Pick<ServiceDeps, "db">,
  viewer: Viewer,
  input: z.output<typeof siteSearchInput>,
): Promise<SearchResults> {
  const terms = parseSearchTerms(input.q);
  const empty: SearchResults = { projects: null, topics: null, comments: null };
  if (terms.length === 0) return empty;
  const wanted: readonly SearchKind[] = input.kind ? [input.kind] : searchKinds;
  const limit = input.kind ? pageSize : overviewSize;
  const cursor = input.kind ? input.cursor : null;
  return {
    projects: wanted.includes("projects") ? await searchProjects(deps, viewer, input.q, cursor, limit) : null,
    topics: wanted.includes("topics") ? await searchTopics(deps, terms, cursor, limit) : null,
    comments: wanted.includes("comments") ? await searchComments(deps, terms, cursor, limit) : null,
  };
}
