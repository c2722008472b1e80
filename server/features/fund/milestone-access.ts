import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { fundMilestones, fundSubmissions, projectCoauthors, projects } from "@/db/schema";
import { AppError } from "@/server/errors";
import { loadVisibleCall, scoresArePublic, type Viewer } from "./access";

/**
 * A milestone as `viewer` may see it: milestones are shown in an awarded call's public results, so one
 * is visible exactly when that view is; NOT_FOUND otherwise. `canReport` is the rule that lets people
 * complete it: the project's team (proposer, accepted co-proposers) or the fund's managers.
 */
export async function loadVisibleMilestone(db: Db | Tx, viewer: Viewer, milestoneId: number) {
  const notFound = () => new AppError("NOT_FOUND", "No such milestone");
  const [row] = await db
    .select({ milestone: fundMilestones, submission: fundSubmissions })
    .from(fundMilestones)
    .innerJoin(fundSubmissions, eq(fundSubmissions.id, fundMilestones.submissionId))
    .where(eq(fundMilestones.id, milestoneId));
  if (!row) throw notFound();
  const { call, manager } = await loadVisibleCall(db, viewer, row.submission.callId).catch(() => {
    throw notFound();
  });
  if (!scoresArePublic(call) || !row.submission.funded) throw notFound();
  let team = false;
  if (viewer) {
    const [project] = await db
      .select({ proposerId: projects.proposerId })
      .from(projects)
      .where(eq(projects.id, row.submission.projectId));
    const [coauthor] = await db
      .select({ id: projectCoauthors.accountId })
      .from(projectCoauthors)
      .where(
        and(
          eq(projectCoauthors.projectId, row.submission.projectId),
          eq(projectCoauthors.accountId, viewer.id),
          eq(projectCoauthors.status, "accepted"),
        ),
      );
    team = project?.proposerId === viewer.id || coauthor !== undefined;
  }
  return { milestone: row.milestone, callId: call.id, projectId: row.submission.projectId, canReport: team || manager };
}
