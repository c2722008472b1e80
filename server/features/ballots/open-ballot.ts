import { randomBytes } from "node:crypto";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { intArray, queryRows } from "@/db/sql";
import {
  accounts,
  ballotElectorate,
  ballotRegions,
  ballots,
  benefitPlans,
  fundRevisions,
  type Ballot,
  type Project,
} from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import type { NewRoundInput, OpenBallotInput } from "./contract";
import {
  baselineCostShares,
  changesCostShare,
  minQuorumBp,
  minVotingMs,
  openingViolations,
} from "./rules/ballot-governance";
import { quorumFor } from "./rules/ballot-rules";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/infra/audit";
import { assertChairsBallots } from "./ballot-chair";
import { insertPlan, participatingRegionIds, planViews, publishedPlan } from "./plans/benefit-plans";
import { loadBallot, publishedBallotRow } from "./ballot-reads";
import type { ServiceDeps } from "@/server/infra/deps";
import { loadProject, loadVisibleProject, regionLabel, regionSummaries, summariesOf } from "@/server/features/access";
import { applyProjectTransition } from "@/server/features/projects";
import { notifyBallotOpened, scheduleBallotReminders } from "./reminders";
import { attachConsents, pendingConsents } from "./plans/simple-majority-consent";
import { transact, type Emit } from "@/server/infra/transact";
import { streamKey } from "@/server/domain/stream-access";

/** Longest a ballot may stay open. */
const maxOpenDays = 90;

export type BallotSettings = Omit<OpenBallotInput, "projectId">;
type PlanShares = ReadonlyArray<{ shares: ReadonlyArray<{ regionId: number; costBp: number }> }>;

export function checkClosingTime(now: Date, closesAt: Date): void {
  if (closesAt.getTime() <= now.getTime())
    throw new AppError("BAD_CLOSING_TIME", "The closing time must be in the future");
  if (closesAt.getTime() > now.getTime() + maxOpenDays * 86_400_000)
    throw new AppError("BAD_CLOSING_TIME", `A ballot may stay open for at most ${maxOpenDays} days`);
}

/** The governance terms (server/features/ballots/rules/ballot-governance.ts): the first broken one is the error. */
export async function checkTerms(
  tx: Tx,
  now: Date,
  regionIds: number[],
  settings: BallotSettings,
  terms: { costSharesChange: boolean; consentingRegionIds: number[] },
) {
  const [violation] = openingViolations({
    now,
    closesAt: settings.closesAt,
    quorumBp: settings.quorumBp,
    rule: settings.rule,
    regionIds,
    ...terms,
  });
  if (!violation) return;
  if (violation.reason === "QUORUM_TOO_LOW")
    throw new AppError(
      violation.reason,
      `The quorum must be at least ${minQuorumBp / 100} % of each region's electorate`,
    );
  if (violation.reason === "VOTING_TOO_SHORT")
    throw new AppError(violation.reason, `A ballot must stay open for at least ${minVotingMs / 3_600_000} hours`);
  const names = summariesOf(violation.regionIds, await regionSummaries(tx, violation.regionIds)).map(regionLabel);
  throw new AppError(
    violation.reason,
    `The plans change cost shares, so simple majority needs every region's consent; ${names.join(", ")} has not consented`,
  );
}

/**
 * Writes a project's ballot round: the governance terms, then the round itself (`insertRound`).
 */
async function createRound(
  tx: Tx,
  emit: Emit,
  now: Date,
  actor: SessionUser,
  project: Project,
  round: number,
  settings: BallotSettings,
  plans: PlanShares,
): Promise<Ballot> {
  checkClosingTime(now, settings.closesAt);
  const regionIds = await participatingRegionIds(tx, project.id);
  await checkTerms(tx, now, regionIds, settings, {
    costSharesChange: changesCostShare(plans, baselineCostShares(regionIds)),
    consentingRegionIds: (await pendingConsents(tx, project.id)).map((c) => c.regionId),
  });
  return insertRound(tx, emit, now, actor, { projectId: project.id }, round, settings, regionIds);
}

/**
 * Writes a ballot round: the settings, the electorate snapshot (the coordination-body members of the
 * regions, with their region now) and each region's quorum. A region with nobody to vote would block
 * every plan under regional consent, so it is refused up front. `projectId` null: a portfolio ballot,
 * whose caller links it to its call before anything reads it; `revision`: a funded project's
 * revision ballot (revision-ballot.ts).
 */
export async function insertRound(
  tx: Tx,
  emit: Emit,
  now: Date,
  actor: SessionUser,
  target: { projectId: number | null; revision?: true },
  round: number,
  settings: BallotSettings,
  regionIds: number[],
): Promise<Ballot> {
  const { projectId } = target;
  const members = await tx
    .select({ id: accounts.id, regionId: accounts.regionId })
    .from(accounts)
    .where(and(eq(accounts.role, "member"), inArray(accounts.regionId, regionIds)));
  const empty = regionIds.filter((id) => !members.some((m) => m.regionId === id));
  if (empty.length > 0) {
    const names = summariesOf(empty, await regionSummaries(tx, empty)).map(regionLabel);
    throw new AppError(
      "NO_ELECTORATE",
      `${names.join(", ")} has no coordination-body member to vote; the ballot cannot open`,
    );
  }
  const [ballot] = await tx
    .insert(ballots)
    .values({
      projectId,
      round,
      rule: settings.rule,
      quorumBp: settings.quorumBp,
      visibility: settings.visibility,
      showRunningTallies: settings.showRunningTallies,
      openedById: actor.id,
      openedAt: now,
      closesAt: settings.closesAt,
      digestKey: randomBytes(32).toString("hex"),
    })
    .returning();
  if (!ballot) throw new Error("Ballot insert returned no row");
  await tx.insert(ballotRegions).values(
    regionIds.map((regionId) => {
      const electorate = members.filter((m) => m.regionId === regionId).length;
      return { ballotId: ballot.id, regionId, electorate, quorum: quorumFor(electorate, settings.quorumBp) };
    }),
  );
  // Two array parameters rather than three per voter: PGlite binds parameters slowly (bench/README.md, Notifications).
  await tx.execute(sql`
    INSERT INTO ${ballotElectorate} (ballot_id, account_id, region_id)
    SELECT ${ballot.id}, u.account_id, u.region_id
    FROM unnest(${intArray(members.map((m) => m.id))}::int[], ${intArray(members.map((m) => m.regionId))}::int[])
      AS u(account_id, region_id)`);
  // Consents to simple majority belong to the project's own decision, never to a revision of its shares.
  const consentedBy = projectId === null || target.revision ? [] : await attachConsents(tx, projectId, ballot.id);
  await recordAudit(tx, {
    actorId: actor.id,
    action: "ballot.open",
    targetType: "ballot",
    targetId: ballot.id,
    after: {
      projectId,
      round,
      rule: ballot.rule,
      quorumBp: ballot.quorumBp,
      visibility: ballot.visibility,
      closesAt: ballot.closesAt.toISOString(),
      electorate: members.length,
      consentedBy,
    },
  });
  return ballot;
}

/**
 * What follows a round's rows once its plans are attached: the round on its streams (with its row and
 * plans as the project's page lists them), the electorate's notices and reminders.
 */
export async function announceRound(tx: Tx, emit: Emit, ballot: Ballot): Promise<void> {
  const { projectId } = ballot;
  const plans = await planViews(tx, projectId, { ballotId: ballot.id });
  const notice = {
    ballotId: ballot.id,
    projectId,
    round: ballot.round,
    closesAt: ballot.closesAt.toISOString(),
    ballot: publishedBallotRow(ballot),
    plans: plans.map(publishedPlan),
  };
  // Writing to the ballot's stream also creates its stream head, which vote notices lock (vote-notices.ts).
  await emit(streamKey({ kind: "ballot", id: ballot.id }), "ballot:opened", notice);
  if (projectId !== null) await emit(streamKey({ kind: "project", id: projectId }), "ballot:opened", notice);
  await notifyBallotOpened(tx, emit, ballot);
  await scheduleBallotReminders(tx, ballot);
}

/**
 * Opens the vote: the project's openVoting transition and the ballot in one transaction, so there is
 * never a project in voting without its ballot, nor a ballot on a project that is not in voting. The
 * plans proposed so far are frozen by attaching them to the ballot.
 */
export async function openBallot(deps: ServiceDeps, actor: SessionUser, input: OpenBallotInput) {
  return transact(deps, async (tx, emit) => {
    const now = deps.now();
    // A project one cannot see stays NOT_FOUND to everyone; then only the chair (or an admin) goes on.
    await loadVisibleProject(tx, actor, input.projectId);
    await assertChairsBallots(tx, actor);
    // Locks the project and checks the transition (state and role) before anything is written.
    await applyProjectTransition(tx, emit, now, actor, input.projectId, "openVoting");
    const project = await loadProject(tx, input.projectId);
    const pending = await tx
      .select({ id: benefitPlans.id })
      .from(benefitPlans)
      .where(and(eq(benefitPlans.projectId, project.id), isNull(benefitPlans.ballotId)));
    if (pending.length === 0)
      throw new AppError("NO_PLANS", "Propose at least one benefit-sharing plan before opening the vote");
    const [last] = await tx
      .select({ round: sql<number>`coalesce(max(${ballots.round}), 0)::int` })
      .from(ballots)
      .where(eq(ballots.projectId, project.id));
    const plans = await planViews(tx, project.id, { pending: true });
    const ballot = await createRound(tx, emit, now, actor, project, Number(last?.round ?? 0) + 1, input, plans);
    await tx
      .update(benefitPlans)
      .set({ ballotId: ballot.id })
      .where(and(eq(benefitPlans.projectId, project.id), isNull(benefitPlans.ballotId)));
    await announceRound(tx, emit, ballot);
    return {
      id: ballot.id,
      projectId: project.id,
      round: ballot.round,
      closesAt: ballot.closesAt,
      planIds: pending.map((p) => p.id).sort((a, b) => a - b),
    };
  });
}

const newRoundNotAllowed = () =>
  new AppError(
    "NEW_ROUND_NOT_ALLOWED",
    "A new round can follow only the latest ballot of a project still in voting, once it closed without agreement",
  );

/** The latest closed round with no agreement, which the chair may follow with a new round or end. */
async function loadUndecidedRound(tx: Tx, actor: SessionUser | "scheduler", ballotId: number) {
  const ballot = await loadBallot(tx, ballotId, "update");
  if (actor !== "scheduler") await assertChairsBallots(tx, actor);
  if (ballot.projectId === null || (await isRevisionBallot(tx, ballot.id))) throw newRoundNotAllowed();
  const project = await loadProject(tx, ballot.projectId, { forUpdate: true });
  const [later] = await tx
    .select({ id: ballots.id })
    .from(ballots)
    .where(
      and(
        eq(ballots.projectId, ballot.projectId),
        sql`${ballots.round} > ${ballot.round}`,
        sql`not exists (select 1 from fund_revisions r where r.ballot_id = ${ballots.id})`,
      ),
    );
  if (ballot.status !== "closed" || ballot.result?.outcome !== "no_agreement" || later || project.status !== "voting")
    throw newRoundNotAllowed();
  return { ballot, project };
}

/** A funded project's revision of its cost shares (revision-ballot.ts) is a round of its ballots but not of its decision. */
async function isRevisionBallot(tx: Tx, ballotId: number): Promise<boolean> {
  const [row] = await tx
    .select({ id: fundRevisions.ballotId })
    .from(fundRevisions)
    .where(eq(fundRevisions.ballotId, ballotId));
  return row !== undefined;
}

/** After no agreement, the chair puts revised plans to a new round; the project stays in voting. */
export async function openNewRound(deps: ServiceDeps, actor: SessionUser, input: NewRoundInput) {
  return transact(deps, async (tx, emit) => {
    const now = deps.now();
    const { ballot: previous, project } = await loadUndecidedRound(tx, actor, input.ballotId);
    const ballot = await createRound(tx, emit, now, actor, project, previous.round + 1, input, input.plans);
    const regionIds = await participatingRegionIds(tx, project.id);
    const planIds: number[] = [];
    for (const draft of input.plans)
      planIds.push(
        (
          await insertPlan(tx, {
            projectId: project.id,
            ballotId: ballot.id,
            authorId: actor.id,
            regionIds,
            draft,
            now,
          })
        ).id,
      );
    await announceRound(tx, emit, ballot);
    return { id: ballot.id, projectId: project.id, round: ballot.round, closesAt: ballot.closesAt, planIds };
  });
}

/** How long the chair has, after no agreement, to open a new round before the project is rejected. */
export const newRoundWindowMs = 7 * 86_400_000;

/**
 * After no agreement, the chair ends the matter instead, or the scheduler does once the window for a
 * new round has passed: the project is rejected.
 */
export async function concludeWithoutAgreement(
  deps: Pick<ServiceDeps, "db" | "publisher" | "now">,
  actor: SessionUser | "scheduler",
  ballotId: number,
) {
  return transact(deps, async (tx, emit) => {
    const { ballot, project } = await loadUndecidedRound(tx, actor, ballotId);
    await recordAudit(tx, {
      actorId: actor === "scheduler" ? null : actor.id,
      action: "ballot.conclude",
      targetType: "ballot",
      targetId: ballot.id,
      reason: actor === "scheduler" ? "no new round was opened in time" : null,
      after: { projectId: project.id, outcome: "rejected" },
    });
    return applyProjectTransition(tx, emit, deps.now(), "system", project.id, "reject");
  });
}

/** Latest rounds that ended without agreement before `cutoff` on projects still in voting. */
export async function undecidedRoundsBefore(db: Db, cutoff: Date): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`select b.id from ballots b join projects p on p.id = b.project_id
        where b.status = 'closed' and b.result->>'outcome' = 'no_agreement' and b.closed_at < ${cutoff.toISOString()}
          and p.status = 'voting'
          and not exists (select 1 from fund_revisions r where r.ballot_id = b.id)
          and not exists (select 1 from ballots later where later.project_id = b.project_id and later.round > b.round
                            and not exists (select 1 from fund_revisions r where r.ballot_id = later.id))
        order by b.id`,
  );
  return rows.map((r) => Number(r.id));
}
