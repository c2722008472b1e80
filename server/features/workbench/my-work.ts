import { and, asc, desc, eq, isNull, or, sql } from "drizzle-orm";
import { ballotElectorate, ballots, fundCalls, portfolioBallots, projectCoauthors, projects } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import type { ServiceDeps } from "@/server/infra/deps";
import { myInvitations } from "@/server/features/projects";
import { myReports } from "@/server/features/moderation";

/** How many of each kind the workbench lists; the full lists are one link away. */
const shown = 10;

/**
 * "My work" on the workbench: what waits for the signed-in person. Every part is read for `actor`
 * alone: their drafts (as proposer or accepted co-proposer), their open co-proposer invitations,
 * open ballots whose electorate holds them and where they have not voted, and the reports they filed.
 */
export async function myWork(deps: Pick<ServiceDeps, "db">, actor: SessionUser) {
  const coauthor = sql`exists (select 1 from ${projectCoauthors} where ${projectCoauthors.projectId} = ${projects.id} and ${projectCoauthors.accountId} = ${actor.id} and ${projectCoauthors.status} = 'accepted')`;
  const [drafts, invitations, toVote, reports] = await Promise.all([
    deps.db
      .select({
        id: projects.id,
        title: projects.title,
        updatedAt: projects.updatedAt,
        isProposer: sql<boolean>`${projects.proposerId} = ${actor.id}`,
      })
      .from(projects)
      .where(and(eq(projects.status, "draft"), or(eq(projects.proposerId, actor.id), coauthor)))
      .orderBy(desc(projects.updatedAt), desc(projects.id))
      .limit(shown),
    myInvitations(deps, actor),
    deps.db
      .select({
        ballotId: ballots.id,
        round: ballots.round,
        closesAt: ballots.closesAt,
        projectId: projects.id,
        title: projects.title,
        // A portfolio ballot (#19) has no project: it is the fund call's, and its page is the call's.
        callId: fundCalls.id,
        callTitleZh: fundCalls.titleZh,
        callTitleEn: fundCalls.titleEn,
      })
      .from(ballotElectorate)
      .innerJoin(ballots, eq(ballots.id, ballotElectorate.ballotId))
      .leftJoin(projects, eq(projects.id, ballots.projectId))
      .leftJoin(portfolioBallots, eq(portfolioBallots.ballotId, ballots.id))
      .leftJoin(fundCalls, eq(fundCalls.id, portfolioBallots.callId))
      .where(
        and(
          eq(ballotElectorate.accountId, actor.id),
          isNull(ballotElectorate.firstVotedAt),
          eq(ballots.status, "open"),
        ),
      )
      .orderBy(asc(ballots.closesAt), asc(ballots.id))
      .limit(shown),
    myReports(deps, actor),
  ]);
  return {
    drafts: drafts.map((d) => ({ ...d, isProposer: Boolean(d.isProposer) })),
    invitations: invitations.slice(0, shown),
    ballotsToVote: toVote,
    reports: reports.slice(0, shown),
    openReports: reports.filter((r) => r.status === "open").length,
  };
}
export type MyWork = Awaited<ReturnType<typeof myWork>>;
