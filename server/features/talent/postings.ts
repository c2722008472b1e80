import { and, count, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { accounts, talentApplications, talentPostings, type TalentPosting } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import { AppError } from "@/server/errors";
import { checkChosenRegions } from "@/server/features/access";
import type { ServiceDeps } from "@/server/infra/deps";
import { recordAudit } from "@/server/infra/audit";
import { transact, type Emit } from "@/server/infra/transact";
import { streamKey } from "@/server/domain/stream-access";
import type { createPostingInput, HostedPosting, listPostingsInput } from "./contract";
import { canManagePosting, type Viewer } from "./rules/access";
import { isActiveApplicationStatus } from "./rules/application-states";
import { applicationStatuses } from "@/shared/talent-vocabulary";

type Deps = Pick<ServiceDeps, "db" | "publisher" | "now">;

const notFound = () => new AppError("NOT_FOUND", "That posting does not exist");

export async function loadPosting(db: Db | Tx, postingId: number, options: { forUpdate?: boolean } = {}) {
  const query = db.select().from(talentPostings).where(eq(talentPostings.id, postingId));
  const [posting] = options.forUpdate ? await query.for("update") : await query;
  if (!posting) throw notFound();
  return posting;
}

/** The posting for its host or an admin (pipeline, CSV, closing); anyone else is refused. */
export async function loadManagedPosting(db: Db | Tx, viewer: Viewer, postingId: number): Promise<TalentPosting> {
  const posting = await loadPosting(db, postingId);
  if (!canManagePosting({ hostId: posting.postedById }, viewer))
    throw new AppError("TALENT_FORBIDDEN", "Only the posting's host and admins may do this");
  return posting;
}

/**
 * A new place, hosted by the poster: their organisation is written on the posting as it stands today
 * (organisations as entities come later), with the host region they choose.
 */
export async function createPosting(deps: Deps, user: SessionUser, input: z.output<typeof createPostingInput>) {
  return transact(deps, async (tx, emit) => {
    await checkChosenRegions(tx, [input.hostRegionId]);
    const [poster] = await tx
      .select({ organisation: accounts.organisation })
      .from(accounts)
      .where(eq(accounts.id, user.id));
    const now = deps.now();
    const [row] = await tx
      .insert(talentPostings)
      .values({
        ...input,
        hostOrganisation: poster?.organisation ?? "",
        postedById: user.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await announcePosting(emit, row!);
    return row!;
  });
}

/** A posting as its host's "My postings" lists it. */
const hostedPosting = (posting: TalentPosting): HostedPosting => ({
  id: posting.id,
  title: posting.title,
  kind: posting.kind,
  status: posting.status,
  createdAt: posting.createdAt.toISOString(),
});

/** The posting's new state to its host's own stream (whoever changed it), committed with the change. */
async function announcePosting(emit: Emit, posting: TalentPosting) {
  await emit(streamKey({ kind: "user", id: posting.postedById }), "posting:changed", {
    posting: hostedPosting(posting),
  });
}

/**
 * Opens or closes a posting; closing stops new applications, the ones under way carry on. Audited.
 * Answers with the posting as its page shows it (talent.get's `posting`), read in the change's
 * transaction, so the host's page sets it rather than reading the posting again.
 */
export async function setPostingStatus(
  deps: Deps,
  user: SessionUser,
  postingId: number,
  status: TalentPosting["status"],
) {
  return transact(deps, async (tx, emit) => {
    const posting = await loadManagedPosting(tx, user, postingId);
    if (posting.status === status) return withPoster(tx, posting);
    const [row] = await tx
      .update(talentPostings)
      .set({ status, updatedAt: deps.now() })
      .where(eq(talentPostings.id, posting.id))
      .returning();
    await recordAudit(tx, {
      actorId: user.id,
      action: "talent_posting.status",
      targetType: "talent_posting",
      targetId: posting.id,
      before: { status: posting.status },
      after: { status },
    });
    await announcePosting(emit, row!);
    return withPoster(tx, row!);
  });
}

export interface PostingListItem {
  id: number;
  kind: TalentPosting["kind"];
  status: TalentPosting["status"];
  title: string;
  field: string;
  hostOrganisation: string;
  hostRegionId: number;
  durationMonths: number;
  places: number;
  support: string;
  startsOn: string | null;
  createdAt: Date;
  postedBy: { id: number; displayName: string };
}

/** The board: postings are public; filters come from the URL. Newest first. */
export async function listPostings(deps: Pick<ServiceDeps, "db">, input: z.output<typeof listPostingsInput>) {
  const where: SQL[] = [];
  if (!input.includeClosed) where.push(eq(talentPostings.status, "open"));
  if (input.kind) where.push(eq(talentPostings.kind, input.kind));
  if (input.regionId) where.push(eq(talentPostings.hostRegionId, input.regionId));
  if (input.field)
    where.push(sql`lower(${talentPostings.field}) like ${`%${input.field.toLowerCase().replace(/[\\%_]/g, "\\$&")}%`}`);
  const condition = where.length > 0 ? and(...where) : undefined;
  const [rows, [total]] = await Promise.all([
    deps.db
      .select({
        id: talentPostings.id,
        kind: talentPostings.kind,
        status: talentPostings.status,
        title: talentPostings.title,
        field: talentPostings.field,
        hostOrganisation: talentPostings.hostOrganisation,
        hostRegionId: talentPostings.hostRegionId,
        durationMonths: talentPostings.durationMonths,
        places: talentPostings.places,
        support: talentPostings.support,
        startsOn: talentPostings.startsOn,
        createdAt: talentPostings.createdAt,
        posterId: accounts.id,
        posterName: accounts.displayName,
      })
      .from(talentPostings)
      .innerJoin(accounts, eq(accounts.id, talentPostings.postedById))
      .where(condition)
      .orderBy(desc(talentPostings.createdAt), desc(talentPostings.id))
      .offset(input.offset)
      .limit(input.limit),
    deps.db.select({ n: count() }).from(talentPostings).where(condition),
  ]);
  const items: PostingListItem[] = rows.map(({ posterId, posterName, ...row }) => ({
    ...row,
    postedBy: { id: posterId, displayName: posterName },
  }));
  return { items, total: total?.n ?? 0 };
}

/** Statuses still in the running: what a posting's count of applications under way counts. */
const activeStatuses = applicationStatuses.filter(isActiveApplicationStatus);

/**
 * How many of a posting's applications are under way, for the host's own stream with a change. Read
 * after the change took the posting stream's head, so concurrent changes to the posting count in order.
 */
export async function activeApplicationsOf(tx: Tx, postingId: number): Promise<number> {
  const [tally] = await tx
    .select({ n: count() })
    .from(talentApplications)
    .where(and(eq(talentApplications.postingId, postingId), inArray(talentApplications.status, activeStatuses)));
  return tally?.n ?? 0;
}

/**
 * Postings the viewer hosts, open and closed, with how many applications are under way in each. Read
 * with their own stream's head (router), which carries each change of those counts and of the postings.
 */
export async function myPostings(db: Db, user: SessionUser) {
  const rows = await db
    .select()
    .from(talentPostings)
    .where(eq(talentPostings.postedById, user.id))
    .orderBy(desc(talentPostings.createdAt), desc(talentPostings.id));
  const counts = new Map<number, number>();
  if (rows.length > 0) {
    const tallies = await db
      .select({ postingId: talentApplications.postingId, n: count() })
      .from(talentApplications)
      .where(
        and(
          inArray(
            talentApplications.postingId,
            rows.map((r) => r.id),
          ),
          inArray(talentApplications.status, activeStatuses),
        ),
      )
      .groupBy(talentApplications.postingId);
    for (const t of tallies) counts.set(t.postingId, t.n);
  }
  return {
    postings: rows.map((row) => ({ ...hostedPosting(row), activeApplications: counts.get(row.id) ?? 0 })),
  };
}

/** A posting as its page shows it (postings are public), with who posted it. */
export async function getPosting(db: Db, postingId: number) {
  return withPoster(db, await loadPosting(db, postingId));
}

async function withPoster(db: Db | Tx, posting: TalentPosting) {
  const [poster] = await db
    .select({ id: accounts.id, displayName: accounts.displayName })
    .from(accounts)
    .where(eq(accounts.id, posting.postedById));
  return { ...posting, postedBy: poster! };
}
