import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { ballotElectorate, ballots, regions } from "@/db/schema";
import { toCsv } from "@/server/domain/csv";
import { AppError } from "@/server/errors";
import { publicPlanOutcomes, publicTallyRows, receiptList } from "./rules/ballot-secrecy";
import {
  ballotCounts,
  ballotRegionRows,
  loadBallotAndKind,
  projectBallotRow,
  publicDecision,
  rollCall,
  settingsOf,
  talliesVisible,
  voteRows,
} from "./ballot-reads";
import { planViews } from "./plans/benefit-plans";
import type { ServiceDeps } from "@/server/infra/deps";
import { chairsBallots } from "./ballot-chair";
import { ballotConsents } from "./plans/simple-majority-consent";
import { loadVisibleProject, type Viewer } from "@/server/features/access";
import { assertPortfolioBallotVisible, portfolioView } from "./portfolio-ballot";
import { decidedRevision } from "@/server/features/fund";

/** A ballot is as visible as its project, a portfolio ballot as its fund call. */
async function visibleBallot(db: Db, viewer: Viewer, ballotId: number) {
  const { ballot, revision } = await loadBallotAndKind(db, ballotId);
  if (ballot.projectId === null)
    return { ballot, revision, portfolio: await assertPortfolioBallotVisible(db, viewer, ballot) };
  await loadVisibleProject(db, viewer, ballot.projectId);
  return { ballot, revision, portfolio: null };
}

/** The ballot page: settings, frozen plans, turnout always, tallies when shown or after the close. */
export async function getBallot(deps: Pick<ServiceDeps, "db">, viewer: Viewer, ballotId: number) {
  const { ballot, revision, portfolio } = await visibleBallot(deps.db, viewer, ballotId);
  const plans = await planViews(deps.db, ballot.projectId, { ballotId: ballot.id });
  const visible = talliesVisible(ballot);
  const counts = await ballotCounts(deps.db, ballot.id, visible);
  const [eligible] = viewer
    ? await deps.db
        .select({ regionId: ballotElectorate.regionId })
        .from(ballotElectorate)
        .where(and(eq(ballotElectorate.ballotId, ballot.id), eq(ballotElectorate.accountId, viewer.id)))
    : [];
  return {
    ...settingsOf(ballot),
    plans,
    turnout: counts.turnout,
    tallies: counts.tallies ? publicTallyRows(counts.tallies, ballot.visibility === "secret") : null,
    votes: visible && ballot.visibility === "roll_call" ? await rollCall(deps.db, ballot.id) : null,
    result: ballot.status === "closed" && ballot.result ? publicDecision(ballot) : null,
    digest: ballot.digest,
    /** The regions that consented to simple majority when the ballot opened. */
    consents: await ballotConsents(deps.db, ballot.id),
    /** A portfolio ballot's frozen portfolio (what its one plan stands for) and what its close did; null for a project's. */
    portfolio: portfolio ? await portfolioView(deps.db, portfolio) : null,
    /** A decided revision ballot's project as the call's results show it, which the call's page takes from here; else null. */
    revision: revision && ballot.status === "closed" ? await decidedRevision(deps.db, ballot.id) : null,
    viewer: {
      eligible: Boolean(eligible) && ballot.status === "open",
      regionId: eligible?.regionId ?? null,
      isChair: viewer ? await chairsBallots(deps.db, viewer) : false,
      isAdmin: viewer?.role === "admin",
    },
  };
}

/** A project's ballots, latest round first. */
export async function listProjectBallots(deps: Pick<ServiceDeps, "db">, viewer: Viewer, projectId: number) {
  const { project } = await loadVisibleProject(deps.db, viewer, projectId);
  const rows = await deps.db
    .select()
    .from(ballots)
    .where(eq(ballots.projectId, project.id))
    .orderBy(desc(ballots.round));
  return rows.map(projectBallotRow);
}

/** The stored result of a closed ballot, with the winning plan's shares and, for roll-call, every vote. */
export async function getResult(deps: Pick<ServiceDeps, "db">, viewer: Viewer, ballotId: number) {
  const { ballot } = await visibleBallot(deps.db, viewer, ballotId);
  if (ballot.status !== "closed" || !ballot.result) {
    throw new AppError(
      "BALLOT_STILL_OPEN",
      `The result is known once the ballot closes, at ${ballot.closesAt.toISOString().slice(0, 16).replace("T", " ")} UTC`,
    );
  }
  const plans = await planViews(deps.db, ballot.projectId, { ballotId: ballot.id });
  const winner = plans.find((p) => p.id === ballot.result?.winnerPlanId) ?? null;
  const regionRows = await deps.db
    .select({ id: regions.id, code: regions.code, nameZh: regions.nameZh, nameEn: regions.nameEn })
    .from(regions);
  const regionIds = new Set((await ballotRegionRows(deps.db, ballot.id)).map((r) => r.regionId));
  return {
    ballotId: ballot.id,
    projectId: ballot.projectId,
    round: ballot.round,
    rule: ballot.rule,
    quorumBp: ballot.quorumBp,
    visibility: ballot.visibility,
    closedAt: ballot.closedAt,
    outcome: ballot.result.outcome,
    winner: winner
      ? { planId: winner.id, rationale: winner.rationale, terms: winner.terms, shares: winner.shares }
      : null,
    plans: publicPlanOutcomes(ballot.result.plans, ballot.visibility === "secret"),
    regions: regionRows.filter((r) => regionIds.has(r.id)),
    digest: ballot.digest,
    /** Every counted vote's receipt, sorted: a voter finds theirs without anyone learning whose or how. */
    receipts: receiptList(await voteRows(deps.db, ballot.id)),
    votes: ballot.visibility === "roll_call" ? await rollCall(deps.db, ballot.id) : null,
  };
}

export async function exportResultJson(
  deps: Pick<ServiceDeps, "db">,
  viewer: Viewer,
  ballotId: number,
): Promise<string> {
  return JSON.stringify(await getResult(deps, viewer, ballotId), null, 2);
}

/**
 * One CSV: a `plan` row per plan and region with the counts and the verdict, then (roll-call only)
 * a `vote` row per vote, then a `receipt` row per counted vote's receipt. A secret ballot's export has
 * no voter column filled, ever, and its small cells are empty as on the page.
 */
export async function exportResultCsv(
  deps: Pick<ServiceDeps, "db">,
  viewer: Viewer,
  ballotId: number,
): Promise<string> {
  const result = await getResult(deps, viewer, ballotId);
  const code = new Map(result.regions.map((r) => [r.id, r.code]));
  const header = [
    "record",
    "ballot_id",
    "round",
    "rule",
    "quorum_bp",
    "outcome",
    "plan_id",
    "region",
    "approve",
    "reject",
    "abstain",
    "electorate",
    "quorum",
    "met_quorum",
    "plan_passes",
    "winner",
    "blocked_by",
    "voter_id",
    "voter_name",
    "choice",
    "digest",
    "receipt",
  ];
  const rows: unknown[][] = [header];
  const common = [result.ballotId, result.round, result.rule, result.quorumBp, result.outcome];
  for (const plan of result.plans) {
    const verdict = [
      plan.passes,
      plan.planId === result.winner?.planId,
      plan.blockedBy.map((id) => code.get(id)).join(" "),
    ];
    rows.push([
      "plan",
      ...common,
      plan.planId,
      "all",
      plan.approve,
      plan.reject,
      plan.abstain,
      "",
      "",
      "",
      ...verdict,
      "",
      "",
      "",
      result.digest,
    ]);
    for (const r of plan.regions) {
      rows.push([
        "plan",
        ...common,
        plan.planId,
        code.get(r.regionId),
        r.approve,
        r.reject,
        r.abstain,
        r.electorate,
        r.quorum,
        r.metQuorum,
        ...verdict,
        "",
        "",
        "",
        result.digest,
      ]);
    }
  }
  for (const vote of result.votes ?? []) {
    rows.push([
      "vote",
      ...common,
      vote.planId,
      code.get(vote.regionId),
      "",
      "",
      "",
      "",
      "",
      "",
      "",
      "",
      "",
      vote.voterId,
      vote.voterName,
      vote.choice,
      result.digest,
    ]);
  }
  for (const receipt of result.receipts) {
    rows.push(["receipt", ...common, "", "", "", "", "", "", "", "", "", "", "", "", "", "", result.digest, receipt]);
  }
  return toCsv(rows);
}
