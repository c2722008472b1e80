import { and, asc, eq, isNotNull } from "drizzle-orm";
import { fundAssignments, fundSubmissions } from "@/db/schema";
import { toCsv } from "@/server/domain/csv";
import type { ServiceDeps } from "@/server/infra/deps";
import type { Viewer } from "./access";
import { getCall } from "./calls";
import { centralFunder } from "./rules/cost-split";
import { accountability } from "./results";
import { listProposals } from "./submissions";

/** Hundredths of a point as a number of points (350 → 3.5), the unit people read scores in. */
const points = (hundredths: number | null) => (hundredths === null ? null : hundredths / 100);

/**
 * The call's submitted reviews, one row each, its reviewer shown only as a number (1, 2, …) in the
 * order of their first review of this call: enough to see who scored consistently, never who it was.
 */
async function anonymousReviews(deps: Pick<ServiceDeps, "db">, callId: number) {
  const rows = await deps.db
    .select({
      submissionId: fundAssignments.submissionId,
      reviewerId: fundAssignments.reviewerId,
      weightedScore: fundAssignments.weightedScore,
      scores: fundAssignments.scores,
    })
    .from(fundAssignments)
    .innerJoin(fundSubmissions, eq(fundSubmissions.id, fundAssignments.submissionId))
    .where(and(eq(fundSubmissions.callId, callId), isNotNull(fundAssignments.submittedAt)))
    .orderBy(asc(fundAssignments.id));
  const numbers = new Map<number, number>();
  for (const row of rows) if (!numbers.has(row.reviewerId)) numbers.set(row.reviewerId, numbers.size + 1);
  return rows.map((row) => ({
    submissionId: row.submissionId,
    reviewer: numbers.get(row.reviewerId)!,
    weightedScore: points(row.weightedScore),
    // Comments stay out: free text can name its author, and the call's pages do not show them.
    scores: (row.scores ?? []).map((s) => ({ key: s.key, score: s.score })),
  }));
}

/**
 * Everything about one call that its pages show this reader, as one document: the call read through
 * the same use-cases the pages use (a draft is NOT_FOUND to anyone but a manager; scores only once the
 * pages show them; portfolio and results from the award). Per-review rows are for the fund's
 * managers only, with numbered reviewers; no export ever carries a reviewer's identity.
 */
export async function callExport(deps: Pick<ServiceDeps, "db">, viewer: Viewer, callId: number) {
  // Everything the call's page shows about the call itself, in the page's own shape.
  const { viewer: who, funders: contributions, ...call } = await getCall(deps, viewer, callId);
  const [proposals, results, reviews] = await Promise.all([
    listProposals(deps, viewer, callId),
    accountability(deps, viewer, callId),
    who.manager ? anonymousReviews(deps, callId) : null,
  ]);
  const funders = [
    { funderId: centralFunder, code: "central", nameZh: null, nameEn: null, contributionYuan: call.centralYuan },
    ...contributions.map((f) => ({
      funderId: f.regionId,
      code: f.code,
      nameZh: f.nameZh,
      nameEn: f.nameEn,
      contributionYuan: f.amountYuan,
    })),
  ];
  const funded = proposals.filter((p) => p.funded);
  return {
    call: { ...call, funders },
    proposals: proposals.map((p) => ({
      submissionId: p.id,
      projectId: p.projectId,
      title: p.title,
      requestedYuan: p.requestedYuan,
      funded: p.funded,
      parts: p.parts.map((part) => ({ funderId: part.funderId, yuan: part.yuan })),
      score: p.aggregate && {
        reviews: p.aggregate.reviews,
        mean: points(p.aggregate.mean),
        spread: points(p.aggregate.spread),
        disagreement: p.aggregate.disagreement,
      },
    })),
    reviews,
    // The decided portfolio: what each funder pays for the funded projects against what it put in.
    portfolio: results && {
      submissionIds: funded.map((p) => p.id),
      funders: funders.map((f) => ({
        funderId: f.funderId,
        code: f.code,
        capYuan: f.contributionYuan,
        fundedYuan: funded.reduce((s, p) => s + (p.parts.find((x) => x.funderId === f.funderId)?.yuan ?? 0), 0),
      })),
    },
    results: results && {
      projects: results.projects.map((p) => ({
        submissionId: p.id,
        projectId: p.projectId,
        money: p.money.map((m) => ({ funderId: m.funderId, plannedYuan: m.plannedYuan, paidYuan: m.paidYuan })),
        milestones: p.milestones,
        progress: p.progress,
        outcomes: p.outcomes.map((o) => ({
          type: o.type,
          count: o.count,
          achievedOn: o.achievedOn,
          link: o.link,
          note: o.note,
        })),
      })),
      outcomeTotals: results.outcomeTotals,
      funders: results.funders.map((f) => ({ funderId: f.funderId, plannedYuan: f.plannedYuan, paidYuan: f.paidYuan })),
    },
  };
}

type CallExport = Awaited<ReturnType<typeof callExport>>;

/** The same document as CSV: one block per table, each a `[name]` line, a header row and its rows. */
export function callExportCsv(data: CallExport): string {
  const code = new Map(data.call.funders.map((f) => [f.funderId, f.code]));
  const funder = (id: number) => code.get(id) ?? String(id);
  const blocks: [string, unknown[], unknown[][]][] = [
    [
      "call",
      ["call_id", "status", "title_zh", "title_en", "deadline", "central_bp", "central_yuan", "portfolio_method"],
      [
        [
          data.call.id,
          data.call.status,
          data.call.titleZh,
          data.call.titleEn,
          data.call.deadline,
          data.call.centralBp,
          data.call.centralYuan,
          data.call.portfolio?.method,
        ],
      ],
    ],
    [
      "funders",
      ["funder", "name_zh", "name_en", "contribution_yuan"],
      data.call.funders.map((f) => [f.code, f.nameZh, f.nameEn, f.contributionYuan]),
    ],
    [
      "proposals",
      [
        "submission_id",
        "project_id",
        "title",
        "requested_yuan",
        "funded",
        "reviews",
        "score_mean",
        "score_spread",
        "disagreement",
      ],
      data.proposals.map((p) => [
        p.submissionId,
        p.projectId,
        p.title,
        p.requestedYuan,
        p.funded,
        p.score?.reviews,
        p.score?.mean,
        p.score?.spread,
        p.score?.disagreement,
      ]),
    ],
  ];
  if (data.reviews) {
    const keys = data.call.criteria.map((c) => c.key);
    blocks.push([
      "reviews",
      ["submission_id", "reviewer", "weighted_score", ...keys],
      data.reviews.map((r) => [
        r.submissionId,
        r.reviewer,
        r.weightedScore,
        ...keys.map((k) => r.scores.find((s) => s.key === k)?.score),
      ]),
    ]);
  }
  if (data.portfolio)
    blocks.push([
      "portfolio",
      ["funder", "cap_yuan", "funded_yuan"],
      data.portfolio.funders.map((f) => [f.code, f.capYuan, f.fundedYuan]),
    ]);
  if (data.results) {
    blocks.push([
      "money",
      ["submission_id", "funder", "planned_yuan", "paid_yuan"],
      data.results.projects.flatMap((p) =>
        p.money.map((m) => [p.submissionId, funder(m.funderId), m.plannedYuan, m.paidYuan]),
      ),
    ]);
    blocks.push([
      "milestones",
      ["submission_id", "title", "deliverable", "due_on", "done_on", "evidence_url"],
      data.results.projects.flatMap((p) =>
        p.milestones.map((m) => [p.submissionId, m.title, m.deliverable, m.dueOn, m.doneOn, m.evidenceUrl]),
      ),
    ]);
    blocks.push([
      "outcomes",
      ["submission_id", "type", "count", "achieved_on", "link", "note"],
      data.results.projects.flatMap((p) =>
        p.outcomes.map((o) => [p.submissionId, o.type, o.count, o.achievedOn, o.link, o.note]),
      ),
    ]);
  }
  return blocks.map(([name, header, rows]) => toCsv([[`[${name}]`], header, ...rows])).join("\r\n");
}

export async function exportCall(
  deps: Pick<ServiceDeps, "db">,
  viewer: Viewer,
  input: { callId: number; format: "csv" | "json" },
) {
  const data = await callExport(deps, viewer, input.callId);
  return input.format === "csv"
    ? { filename: `fund-call-${input.callId}.csv`, text: callExportCsv(data) }
    : { filename: `fund-call-${input.callId}.json`, text: JSON.stringify(data, null, 2) };
}
