import { and, desc, eq, inArray, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type { Db, Tx } from "@/db/client";
import {
  accounts,
  regions,
  talentApplications,
  talentPostings,
  type TalentApplication,
  type TalentPosting,
} from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import { streamKey } from "@/server/domain/stream-access";
import { toCsv } from "@/server/domain/csv";
import { AppError } from "@/server/errors";
import { notify } from "@/server/features/notifications";
import type { ServiceDeps } from "@/server/infra/deps";
import { recordAudit } from "@/server/infra/audit";
import { transact, type Emit } from "@/server/infra/transact";
import type { ApplicationPosting, ApplicationView, applyInput, moveApplicationInput } from "./contract";
import { actorOf, canSeeApplication, type Viewer } from "./rules/access";
import { allowedApplicationActions, nextApplicationStatus } from "./rules/application-states";
import { activeApplicationsOf, loadManagedPosting, loadPosting } from "./postings";

type Deps = Pick<ServiceDeps, "db" | "publisher" | "now">;

const notFound = () => new AppError("NOT_FOUND", "That application does not exist");

type Applicant = { id: number; displayName: string };

function viewOf(row: TalentApplication, applicant: Applicant): ApplicationView {
  return {
    id: row.id,
    postingId: row.postingId,
    applicant: {
      id: applicant.id,
      displayName: applicant.displayName,
      organisation: row.applicantOrganisation,
      regionId: row.applicantRegionId,
    },
    statement: row.statement,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    statusChangedAt: row.statusChangedAt.toISOString(),
  };
}

/** The application with its posting, for its applicant, the posting's host or an admin; NOT_FOUND for anyone else. */
async function loadApplication(db: Db | Tx, viewer: Viewer, applicationId: number, forUpdate = false) {
  const query = db.select().from(talentApplications).where(eq(talentApplications.id, applicationId));
  const [application] = forUpdate ? await query.for("update") : await query;
  if (!application) throw notFound();
  const posting = await loadPosting(db, application.postingId);
  const facts = { applicantId: application.applicantId, hostId: posting.postedById };
  if (!canSeeApplication(facts, viewer)) throw notFound();
  return { application, posting, facts };
}

const where = (posting: { title: string }) => posting.title;

const listedPosting = (posting: TalentPosting): ApplicationPosting => ({
  id: posting.id,
  title: posting.title,
  kind: posting.kind,
  hostRegionId: posting.hostRegionId,
  hostOrganisation: posting.hostOrganisation,
});

/**
 * The row to the host's live pipeline, to its applicant's own stream and to the host's own stream (the
 * posting's stream is the host's: it carries everyone's applications): committed with the change,
 * published after commit. The posting's stream is written first, so its head is held while the host's
 * count is read: a concurrent change to the same posting waits, and its count includes this one.
 */
async function announce(tx: Tx, emit: Emit, row: TalentApplication, applicant: Applicant, posting: TalentPosting) {
  const payload = { postingId: row.postingId, application: viewOf(row, applicant), posting: listedPosting(posting) };
  await emit(streamKey({ kind: "posting", id: row.postingId }), "application:changed", payload);
  await emit(streamKey({ kind: "user", id: row.applicantId }), "application:changed", payload);
  const activeApplications = await activeApplicationsOf(tx, posting.id);
  await emit(streamKey({ kind: "user", id: posting.postedById }), "application:received", {
    ...payload,
    activeApplications,
  });
}

/**
 * Applies for an open posting. The applicant's region and organisation are written as they stand, so
 * an exchange stays cross-regional (or not) as it happened. The host hears of it.
 */
export async function applyForPosting(deps: Deps, user: SessionUser, input: z.output<typeof applyInput>) {
  return transact(deps, async (tx, emit) => {
    const posting = await loadPosting(tx, input.postingId, { forUpdate: true });
    if (posting.postedById === user.id)
      throw new AppError("OWN_POSTING", "You posted this place; applications come from others");
    if (posting.status !== "open") throw new AppError("POSTING_CLOSED", "This posting no longer takes applications");
    const [existing] = await tx
      .select({ id: talentApplications.id })
      .from(talentApplications)
      .where(and(eq(talentApplications.postingId, posting.id), eq(talentApplications.applicantId, user.id)));
    if (existing) throw new AppError("ALREADY_APPLIED", "You have already applied for this place");
    const [me] = await tx
      .select({ organisation: accounts.organisation, regionId: accounts.regionId })
      .from(accounts)
      .where(eq(accounts.id, user.id));
    const now = deps.now();
    const [row] = await tx
      .insert(talentApplications)
      .values({
        postingId: posting.id,
        applicantId: user.id,
        applicantRegionId: me!.regionId,
        applicantOrganisation: me!.organisation,
        statement: input.statement,
        createdAt: now,
        statusChangedAt: now,
      })
      .returning();
    await announce(tx, emit, row!, user, posting);
    await notify(tx, emit, [
      {
        recipientId: posting.postedById,
        kind: "talent_application",
        actorId: user.id,
        link: `/talent/${posting.id}`,
        params: { where: where(posting), actor: user.displayName },
      },
    ]);
    return viewOf(row!, user);
  });
}

/**
 * One step of the pipeline by the side allowed to take it (rules/application-states). The other side
 * is notified, the host's pipeline updates live, and the step is audited.
 */
export async function moveApplication(deps: Deps, user: SessionUser, input: z.output<typeof moveApplicationInput>) {
  return transact(deps, async (tx, emit) => {
    const { application, posting, facts } = await loadApplication(tx, user, input.applicationId, true);
    const actor = actorOf(facts, user)!;
    const next = nextApplicationStatus(application.status, input.action, actor);
    if (!next)
      throw new AppError(
        "APPLICATION_STEP_NOT_ALLOWED",
        `An application that is ${application.status} cannot be moved by "${input.action}" by the ${actor}`,
      );
    const [row] = await tx
      .update(talentApplications)
      .set({ status: next, statusChangedAt: deps.now() })
      .where(eq(talentApplications.id, application.id))
      .returning();
    const [applicant] = await tx
      .select({ id: accounts.id, displayName: accounts.displayName })
      .from(accounts)
      .where(eq(accounts.id, application.applicantId));
    await announce(tx, emit, row!, applicant!, posting);
    const recipientId = actor === "host" ? application.applicantId : posting.postedById;
    await notify(tx, emit, [
      {
        recipientId,
        kind: "talent_application_status",
        actorId: user.id,
        link: `/talent/${posting.id}`,
        params: {
          where: where(posting),
          actor: user.displayName,
          // The message tells a turned-down application from a declined offer.
          step: next !== "declined" ? next : actor === "host" ? "rejected" : "declined_offer",
        },
      },
    ]);
    await recordAudit(tx, {
      actorId: user.id,
      action: "talent_application.move",
      targetType: "talent_application",
      targetId: application.id,
      before: { status: application.status },
      after: { status: next, action: input.action },
    });
    return viewOf(row!, applicant!);
  });
}

async function applicantsOf(db: Db | Tx, rows: readonly TalentApplication[]): Promise<Map<number, Applicant>> {
  const ids = [...new Set(rows.map((r) => r.applicantId))];
  if (ids.length === 0) return new Map();
  const people = await db
    .select({ id: accounts.id, displayName: accounts.displayName })
    .from(accounts)
    .where(inArray(accounts.id, ids));
  return new Map(people.map((p) => [p.id, p]));
}

/** Every application to a posting, for the host's pipeline (host and admins only). */
export async function postingPipeline(db: Db, viewer: Viewer, postingId: number) {
  const posting = await loadManagedPosting(db, viewer, postingId);
  const rows = await db
    .select()
    .from(talentApplications)
    .where(eq(talentApplications.postingId, posting.id))
    .orderBy(talentApplications.createdAt, talentApplications.id);
  const people = await applicantsOf(db, rows);
  return {
    applications: rows.map((row) => ({
      ...viewOf(row, people.get(row.applicantId)!),
      actions: allowedApplicationActions(row.status, "host"),
    })),
  };
}

/** The viewer's own application to a posting, if any, with the steps open to them. */
export async function myApplicationTo(db: Db, user: SessionUser, postingId: number) {
  const [row] = await db
    .select()
    .from(talentApplications)
    .where(and(eq(talentApplications.postingId, postingId), eq(talentApplications.applicantId, user.id)));
  if (!row) return null;
  return { ...viewOf(row, user), actions: allowedApplicationActions(row.status, "applicant") };
}

const postingColumns = {
  postingId: talentPostings.id,
  postingTitle: talentPostings.title,
  postingKind: talentPostings.kind,
  hostRegionId: talentPostings.hostRegionId,
  hostOrganisation: talentPostings.hostOrganisation,
  hostId: talentPostings.postedById,
};

/** "My applications": the viewer's own, and those to postings they host, each with the viewer's steps. */
export async function myApplications(db: Db, user: SessionUser) {
  const listed = (where: SQL | undefined) =>
    db
      .select({ application: talentApplications, ...postingColumns })
      .from(talentApplications)
      .innerJoin(talentPostings, eq(talentPostings.id, talentApplications.postingId))
      .where(where)
      .orderBy(desc(talentApplications.statusChangedAt), desc(talentApplications.id));
  // One after the other: the read may run in one transaction (with its stream's head), on one connection.
  const sent = await listed(eq(talentApplications.applicantId, user.id));
  const received = await listed(eq(talentPostings.postedById, user.id));
  const people = await applicantsOf(
    db,
    [...sent, ...received].map((r) => r.application),
  );
  const shape = (side: "applicant" | "host") => (r: (typeof sent)[number]) => ({
    ...viewOf(r.application, people.get(r.application.applicantId)!),
    posting: {
      id: r.postingId,
      title: r.postingTitle,
      kind: r.postingKind,
      hostRegionId: r.hostRegionId,
      hostOrganisation: r.hostOrganisation,
    } satisfies ApplicationPosting,
    actions: allowedApplicationActions(r.application.status, side),
  });
  return { sent: sent.map(shape("applicant")), received: received.map(shape("host")) };
}

/** The host's pipeline as CSV (host and admins only), in the viewer's language for the region names. */
export async function exportApplications(db: Db, viewer: Viewer, postingId: number, locale: "zh-CN" | "en") {
  const posting = await loadManagedPosting(db, viewer, postingId);
  const rows = await db
    .select({
      application: talentApplications,
      applicantName: accounts.displayName,
      regionZh: regions.nameZh,
      regionEn: regions.nameEn,
    })
    .from(talentApplications)
    .innerJoin(accounts, eq(accounts.id, talentApplications.applicantId))
    .innerJoin(regions, eq(regions.id, talentApplications.applicantRegionId))
    .where(eq(talentApplications.postingId, posting.id))
    .orderBy(talentApplications.createdAt, talentApplications.id);
  const header =
    locale === "en"
      ? ["application", "applicant", "organisation", "region", "status", "applied_at", "status_changed_at", "statement"]
      : ["申请编号", "申请人", "单位", "地区", "状态", "申请时间", "状态更新时间", "申请陈述"];
  const body = rows.map(({ application: a, applicantName, regionZh, regionEn }) => [
    a.id,
    applicantName,
    a.applicantOrganisation,
    locale === "en" ? regionEn : regionZh,
    a.status,
    a.createdAt,
    a.statusChangedAt,
    a.statement,
  ]);
  return {
    filename: `talent-posting-${posting.id}-applications.csv`,
    mimeType: "text/csv",
    body: `\uFEFF${toCsv([header, ...body])}`,
  };
}
