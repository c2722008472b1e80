import { chinaDay } from "@/server/domain/china-time";
import { asc, inArray, isNull } from "drizzle-orm";
import type { z } from "zod";
import { clusters, fundCalls, fundDisbursements, fundMilestones, projectRegions, regions } from "@/db/schema";
import { outcomeTypes } from "@/shared/fund-vocabulary";
import type { ServiceDeps } from "@/server/infra/deps";
import { scoresArePublic } from "./access";
import type { fundAccountabilityInput } from "./contract";
import { outcomesOf } from "./outcomes";
import { centralFunder } from "./rules/cost-split";
import { milestoneTiming, outcomeTotals, outcomesByQuarter, type MilestoneTiming } from "./rules/outcome-stats";
import { loadProposals } from "./submissions";

const timings: MilestoneTiming[] = ["on_time", "late", "overdue", "pending"];

/**
 * The fund's public accountability across calls (#19.5), for every region, one cluster or one region:
 * money each funder planned and paid, milestones on time or late per region, outcomes per quarter. Only
 * awarded and closed calls count (the call visibility rule's public results; drafts and calls still
 * choosing never). A project counts for each region taking part in it; money counts for its funder.
 */
export async function fundAccountability(
  deps: Pick<ServiceDeps, "db" | "now">,
  input: z.infer<typeof fundAccountabilityInput>,
) {
  const [clusterRows, regionRows, callRows] = await Promise.all([
    deps.db.select().from(clusters).where(isNull(clusters.retiredAt)).orderBy(asc(clusters.id)),
    deps.db.select().from(regions).orderBy(asc(regions.id)),
    deps.db.select().from(fundCalls).orderBy(asc(fundCalls.id)),
  ]);
  const cluster = clusterRows.find((c) => c.code === input.cluster) ?? null;
  const region = regionRows.find((r) => r.code === input.region) ?? null;
  const scope = regionRows.filter((r) =>
    region ? r.id === region.id : cluster ? r.clusterId === cluster.id : r.retiredAt === null,
  );
  const inScope = new Set(scope.map((r) => r.id));
  const filtered = region !== null || cluster !== null;

  const calls = callRows.filter(scoresArePublic);
  const funded = (
    await Promise.all(
      calls.map(async (call) =>
        (await loadProposals(deps.db, call)).filter((p) => p.funded).map((p) => ({ ...p, call })),
      ),
    )
  ).flat();
  const ids = funded.map((p) => p.id);
  const [partners, paid, milestones, outcomes] = await Promise.all([
    funded.length
      ? deps.db
          .select()
          .from(projectRegions)
          .where(
            inArray(
              projectRegions.projectId,
              funded.map((p) => p.projectId),
            ),
          )
      : [],
    ids.length ? deps.db.select().from(fundDisbursements).where(inArray(fundDisbursements.submissionId, ids)) : [],
    ids.length ? deps.db.select().from(fundMilestones).where(inArray(fundMilestones.submissionId, ids)) : [],
    outcomesOf(deps.db, ids),
  ]);
  const regionsOf = (projectId: number) =>
    partners.filter((r) => r.projectId === projectId && inScope.has(r.regionId)).map((r) => r.regionId);
  const projects = funded.filter((p) => regionsOf(p.projectId).length > 0);
  const projectOf = new Map(projects.map((p) => [p.id, p]));
  const today = chinaDay(deps.now());
  const name = (id: number) => {
    const r = regionRows.find((x) => x.id === id);
    return { code: r?.code ?? "", nameZh: r?.nameZh ?? "", nameEn: r?.nameEn ?? "" };
  };

  const funderIds = [...(filtered ? [] : [centralFunder]), ...scope.map((r) => r.id)];
  const money = funderIds
    .map((funderId) => ({
      funderId,
      ...(funderId === centralFunder ? { code: "central", nameZh: null, nameEn: null } : name(funderId)),
      plannedYuan: funded.reduce((s, p) => s + (p.parts.find((x) => x.funderId === funderId)?.yuan ?? 0), 0),
      paidYuan: paid.filter((d) => (d.regionId ?? centralFunder) === funderId).reduce((s, d) => s + d.amountYuan, 0),
    }))
    .filter((m) => m.plannedYuan > 0 || m.paidYuan > 0);

  const scopedMilestones = milestones.filter((m) => projectOf.has(m.submissionId));
  const milestonesByRegion = scope
    .map((r) => {
      const counts = Object.fromEntries(timings.map((t) => [t, 0])) as Record<MilestoneTiming, number>;
      for (const m of scopedMilestones)
        if (regionsOf(projectOf.get(m.submissionId)!.projectId).includes(r.id)) counts[milestoneTiming(m, today)]++;
      return { regionId: r.id, ...name(r.id), counts };
    })
    .filter((r) => timings.some((t) => r.counts[t] > 0));

  const scopedOutcomes = outcomes.filter((o) => projectOf.has(o.submissionId));
  return {
    clusters: clusterRows.map((c) => ({ code: c.code, nameZh: c.nameZh, nameEn: c.nameEn })),
    regions: regionRows
      .filter((r) => r.retiredAt === null)
      .map((r) => ({
        code: r.code,
        nameZh: r.nameZh,
        nameEn: r.nameEn,
        cluster: clusterRows.find((c) => c.id === r.clusterId)?.code ?? "",
      })),
    filter: { cluster: cluster?.code ?? null, region: region?.code ?? null },
    money,
    milestones: milestonesByRegion,
    outcomes: {
      totals: outcomeTotals(scopedOutcomes, outcomeTypes),
      ...outcomesByQuarter(scopedOutcomes, outcomeTypes),
    },
    projects: projects.map((p) => ({
      submissionId: p.id,
      projectId: p.projectId,
      title: p.title,
      callId: p.call.id,
      callTitleZh: p.call.titleZh,
      callTitleEn: p.call.titleEn,
      regions: regionsOf(p.projectId).map((id) => name(id)),
    })),
  };
}
