import { and, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import type { Tx } from "@/db/client";
import {
  accounts,
  achievementEditors,
  achievementOwners,
  achievementVersions,
  achievements,
  projectCoauthors,
  projects,
  type Achievement,
} from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import { AppError } from "@/server/errors";
import { checkChosenRegions } from "@/server/features/access";
import type { ServiceDeps } from "@/server/infra/deps";
import { announceMatches } from "./match-notices";
import { transact } from "@/server/infra/transact";
import type { createAchievementInput, publishFromProjectInput, updateAchievementInput } from "./contract";
import { searchGrams } from "./rules/search-grams";
import { snapshotOf, type AchievementSnapshot } from "./rules/versions";
import { loadEditableAchievement } from "./visibility";

type Deps = Pick<ServiceDeps, "db" | "publisher" | "now">;
type Fields = z.output<typeof createAchievementInput>;

/** One lower-cased string the showcase searches with a substring match: both languages, sectors, IP number. */
export function achievementSearchText(fields: {
  titleZh: string;
  titleEn: string;
  summaryZh: string;
  summaryEn: string;
  sectors: readonly string[];
  ipNumber: string | null;
}): string {
  return [fields.titleZh, fields.titleEn, fields.summaryZh, fields.summaryEn, ...fields.sectors, fields.ipNumber ?? ""]
    .join("\n")
    .normalize("NFKC")
    .toLowerCase();
}

/** The search text and its grams, written together so the index always matches the text. */
export function searchColumns(fields: Parameters<typeof achievementSearchText>[0]) {
  const searchText = achievementSearchText(fields);
  return { searchText, searchGrams: searchGrams(searchText) };
}

function checkIp(fields: Pick<Fields, "ipStatus" | "ipNumber">): string | null {
  const number = fields.ipNumber?.trim() || null;
  if (fields.ipStatus !== "none" && !number)
    throw new AppError("IP_NUMBER_REQUIRED", "Filed or granted IP needs its application or grant number");
  return fields.ipStatus === "none" ? null : number;
}

function columnsOf(fields: Omit<Fields, "owners" | "publish" | "originProjectId">, ipNumber: string | null) {
  return {
    kind: fields.kind,
    titleZh: fields.titleZh,
    titleEn: fields.titleEn,
    summaryZh: fields.summaryZh,
    summaryEn: fields.summaryEn,
    trl: fields.trl,
    ipStatus: fields.ipStatus,
    ipNumber,
    transferModes: [...new Set(fields.transferModes)],
    priceYuan: fields.priceYuan,
    sectors: fields.sectors,
    ...searchColumns({ ...fields, ipNumber }),
  };
}

async function writeOwners(tx: Tx, achievementId: number, owners: Fields["owners"]) {
  await tx.delete(achievementOwners).where(eq(achievementOwners.achievementId, achievementId));
  const unique = [...new Map(owners.map((o) => [`${o.regionId}\n${o.organisation}`, o])).values()];
  await tx.insert(achievementOwners).values(unique.map((o) => ({ achievementId, ...o })));
}

/** An independent achievement (or one whose origin project the creator proposed); the creator becomes its first editor. */
export async function createAchievement(deps: Deps, user: SessionUser, input: Fields): Promise<Achievement> {
  const ipNumber = checkIp(input);
  const created = await transact(deps, async (tx) => {
    await checkChosenRegions(
      tx,
      input.owners.map((o) => o.regionId),
    );
    if (input.originProjectId !== null) await loadPublishableProject(tx, user, input.originProjectId);
    const now = deps.now();
    const [row] = await tx
      .insert(achievements)
      .values({
        ...columnsOf(input, ipNumber),
        status: input.publish ? "published" : "draft",
        originProjectId: input.originProjectId,
        createdById: user.id,
        editedById: user.id,
        editedAt: now,
        createdAt: now,
      })
      .returning();
    await writeOwners(tx, row!.id, input.owners);
    await tx.insert(achievementEditors).values({ achievementId: row!.id, accountId: user.id });
    return row!;
  });
  if (created.status === "published") await announceMatches(deps, { achievementIds: [created.id] });
  return created;
}

async function currentSnapshot(tx: Tx, achievement: Achievement): Promise<AchievementSnapshot> {
  const owners = await tx
    .select({ organisation: achievementOwners.organisation, regionId: achievementOwners.regionId })
    .from(achievementOwners)
    .where(eq(achievementOwners.achievementId, achievement.id))
    .orderBy(achievementOwners.id);
  return snapshotOf(achievement, owners);
}

/**
 * An edit by an owner or admin: the replaced text goes to achievement_versions, as with projects, and
 * an edit started from an older version is refused rather than silently overwriting someone's work.
 */
export async function updateAchievement(
  deps: Deps,
  user: SessionUser,
  input: z.output<typeof updateAchievementInput>,
): Promise<Achievement> {
  const ipNumber = checkIp(input);
  const updated = await transact(deps, async (tx) => {
    const { achievement } = await loadEditableAchievement(tx, user, input.achievementId);
    if (achievement.version !== input.baseVersion)
      throw new AppError(
        "ACHIEVEMENT_VERSION_CONFLICT",
        `You edited version ${input.baseVersion}, but version ${achievement.version} has been saved since`,
      );
    await checkChosenRegions(
      tx,
      input.owners.map((o) => o.regionId),
    );
    const now = deps.now();
    await tx.insert(achievementVersions).values({
      achievementId: achievement.id,
      version: achievement.version,
      snapshot: await currentSnapshot(tx, achievement),
      editedById: achievement.editedById,
      writtenAt: achievement.editedAt,
      replacedAt: now,
    });
    const status = input.withdraw ? "withdrawn" : input.publish ? "published" : "draft";
    const [row] = await tx
      .update(achievements)
      .set({
        ...columnsOf(input, ipNumber),
        status,
        version: achievement.version + 1,
        editedById: user.id,
        editedAt: now,
      })
      .where(eq(achievements.id, achievement.id))
      .returning();
    await writeOwners(tx, achievement.id, input.owners);
    return row!;
  });
  if (updated.status === "published") await announceMatches(deps, { achievementIds: [updated.id] });
  return updated;
}

/** An approved project, for one of its proposers (proposer or accepted co-proposer) or an admin. */
async function loadPublishableProject(tx: Tx, user: SessionUser, projectId: number) {
  const [project] = await tx.select().from(projects).where(eq(projects.id, projectId));
  if (!project) throw new AppError("NOT_FOUND", "That project does not exist");
  const coauthors = await tx
    .select({ accountId: projectCoauthors.accountId })
    .from(projectCoauthors)
    .where(and(eq(projectCoauthors.projectId, projectId), eq(projectCoauthors.status, "accepted")));
  const authorIds = [project.proposerId, ...coauthors.map((c) => c.accountId)];
  if (project.status !== "approved" || (!authorIds.includes(user.id) && user.role !== "admin"))
    throw new AppError(
      "PROJECT_NOT_PUBLISHABLE",
      "Only an approved project's proposers can publish its outcomes as achievements",
    );
  return { project, authorIds };
}

/**
 * An approved joint project publishes its outcomes in one step: every outcome becomes a published
 * achievement whose owners are the proposers' organisations and regions, and whose editors are the
 * proposers themselves. One transaction: all outcomes or none.
 */
export async function publishProjectOutcomes(
  deps: Deps,
  user: SessionUser,
  input: z.output<typeof publishFromProjectInput>,
): Promise<Achievement[]> {
  const published = await transact(deps, async (tx) => {
    const { project, authorIds } = await loadPublishableProject(tx, user, input.projectId);
    const authors = await tx
      .select({ id: accounts.id, organisation: accounts.organisation, regionId: accounts.regionId })
      .from(accounts)
      .where(inArray(accounts.id, authorIds));
    const owners = authors.map((a) => ({ organisation: a.organisation, regionId: a.regionId }));
    const now = deps.now();
    const created: Achievement[] = [];
    for (const outcome of input.outcomes) {
      const [row] = await tx
        .insert(achievements)
        .values({
          ...columnsOf(
            {
              ...outcome,
              ipStatus: "none",
              ipNumber: null,
              transferModes: input.transferModes,
              priceYuan: null,
              sectors: project.tags,
            },
            null,
          ),
          status: "published",
          originProjectId: project.id,
          createdById: user.id,
          editedById: user.id,
          editedAt: now,
          createdAt: now,
        })
        .returning();
      await writeOwners(tx, row!.id, owners);
      await tx.insert(achievementEditors).values(authors.map((a) => ({ achievementId: row!.id, accountId: a.id })));
      created.push(row!);
    }
    return created;
  });
  await announceMatches(deps, { achievementIds: published.map((a) => a.id) });
  return published;
}
