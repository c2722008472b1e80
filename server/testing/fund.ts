import type { ServiceDeps } from "@/server/infra/deps";
import { callerFor, createTestAccount } from "./fixtures";
import { proposalInput, startProject } from "./projects";

/**
 * A researcher's project (Shenzhen leads, Dongguan partners with an accepted co-proposer) with a
 * benefit-sharing plan that a fund call can take: the usual starting point of a fund test.
 */
export async function projectWithPlan(
  deps: ServiceDeps,
  region: (code: string) => number,
  title: string,
  budgetYuan: number,
  organisation?: string,
) {
  const proposer = await createTestAccount(deps.db, { role: "researcher", regionCode: "shenzhen", organisation });
  const project = await startProject(deps, proposer, proposalInput(region, { title, budgetYuan }));
  const plan = await callerFor(deps, proposer.user).ballots.plans.propose({
    projectId: project.id,
    shares: [
      { regionId: region("shenzhen"), costBp: 6000, benefitBp: 5000 },
      { regionId: region("dongguan"), costBp: 4000, benefitBp: 5000 },
    ],
    rationale: "Shenzhen designs, Dongguan builds",
  });
  return { proposer, project, planId: plan.id };
}
