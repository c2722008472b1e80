import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { fundSubmissions, projectCoauthors, projects } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import { AppError } from "@/server/errors";
import { loadVisibleCall } from "./access";
import { tracksResults } from "./rules/call-lifecycle";

/** A funded proposal of an awarded call, locked, and whether the actor is on its team. */
export async function fundedSubmission(tx: Tx, actor: SessionUser, submissionId: number) {
  const [submission] = await tx
    .select()
    .from(fundSubmissions)
    .where(eq(fundSubmissions.id, submissionId))
    .for("update");
  if (!submission) throw new AppError("NOT_FOUND", "No such proposal");
  const { call, manager } = await loadVisibleCall(tx, actor, submission.callId);
  if (!submission.funded || !tracksResults(call.status))
    throw new AppError("NOT_FUNDED", "The proposal is not funded in an awarded call");
  const [project] = await tx
    .select({ proposerId: projects.proposerId })
    .from(projects)
    .where(eq(projects.id, submission.projectId));
  const [coauthor] = await tx
    .select({ id: projectCoauthors.accountId })
    .from(projectCoauthors)
    .where(
      and(
        eq(projectCoauthors.projectId, submission.projectId),
        eq(projectCoauthors.accountId, actor.id),
        eq(projectCoauthors.status, "accepted"),
      ),
    );
  const team = project?.proposerId === actor.id || coauthor !== undefined;
  return { submission, call, manager, team };
}

export const teamOrManager = (who: { team: boolean; manager: boolean }) => {
  if (!who.team && !who.manager)
    throw new AppError("RESULTS_FORBIDDEN", "Only the project's team or the fund's managers can report");
};
