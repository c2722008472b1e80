import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import type { Db, Tx } from "@/db/client";
import {
  fundCalls,
  fundDisbursements,
  fundMilestones,
  fundProgressUpdates,
  fundRevisions,
  fundSubmissions,
  projectCoauthors,
  projects,
  regions,
  type FundCall,
} from "@/db/schema";
import { outcomeTypes } from "@/shared/fund-vocabulary";
import type { SessionUser } from "@/server/infra/auth/session";
import { toCsv } from "@/server/domain/csv";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/infra/audit";
import type { ServiceDeps } from "@/server/infra/deps";
import { transact } from "@/server/infra/transact";
import { loadVisibleCall, scoresArePublic, type Viewer } from "./access";
import type { postProgressInput, recordDisbursementInput } from "./contract";
import { fundedSubmission, teamOrManager } from "./funded-submission";
import { outcomesOf } from "./outcomes";
import { centralFunder } from "./rules/cost-split";
import { outcomeTotals } from "./rules/outcome-stats";
import { aggregate } from "./rules/review";
import { driftsOf, revisionsOf } from "./revisions";
import { loadProposals, type Proposal } from "./submissions";
import type { DecidedRevisionState } from "@/server/features/ballots/events";

/** Money paid: the fund's managers only, by a funder of the project; committed and audited before shown. */
export async function recordDisbursement(
  deps: ServiceDeps,
  actor: SessionUser,
  input: z.infer<typeof recordDisbursementInput>,
) {
  return transact(deps, async (tx) => {
    const who = await fundedSubmission(tx, actor, input.submissionId);
    if (!who.manager) throw new AppError("FUND_MANAGER_REQUIRED", "Only the fund's managers record payments");
    const [proposal] = (await loadProposals(tx, who.call)).filter((p) => p.id === input.submissionId);
    const funderId = input.regionId ?? centralFunder;
    if (!proposal?.parts.some((part) => part.funderId === funderId))
      throw new AppError("NOT_A_FUNDER", "That region does not fund this project");
    const [row] = await tx
      .insert(fundDisbursements)
      .values({
        submissionId: input.submissionId,
        regionId: input.regionId,
        amountYuan: input.amountYuan,
        paidOn: input.paidOn,
        note: input.note.trim(),
        recordedById: actor.id,
      })
      .returning({ id: fundDisbursements.id });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "fund.disbursement_recorded",
      targetType: "fund_submission",
      targetId: input.submissionId,
      after: { disbursementId: row!.id, regionId: input.regionId, amountYuan: input.amountYuan, paidOn: input.paidOn },
    });
    // The project's money and drift as the results show them now (the same for every reader): the
    // manager's page sets them instead of reading the results again.
    const shown = await moneyAndDrift(tx, who.call, [proposal]);
    return { ...row!, project: { submissionId: proposal.id, ...shown.of(proposal) } };
  });
}

export async function postProgress(deps: ServiceDeps, actor: SessionUser, input: z.infer<typeof postProgressInput>) {
  return transact(deps, async (tx) => {
    const who = await fundedSubmission(tx, actor, input.submissionId);
    teamOrManager(who);
    const [row] = await tx
      .insert(fundProgressUpdates)
      .values({
        submissionId: input.submissionId,
        status: input.status,
        percent: input.percent,
        body: input.body.trim(),
        authorId: actor.id,
        createdAt: deps.now(),
      })
      .returning({ id: fundProgressUpdates.id });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "fund.progress_posted",
      targetType: "fund_submission",
      targetId: input.submissionId,
      after: { status: input.status, percent: input.percent },
    });
    return row!;
  });
}

/**
 * The public accountability view of an awarded call (Decidim's "results"): every funded project with
 * its money planned and paid per funder, milestones and latest progress; totals per funder against
 * its contribution. `mayReport` tells the page which forms to show the viewer.
 */
export async function accountability(deps: Pick<ServiceDeps, "db">, viewer: Viewer, callId: number) {
  const { call, manager } = await loadVisibleCall(deps.db, viewer, callId);
  if (!scoresArePublic(call)) return null;
  const funded = (await loadProposals(deps.db, call)).filter((p) => p.funded);
  const ids = funded.map((p) => p.id);
  const [milestones, progress, teams, outcomes, shown, revisions] = await Promise.all([
    ids.length
      ? deps.db
          .select()
          .from(fundMilestones)
          .where(inArray(fundMilestones.submissionId, ids))
          .orderBy(asc(fundMilestones.dueOn), asc(fundMilestones.id))
      : [],
    ids.length
      ? deps.db
          .select()
          .from(fundProgressUpdates)
          .where(inArray(fundProgressUpdates.submissionId, ids))
          .orderBy(desc(fundProgressUpdates.createdAt), desc(fundProgressUpdates.id))
      : [],
    viewer && ids.length
      ? deps.db
          .select({ projectId: projects.id, proposerId: projects.proposerId, coauthorId: projectCoauthors.accountId })
          .from(projects)
          .leftJoin(
            projectCoauthors,
            and(eq(projectCoauthors.projectId, projects.id), eq(projectCoauthors.status, "accepted")),
          )
          .where(
            inArray(
              projects.id,
              funded.map((p) => p.projectId),
            ),
          )
      : [],
    outcomesOf(deps.db, ids),
    moneyAndDrift(deps.db, call, funded),
    revisionsOf(deps.db, ids),
  ]);
  const { name } = shown;
  const onTeam = (projectId: number) =>
    viewer !== null &&
    teams.some((t) => t.projectId === projectId && (t.proposerId === viewer.id || t.coauthorId === viewer.id));
  const projectsOut = funded.map((p) => {
    const latest = progress.find((u) => u.submissionId === p.id) ?? null;
    const { money, drift } = shown.of(p);
    return {
      id: p.id,
      projectId: p.projectId,
      title: p.title,
      requestedYuan: p.requestedYuan,
      score: aggregate(p.reviewScores),
      money,
      milestones: milestones
        .filter((m) => m.submissionId === p.id)
        .map((m) => ({
          id: m.id,
          title: m.title,
          deliverable: m.deliverable,
          dueOn: m.dueOn,
          doneOn: m.doneOn,
          evidenceUrl: m.evidenceUrl,
        })),
      progress: latest
        ? { status: latest.status, percent: latest.percent, body: latest.body, at: latest.createdAt }
        : null,
      outcomes: outcomes.filter((o) => o.submissionId === p.id),
      mayReport: manager || onTeam(p.projectId),
      drift,
      revisions: revisions.filter((r) => r.submissionId === p.id).map((r) => namedRevision(r, name)),
      /** The form is offered when the server would take it: team or manager, drift past the threshold, none pending. */
      mayProposeRevision:
        (manager || onTeam(p.projectId)) &&
        drift.revisionDue &&
        !revisions.some((r) => r.submissionId === p.id && r.outcome === null),
    };
  });
  const funderIds = [...new Set(projectsOut.flatMap((p) => p.money.map((m) => m.funderId)))].sort((a, b) => a - b);
  return {
    manager,
    driftThresholdBp: call.driftThresholdBp,
    /** Only admins set the threshold (fund.setDriftThreshold). */
    mayAdjustThreshold: viewer?.role === "admin",
    projects: projectsOut,
    outcomeTotals: outcomeTotals(outcomes, outcomeTypes),
    funders: funderIds.map((funderId) => ({
      funderId,
      ...name(funderId),
      plannedYuan: projectsOut.reduce(
        (s, p) => s + (p.money.find((m) => m.funderId === funderId)?.plannedYuan ?? 0),
        0,
      ),
      paidYuan: projectsOut.reduce((s, p) => s + (p.money.find((m) => m.funderId === funderId)?.paidYuan ?? 0), 0),
    })),
  };
}

/**
 * Each funded proposal's money per funder (planned by its agreed plan, paid so far) and its drift from
 * that plan, with the regions' names: the part of `fund.results` that is the same for every reader and
 * that a revision's win changes.
 */
async function moneyAndDrift(db: Db | Tx, call: FundCall, funded: readonly Proposal[]) {
  const ids = funded.map((p) => p.id);
  // One after another: `db` may be the close's transaction, one connection.
  const paid = ids.length
    ? await db.select().from(fundDisbursements).where(inArray(fundDisbursements.submissionId, ids))
    : [];
  const name = await regionNames(db);
  const drifts = await driftsOf(db, call, funded);
  const paidBy = (submissionId: number, funderId: number) =>
    paid
      .filter((d) => d.submissionId === submissionId && (d.regionId ?? centralFunder) === funderId)
      .reduce((sum, d) => sum + d.amountYuan, 0);
  const of = (p: Proposal): Pick<DecidedRevisionState<Date>, "money" | "drift"> => {
    const drift = drifts.get(p.id)!;
    return {
      money: p.parts.map((part) => ({
        funderId: part.funderId,
        ...name(part.funderId),
        plannedYuan: part.yuan,
        paidYuan: paidBy(p.id, part.funderId),
      })),
      drift: { ...drift, regions: drift.regions.map((r) => ({ ...r, ...name(r.regionId) })) },
    };
  };
  return { name, of };
}

/** Names a region (or the centre, `centralFunder`, which has none) as the results do. */
async function regionNames(db: Db | Tx) {
  const regionRows = await db.select({ id: regions.id, nameZh: regions.nameZh, nameEn: regions.nameEn }).from(regions);
  return (regionId: number) => {
    const region = regionRows.find((r) => r.id === regionId);
    return { nameZh: region?.nameZh ?? null, nameEn: region?.nameEn ?? null };
  };
}

type RevisionRow = Awaited<ReturnType<typeof revisionsOf>>[number];
type RegionName = Awaited<ReturnType<typeof regionNames>>;

const namedRevision = (revision: RevisionRow, name: RegionName) => ({
  ...revision,
  revisedShares: revision.revisedShares.map((x) => ({ ...x, ...name(x.regionId) })),
});

/**
 * A revision as `fund.results` lists it, its shares named: the same for every reader of the call, so
 * its proposal answers with it and the call's page adds it instead of reading the results again.
 */
export async function listedRevision(db: Db | Tx, submissionId: number, ballotId: number) {
  const revision = (await revisionsOf(db, [submissionId])).find((r) => r.ballotId === ballotId);
  if (!revision) throw new AppError("NOT_FOUND", "That revision does not exist");
  return namedRevision(revision, await regionNames(db));
}

/**
 * A decided revision's project as `fund.results` shows it to everyone: the revision's outcome, with the
 * money and drift as they stand (in the close's transaction, what the close left). The close's event and
 * the ballot's page carry it, so the call's page patches its results instead of reading them again. Null
 * for a ballot that is no revision, or one not decided yet.
 */
export async function decidedRevision(db: Db | Tx, ballotId: number): Promise<DecidedRevisionState<Date> | null> {
  const [row] = await db
    .select({
      submissionId: fundRevisions.submissionId,
      outcome: fundRevisions.outcome,
      decidedAt: fundRevisions.decidedAt,
      call: fundCalls,
    })
    .from(fundRevisions)
    .innerJoin(fundSubmissions, eq(fundSubmissions.id, fundRevisions.submissionId))
    .innerJoin(fundCalls, eq(fundCalls.id, fundSubmissions.callId))
    .where(eq(fundRevisions.ballotId, ballotId));
  if (!row?.outcome || !row.decidedAt) return null;
  const [proposal] = await loadProposals(db, row.call, row.submissionId);
  if (!proposal) return null;
  const shown = await moneyAndDrift(db, row.call, [proposal]);
  return { submissionId: row.submissionId, outcome: row.outcome, decidedAt: row.decidedAt, ...shown.of(proposal) };
}

/** The accountability data as CSV: one row per funded project and funder; cells guarded against formulas. */
export async function exportResultsCsv(deps: Pick<ServiceDeps, "db">, viewer: Viewer, callId: number) {
  const data = await accountability(deps, viewer, callId);
  if (!data) throw new AppError("CALL_WRONG_STAGE", "Results exist once the call is awarded");
  const rows: unknown[][] = [
    ["project_id", "title", "score_mean", "reviews", "funder", "planned_yuan", "paid_yuan", "status", "percent"],
  ];
  for (const p of data.projects)
    for (const m of p.money)
      rows.push([
        p.projectId,
        p.title,
        p.score.mean === null ? "" : (p.score.mean / 100).toFixed(2),
        p.score.reviews,
        m.funderId === centralFunder ? "central" : (m.nameEn ?? m.funderId),
        m.plannedYuan,
        m.paidYuan,
        p.progress?.status ?? "",
        p.progress?.percent ?? "",
      ]);
  return { filename: `fund-call-${callId}-results.csv`, csv: toCsv(rows) };
}
