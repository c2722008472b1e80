import { and, asc, eq, ilike, inArray, or, sql } from "drizzle-orm";
import { notSuspendedAt } from "@/server/infra/auth/suspension";
import type { Db, Tx } from "@/db/client";
import { accounts, clusters, regions } from "@/db/schema";
import { mentionedIds } from "@/server/domain/mentions";
import { containsPattern } from "@/server/features/projects/rules/project-search";
import { AppError } from "@/server/errors";
import { renderBounded } from "@/server/infra/markdown-render";

/**
 * Markdown with mentions as profile links (see server/domain/mentions.ts); the rest of the policy is
 * markdown.ts's. Every mentioned person must exist: the editor only inserts people it suggested, and a
 * mention also notifies, so an unknown id is a malformed request, not a silent plain-text mention.
 */
export async function renderWithMentions(tx: Tx | Db, body: string): Promise<string> {
  const ids = mentionedIds(body);
  const rows =
    ids.length === 0
      ? []
      : await tx
          .select({ id: accounts.id, name: accounts.displayName })
          .from(accounts)
          .where(inArray(accounts.id, ids));
  const names = new Map(rows.map((r) => [r.id, r.name]));
  const unknown = ids.filter((id) => !names.has(id));
  if (unknown.length > 0)
    throw new AppError(
      "MENTION_NOT_FOUND",
      `No person with id ${unknown.join(", ")}; pick the people you mention from the suggestions`,
    );
  return renderBounded(body, names);
}

/** People whose name contains what the writer typed after "@", for the comment editor's suggestions. Names and regions only. */
export async function mentionCandidates(db: Db, query: string, now: Date) {
  const pattern = containsPattern(query.trim());
  return db
    .select({
      id: accounts.id,
      displayName: accounts.displayName,
      organisation: accounts.organisation,
      region: { nameZh: regions.nameZh, nameEn: regions.nameEn },
    })
    .from(accounts)
    .innerJoin(regions, eq(regions.id, accounts.regionId))
    .where(and(or(ilike(accounts.displayName, pattern), ilike(accounts.organisation, pattern)), notSuspendedAt(now)))
    .orderBy(asc(sql`length(${accounts.displayName})`), asc(accounts.id))
    .limit(8);
}

/** What anyone may see of a person: never the email, which only admins see. */
export async function publicProfile(db: Db, accountId: number) {
  const [row] = await db
    .select({
      id: accounts.id,
      displayName: accounts.displayName,
      organisation: accounts.organisation,
      role: accounts.role,
      createdAt: accounts.createdAt,
      region: { code: regions.code, nameZh: regions.nameZh, nameEn: regions.nameEn },
      cluster: { code: clusters.code, nameZh: clusters.nameZh, nameEn: clusters.nameEn },
    })
    .from(accounts)
    .innerJoin(regions, eq(regions.id, accounts.regionId))
    .innerJoin(clusters, eq(clusters.id, regions.clusterId))
    .where(eq(accounts.id, accountId));
  if (!row) throw new AppError("NOT_FOUND", "That person does not exist");
  return row;
}
