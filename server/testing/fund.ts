import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { accounts } from "@/db/schema";
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

/** The fund's managers in a test: an admin (Beijing) and a chair of the coordination body (Shanghai). */
export async function fundManagers(db: Db) {
  const admin = await createTestAccount(db, { role: "admin", regionCode: "beijing" });
  const chair = await createTestAccount(db, { role: "member", regionCode: "shanghai" });
  await db.update(accounts).set({ chair: true }).where(eq(accounts.id, chair.account.id));
  return { admin, chair };
}

/** A small call with one regional funder, for the checks that need any call at all. */
export const smallCallInput = (
  region: (code: string) => number,
  criteria: Array<{ key: string; nameZh: string; nameEn: string; weight: number }>,
) => ({
  titleZh: "联合基金",
  titleEn: "Joint fund",
  descriptionZh: "说明",
  descriptionEn: "About",
  deadline: new Date(Date.now() + 7 * 86_400_000),
  recommendations: [2],
  centralBp: 2000,
  centralYuan: 100,
  contributions: [{ regionId: region("shenzhen"), yuan: 100 }],
  criteria,
});
