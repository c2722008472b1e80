import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { accounts, ballots, clusters, regions, type Ballot, type Role } from "@/db/schema";
import type { OpenBallotInput } from "@/server/features/ballots/contract";
import { minVotingMs } from "@/server/features/ballots/rules/ballot-governance";
import { participatingRegionIds } from "@/server/features/ballots/plans/benefit-plans";
import type { ServiceDeps } from "@/server/infra/deps";
import type { Tally } from "@/server/features/ballots/rules/ballot-rules";
import { callerFor, createTestAccount, sessionUserOf, type TestAccount } from "./fixtures";
import { proposalInput, startProject } from "./projects";
import { streamKey } from "@/server/domain/stream-access";
import type { LiveEvent } from "@/server/events/contract";
import { applyBallotPageEvent, type LiveBallotPage } from "@/app/lib/live/ballot-view";

/** Regions made for one test, so its electorate holds exactly the members it creates. */
export async function freshRegions(db: Db, count: number): Promise<Array<{ id: number; code: string }>> {
  const [cluster] = await db.select({ id: clusters.id }).from(clusters).limit(1);
  if (!cluster) throw new Error("No cluster is seeded");
  const rows = Array.from({ length: count }, (_, i) => {
    const code = `t${randomBytes(4).toString("hex")}${i}`;
    return { code, clusterId: cluster.id, nameZh: `测试${code}`, nameEn: `Test ${code}` };
  });
  return db.insert(regions).values(rows).returning({ id: regions.id, code: regions.code });
}

/** Many accounts at once, without password hashing: for voters that never sign in over HTTP. */
export async function insertAccounts(
  db: Db,
  regionId: number,
  count: number,
  role: Role = "member",
): Promise<TestAccount[]> {
  if (count === 0) return [];
  const rows = await db
    .insert(accounts)
    .values(
      Array.from({ length: count }, (_, i) => ({
        email: `${role}-${randomBytes(6).toString("hex")}@test.xietong.cn`,
        displayName: `${role} ${i + 1}`,
        organisation: "Test coordination body",
        role,
        regionId,
        passwordHash: "not-a-password",
      })),
    )
    .returning();
  return rows.map((account) => ({ account, password: "", user: sessionUserOf(account) }));
}

export interface BallotProject {
  projectId: number;
  regions: Array<{ id: number; code: string }>;
  proposer: TestAccount;
  coauthors: TestAccount[];
  /** Members by region, in region order; `members[0][0]` chairs the coordination body. */
  members: TestAccount[][];
  planIds: number[];
}

/** Equal costs; benefits tilted towards region `favoured`. */
export function tiltedShares(regionIds: readonly number[], favoured: number) {
  const n = regionIds.length;
  const base = Math.floor(10_000 / n);
  return regionIds.map((regionId, i) => {
    const costBp = base + (i === 0 ? 10_000 - base * n : 0);
    const benefitBp = n === 1 ? 10_000 : i === favoured ? 10_000 - 1_000 * (n - 1) : 1_000;
    return { regionId, costBp, benefitBp };
  });
}

/**
 * A submitted project across fresh regions (the first leads) with `members[i]` coordination-body
 * members in region i, the first of them the chair, and `plans` proposed plans, each favouring
 * another region with benefits (costs stay equal, so simple majority needs no consent).
 */
export async function ballotProject(
  deps: ServiceDeps,
  options: { members: number[]; plans?: number },
): Promise<BallotProject> {
  const made = await freshRegions(deps.db, options.members.length);
  const proposer = await createTestAccount(deps.db, { role: "researcher", regionCode: made[0]!.code });
  const input = proposalInput(() => 0, { leadRegionId: made[0]!.id, partnerRegionIds: made.slice(1).map((r) => r.id) });
  const project = await startProject(deps, proposer, input);
  const members: TestAccount[][] = [];
  for (const [i, n] of options.members.entries()) members.push(await insertAccounts(deps.db, made[i]!.id, n));
  if (members[0]?.[0]) await makeChair(deps.db, members[0][0]);
  const planIds: number[] = [];
  for (let p = 0; p < (options.plans ?? 2); p += 1) {
    const plan = await callerFor(deps, proposer.user).ballots.plans.propose({
      projectId: project.id,
      shares: tiltedShares(
        made.map((r) => r.id),
        p % made.length,
      ),
      rationale: `Plan ${p + 1}`,
    });
    planIds.push(plan.id);
  }
  return { projectId: project.id, regions: made, proposer, coauthors: project.coauthors, members, planIds };
}

/** Makes a member the coordination body's chair, as an admin would (server/features/admin/admin-accounts.ts setChair). */
export async function makeChair<T extends TestAccount>(db: Db, member: T): Promise<T> {
  await db.update(accounts).set({ chair: true }).where(eq(accounts.id, member.account.id));
  return member;
}

/** Settings that meet the governance minimums: half of each region, open for a day and an hour. */
export function ballotSettings(
  projectId: number,
  overrides: Partial<OpenBallotInput> = {},
  now = new Date(),
): OpenBallotInput {
  return {
    projectId,
    closesAt: new Date(now.getTime() + minVotingMs + 3_600_000),
    rule: "regional_consent",
    quorumBp: 5000,
    visibility: "secret",
    showRunningTallies: false,
    ...overrides,
  };
}

/**
 * Puts a submitted project to a vote the only way the platform allows: `actor` (an admin, or a member
 * who is made the chair here) proposes the generated starting plan and opens a ballot on it.
 */
export async function putToVote(
  deps: ServiceDeps,
  actor: TestAccount,
  projectId: number,
  overrides: Partial<OpenBallotInput> = {},
) {
  if (actor.account.role === "member") await makeChair(deps.db, actor);
  // A ballot needs an electorate in every participating region.
  for (const regionId of await participatingRegionIds(deps.db, projectId)) {
    const [member] = await deps.db
      .select({ id: accounts.id })
      .from(accounts)
      .where(and(eq(accounts.regionId, regionId), eq(accounts.role, "member")))
      .limit(1);
    if (!member) await insertAccounts(deps.db, regionId, 1);
  }
  const caller = callerFor(deps, actor.user);
  const starting = await caller.ballots.plans.startingPlan({ projectId });
  await caller.ballots.plans.propose({
    projectId,
    shares: starting.shares,
    rationale: "Benefits in proportion to costs",
  });
  return caller.ballots.open(ballotSettings(projectId, overrides, deps.now()));
}

/** A tally as sorted plain rows without empty cells, so two can be compared with toEqual. */
export const plainTallyRows = (tally: Tally) =>
  [...tally]
    .flatMap(([planId, byRegion]) => [...byRegion].map(([regionId, c]) => ({ planId, regionId, ...c })))
    .filter((r) => r.approve + r.reject + r.abstain > 0)
    .sort((a, b) => a.planId - b.planId || a.regionId - b.regionId);

/**
 * The ballot row as stored, with its raw result and digest: what a test checks the decision against.
 * No procedure answers with it (secret ballots hide parts of it from everyone).
 */
export async function storedBallot(db: Db, ballotId: number): Promise<Ballot> {
  const [row] = await db.select().from(ballots).where(eq(ballots.id, ballotId));
  if (!row) throw new Error(`No ballot ${ballotId}`);
  return row;
}

/**
 * A ballot's page as a reader held it, with every event its stream has published applied, twice over
 * (an event applied again changes nothing); none may ask for a read: each carries what it changes.
 */
export function withBallotEvents<T extends LiveBallotPage>(
  published: readonly LiveEvent[],
  ballotId: number,
  held: T,
): T {
  const stream = streamKey({ kind: "ballot", id: ballotId });
  const events = published.filter((e) => e.stream === stream);
  let page = held;
  for (const event of [...events, ...events]) {
    const applied = applyBallotPageEvent(page, event);
    if (applied.refetch) throw new Error(`${event.type} (seq ${event.seq}) does not carry what it changes`);
    page = applied.view;
  }
  return page;
}
