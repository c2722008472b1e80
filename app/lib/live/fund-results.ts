import type { DecidedRevisionState } from "@/server/features/ballots/events";
import type { RevisionOutcome } from "@/shared/fund-vocabulary";

type Money = DecidedRevisionState<Date>["money"][number];

/** A funded project of `fund.results` as far as a revision ballot's close changes it. */
export interface LiveResultsProject {
  id: number;
  money: Money[];
  drift: DecidedRevisionState<Date>["drift"];
  /** The reader's own part: team or manager, which the close does not change. */
  mayReport: boolean;
  mayProposeRevision: boolean;
  revisions: Array<{ ballotId: number; outcome: RevisionOutcome | null; decidedAt: Date | null; status: string }>;
}

/** The call's results (`fund.results`) as far as a revision ballot's close changes them. */
export interface LiveResults<P extends LiveResultsProject = LiveResultsProject> {
  projects: P[];
  funders: Array<{
    funderId: number;
    nameZh: string | null;
    nameEn: string | null;
    plannedYuan: number;
    paidYuan: number;
  }>;
}

/** A revision ballot as its panel holds it (`ballots.get`: read, its close's event applied, or the close's answer). */
export interface SettledRevisionBallot {
  id: number;
  status: string;
  revision: DecidedRevisionState<Date> | null;
}

/**
 * The results with a revision ballot's close applied: the revision decided, and its project's money and
 * drift as the close left them (the revision's win moves the planned money and the drift), so the
 * funders' totals follow. The proposal form comes back as the server offers it: to the team or a
 * manager (`mayReport`) when the drift still passes the threshold and no revision is pending.
 * A revision the held results already show decided, an open ballot, or one no project lists changes
 * nothing. A close written before it carried the project asks for one read (`refetch`).
 */
export function withDecidedRevision<T extends LiveResults>(
  results: T,
  ballot: SettledRevisionBallot,
): { results: T; refetch: boolean } {
  const unchanged = { results, refetch: false };
  if (ballot.status !== "closed") return unchanged;
  const project = results.projects.find((p) => p.revisions.some((r) => r.ballotId === ballot.id));
  if (!project || project.revisions.some((r) => r.ballotId === ballot.id && r.outcome !== null)) return unchanged;
  const decided = ballot.revision;
  if (!decided || decided.submissionId !== project.id) return { results, refetch: true };
  const revisions = project.revisions.map((r) =>
    r.ballotId === ballot.id ? { ...r, outcome: decided.outcome, decidedAt: decided.decidedAt, status: "closed" } : r,
  );
  const next = { ...project, money: decided.money, drift: decided.drift, revisions };
  const projects = results.projects.map((p) =>
    p === project ? { ...next, mayProposeRevision: offersRevision(next) } : p,
  );
  return { results: { ...results, projects, funders: funderTotals(projects) }, refetch: false };
}

/** A funded project's money and drift as a payment left them: `fund.disburse` answers with them. */
export interface PaidProject {
  submissionId: number;
  money: Money[];
  drift: DecidedRevisionState<Date>["drift"];
}

/**
 * The results with a payment recorded: its project's money and drift as the payment left them, the
 * funders' totals following and the proposal form as the new drift offers it. Payments only add, so
 * an answer showing less paid than held (two payments' answers arriving out of order) changes nothing.
 */
export function withPayment<T extends LiveResults>(results: T, paid: PaidProject): T {
  const project = results.projects.find((p) => p.id === paid.submissionId);
  if (!project || totalPaid(paid) < totalPaid(project)) return results;
  const next = { ...project, money: paid.money, drift: paid.drift };
  const projects = results.projects.map((p) =>
    p === project ? { ...next, mayProposeRevision: offersRevision(next) } : p,
  );
  return { ...results, projects, funders: funderTotals(projects) };
}

const totalPaid = (project: { money: readonly Money[] }) => project.money.reduce((sum, m) => sum + m.paidYuan, 0);

/**
 * The results with a revision just proposed (`ballots.proposeRevision` answers with it as the results
 * list it): first in its project's revisions, latest first as listed, and the form withdrawn while it
 * is pending. A revision the held results already list, or one of a project they do not, changes nothing.
 */
export function withProposedRevision<T extends LiveResults>(
  results: T,
  revision: T["projects"][number]["revisions"][number] & { submissionId: number },
): T {
  const project = results.projects.find((p) => p.id === revision.submissionId);
  if (!project || project.revisions.some((r) => r.ballotId === revision.ballotId)) return results;
  const next = { ...project, revisions: [revision, ...project.revisions] };
  const projects = results.projects.map((p) =>
    p === project ? { ...next, mayProposeRevision: offersRevision(next) } : p,
  );
  return { ...results, projects };
}

/** The proposal form as `fund.results` offers it: to the team or a manager, past the threshold, none pending. */
const offersRevision = (project: Pick<LiveResultsProject, "mayReport" | "drift" | "revisions">) =>
  project.mayReport && project.drift.revisionDue && !project.revisions.some((r) => r.outcome === null);

/** Planned and paid money per funder over every project, by funder id, as `fund.results` totals them. */
export function funderTotals(projects: readonly Pick<LiveResultsProject, "money">[]): LiveResults["funders"] {
  const byId = new Map<number, LiveResults["funders"][number]>();
  for (const m of projects.flatMap((p) => p.money)) {
    const held = byId.get(m.funderId);
    byId.set(m.funderId, {
      funderId: m.funderId,
      nameZh: held?.nameZh ?? m.nameZh,
      nameEn: held?.nameEn ?? m.nameEn,
      plannedYuan: (held?.plannedYuan ?? 0) + m.plannedYuan,
      paidYuan: (held?.paidYuan ?? 0) + m.paidYuan,
    });
  }
  return [...byId.values()].sort((a, b) => a.funderId - b.funderId);
}
