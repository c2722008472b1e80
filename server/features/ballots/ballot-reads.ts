import { asc, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import {
  accounts,
  ballotRegions,
  ballots,
  ballotTallySlots,
  benefitPlans,
  fundRevisions,
  votes,
  type Ballot,
} from "@/db/schema";
import { queryRows } from "@/db/sql";
import type { EventMap } from "@/server/events/contract";
import type {
  ClosedBallotState,
  DecidedRevisionState,
  PortfolioCallState,
  PublicDecision,
  PublishedBallotRow,
  RollCallVote,
} from "./events";
import { type CastVote, type Count, type RegionElectorate, type Tally } from "./rules/ballot-rules";
import { publicPlanOutcomes, publicTallyRows } from "./rules/ballot-secrecy";
import type { PortfolioBallotOutcome } from "@/shared/fund-vocabulary";
import { AppError } from "@/server/errors";

/** The ballot, optionally locked: `key share` by votes (many at once), `update` by the close's count (alone). */
export async function loadBallot(db: Db | Tx, ballotId: number, lock?: "key share" | "update"): Promise<Ballot> {
  const query = db.select().from(ballots).where(eq(ballots.id, ballotId));
  const [ballot] = lock ? await query.for(lock) : await query;
  if (!ballot) throw new AppError("NOT_FOUND", "That ballot does not exist");
  return ballot;
}

/**
 * The ballot and whether it is a funded project's revision (revision-ballot.ts), in one read: only a
 * revision's page reads the revision's project, so the others need not ask for it.
 */
export async function loadBallotAndKind(db: Db | Tx, ballotId: number): Promise<{ ballot: Ballot; revision: boolean }> {
  const [row] = await db
    .select({ ballot: ballots, revisionOf: fundRevisions.ballotId })
    .from(ballots)
    .leftJoin(fundRevisions, eq(fundRevisions.ballotId, ballots.id))
    .where(eq(ballots.id, ballotId));
  if (!row) throw new AppError("NOT_FOUND", "That ballot does not exist");
  return { ballot: row.ballot, revision: row.revisionOf !== null };
}

export async function ballotRegionRows(db: Db | Tx, ballotId: number): Promise<RegionElectorate[]> {
  return db
    .select({ regionId: ballotRegions.regionId, electorate: ballotRegions.electorate, quorum: ballotRegions.quorum })
    .from(ballotRegions)
    .where(eq(ballotRegions.ballotId, ballotId))
    .orderBy(asc(ballotRegions.regionId));
}

/** The plans on the ballot, earliest first (the last tie-break). */
export async function ballotPlanIds(db: Db | Tx, ballotId: number): Promise<number[]> {
  const rows = await db
    .select({ id: benefitPlans.id })
    .from(benefitPlans)
    .where(eq(benefitPlans.ballotId, ballotId))
    .orderBy(asc(benefitPlans.id));
  return rows.map((r) => r.id);
}

/** The live counters: the slots of each (plan, region) summed. */
export async function slotTally(db: Db | Tx, ballotId: number): Promise<Tally> {
  const rows = await db
    .select({
      planId: ballotTallySlots.planId,
      regionId: ballotTallySlots.regionId,
      approve: sql<number>`sum(${ballotTallySlots.approve})::int`,
      reject: sql<number>`sum(${ballotTallySlots.reject})::int`,
      abstain: sql<number>`sum(${ballotTallySlots.abstain})::int`,
    })
    .from(ballotTallySlots)
    .where(eq(ballotTallySlots.ballotId, ballotId))
    .groupBy(ballotTallySlots.planId, ballotTallySlots.regionId);
  const tally: Tally = new Map();
  for (const row of rows) {
    const byRegion = tally.get(row.planId) ?? new Map<number, Count>();
    byRegion.set(row.regionId, {
      approve: Number(row.approve),
      reject: Number(row.reject),
      abstain: Number(row.abstain),
    });
    tally.set(row.planId, byRegion);
  }
  return tally;
}

/** Every vote row: what the close recounts and digests. */
export async function voteRows(db: Db | Tx, ballotId: number): Promise<Array<CastVote & { receipt: string }>> {
  return db
    .select({
      planId: votes.planId,
      voterId: votes.voterId,
      regionId: votes.regionId,
      choice: votes.choice,
      receipt: votes.receipt,
    })
    .from(votes)
    .where(eq(votes.ballotId, ballotId))
    .orderBy(asc(votes.planId), asc(votes.voterId));
}

/**
 * The live counts of a ballot, turnout always and tallies when asked, from `ballot_counts` (migration
 * 0016): the same function writes the `vote:counted` notices, so what a page reads and what it is
 * then told are counted one way.
 */
export async function ballotCounts(
  db: Db | Tx,
  ballotId: number,
  withTallies: boolean,
): Promise<EventMap["vote:counted"]> {
  const [row] = await queryRows<{ counts: EventMap["vote:counted"] | null }>(
    db,
    sql`select ballot_counts(${ballotId}, ${withTallies}) as counts`,
  );
  if (!row?.counts) throw new AppError("NOT_FOUND", "That ballot does not exist");
  return row.counts;
}

export function closedMessage(at: Date): string {
  return `Voting closed at ${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/**
 * Running tallies are shown while open only if the ballot says so and it is a roll-call: a secret
 * ballot's moving tallies would show each vote's region and choice as it comes in. After the close,
 * always (a secret ballot's small cells hidden, ballot-secrecy.ts).
 */
export const talliesVisible = (ballot: Pick<Ballot, "status" | "showRunningTallies" | "visibility">) =>
  ballot.status === "closed" || (ballot.showRunningTallies && ballot.visibility === "roll_call");

/** A ballot's settings and state, as every read of it shows them. */
export function settingsOf(ballot: Ballot) {
  return {
    id: ballot.id,
    projectId: ballot.projectId,
    round: ballot.round,
    rule: ballot.rule,
    quorumBp: ballot.quorumBp,
    visibility: ballot.visibility,
    showRunningTallies: ballot.showRunningTallies,
    status: ballot.status,
    openedById: ballot.openedById,
    openedAt: ballot.openedAt,
    closesAt: ballot.closesAt,
    closedAt: ballot.closedAt,
  };
}

/** A row of a project's ballots (`ballots.forProject`): the settings and, once closed, the outcome. */
export function projectBallotRow(ballot: Ballot) {
  return {
    ...settingsOf(ballot),
    outcome: ballot.result?.outcome ?? null,
    winnerPlanId: ballot.result?.winnerPlanId ?? null,
  };
}

/** The same row as the project's stream carries it (dates as ISO strings). */
export function publishedBallotRow(ballot: Ballot): PublishedBallotRow {
  const row = projectBallotRow(ballot);
  return {
    ...row,
    openedAt: row.openedAt.toISOString(),
    closesAt: row.closesAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
  };
}

/** Who voted what, for roll-call ballots only: a secret ballot never reveals it. */
export async function rollCall(db: Db | Tx, ballotId: number): Promise<Array<RollCallVote<Date>>> {
  return db
    .select({
      planId: votes.planId,
      voterId: votes.voterId,
      voterName: accounts.displayName,
      regionId: votes.regionId,
      choice: votes.choice,
      updatedAt: votes.updatedAt,
    })
    .from(votes)
    .innerJoin(accounts, eq(accounts.id, votes.voterId))
    .where(eq(votes.ballotId, ballotId))
    .orderBy(asc(votes.planId), asc(votes.voterId));
}

/** The stored decision as it may be published: a secret ballot's small cells hidden. Every read of a result goes through it. */
export function publicDecision(ballot: Pick<Ballot, "result" | "visibility">): PublicDecision | null {
  if (!ballot.result) return null;
  return { ...ballot.result, plans: publicPlanOutcomes(ballot.result.plans, ballot.visibility === "secret") };
}

/**
 * What the ballot page shows of a closed ballot, as the close's event carries it: read in the close's
 * transaction, so it is the committed state, by the same functions `ballots.get` reads it with.
 */
export async function closedBallotState(
  tx: Tx,
  closed: Ballot,
  portfolio: { outcome: PortfolioBallotOutcome; call: PortfolioCallState<Date> } | null,
  revision: DecidedRevisionState<Date> | null,
): Promise<ClosedBallotState> {
  const counts = await ballotCounts(tx, closed.id, true);
  return {
    closedAt: closed.closedAt!.toISOString(),
    turnout: counts.turnout,
    tallies: publicTallyRows(counts.tallies ?? [], closed.visibility === "secret"),
    votes:
      closed.visibility === "roll_call"
        ? (await rollCall(tx, closed.id)).map((v) => ({ ...v, updatedAt: v.updatedAt.toISOString() }))
        : null,
    result: publicDecision(closed)!,
    portfolioOutcome: portfolio?.outcome ?? null,
    call: portfolio
      ? {
          ...portfolio.call,
          portfolio: portfolio.call.portfolio && {
            ...portfolio.call.portfolio,
            decidedAt: portfolio.call.portfolio.decidedAt?.toISOString() ?? null,
          },
        }
      : null,
    revision: revision && { ...revision, decidedAt: revision.decidedAt.toISOString() },
  };
}
