import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { regions } from "@/db/schema";
import type { CreateProjectInput } from "@/server/features/projects/contract";
import type { ServiceDeps } from "@/server/infra/deps";
import { callerFor, createTestAccount, type TestAccount } from "./fixtures";

/** A well-formed proposal: Shenzhen leads, Dongguan partners, unless `overrides` say otherwise. */
export function proposalInput(
  regionId: (code: string) => number,
  overrides: Partial<CreateProjectInput> = {},
): CreateProjectInput {
  return {
    title: "Shenzhen–Dongguan chip packaging pilot line",
    summary: "Shenzhen designs, Dongguan packages and tests: one pilot line for advanced packaging.",
    body: "## Plan\nShenzhen R&D teams design the packages; Dongguan manufacturers build and run the line.",
    expectedOutcomes: "A pilot line, 20 patents, 300 trained engineers",
    budgetYuan: 120_000_000,
    durationMonths: 36,
    tags: ["Integrated Circuits"],
    recommendations: [2],
    leadRegionId: regionId("shenzhen"),
    partnerRegionIds: [regionId("dongguan")],
    ...overrides,
  };
}

async function regionCodeOf(db: Db, id: number): Promise<string> {
  const [row] = await db.select({ code: regions.code }).from(regions).where(eq(regions.id, id));
  if (!row) throw new Error(`Region ${id} is not seeded`);
  return row.code;
}

export interface StartedProject {
  id: number;
  threadId: number;
  /** One accepted co-proposer per partner region, in partner order. */
  coauthors: TestAccount[];
}

/**
 * Creates a project as `proposer`, gives every partner region an accepted co-proposer and, unless
 * told `submit: false`, submits it: the usual starting point of a test about a live proposal.
 */
export async function startProject(
  deps: ServiceDeps,
  proposer: TestAccount,
  input: CreateProjectInput,
  options: { submit?: boolean } = {},
): Promise<StartedProject> {
  const asProposer = callerFor(deps, proposer.user);
  const created = await asProposer.projects.create(input);
  const coauthors: TestAccount[] = [];
  for (const regionId of input.partnerRegionIds) {
    const coauthor = await createTestAccount(deps.db, {
      role: "researcher",
      regionCode: await regionCodeOf(deps.db, regionId),
    });
    await asProposer.projects.inviteCoauthor({ projectId: created.id, accountId: coauthor.account.id });
    await callerFor(deps, coauthor.user).projects.respondToInvitation({ projectId: created.id, response: "accept" });
    coauthors.push(coauthor);
  }
  if (options.submit !== false) await asProposer.projects.submit({ projectId: created.id });
  return { id: created.id, threadId: created.threadId, coauthors };
}
