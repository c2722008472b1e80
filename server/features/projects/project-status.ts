import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { projectCoauthors, projects, type Project } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import { transition, type LifecycleActor, type ProjectAction } from "./rules/project-lifecycle";
import { missingPartnerRegions } from "./rules/project-rules";
import { isSubmittedProject } from "@/server/domain/visibility";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/infra/audit";
import type { ServiceDeps } from "@/server/infra/deps";
import {
  lifecycleActorOf,
  loadProject,
  loadVisibleProject,
  partnerRegionIds,
  regionLabel,
  regionSummaries,
  summariesOf,
} from "@/server/features/access";
import { notifyProjectState } from "@/server/features/notifications";
import { transact, type Emit } from "@/server/infra/transact";
import { streamKey } from "@/server/domain/stream-access";

/** The platform acting on its own, e.g. when a ballot closes. */
export const systemActor = "system" as const;
type Actor = SessionUser | typeof systemActor;

/** Transitions that are acts of administration, and so leave an audit entry. */
const audited: Partial<Record<ProjectAction, string>> = {
  openVoting: "project.open-voting",
  archive: "project.archive",
};

async function ensureCoproposers(tx: Tx, project: Project): Promise<void> {
  const partners = await partnerRegionIds(tx, project.id);
  const coauthors = await tx
    .select({ regionId: projectCoauthors.regionId, status: projectCoauthors.status })
    .from(projectCoauthors)
    .where(eq(projectCoauthors.projectId, project.id));
  const missing = missingPartnerRegions(partners, coauthors);
  if (missing.length === 0) return;
  const names = summariesOf(missing, await regionSummaries(tx, missing)).map(regionLabel);
  throw new AppError(
    "COAUTHORS_MISSING",
    `Every partner region needs an accepted co-proposer before the project can be submitted; still missing: ${names.join(", ")}`,
  );
}

/**
 * Moves a project through its lifecycle. Who may do what lives in the pure state machine; this adds
 * what needs the database: visibility, the co-proposer rule on submission, the audit entry and the
 * live notices, all in one transaction.
 */
export async function changeProjectStatus(deps: ServiceDeps, actor: Actor, projectId: number, action: ProjectAction) {
  return transact(deps, (tx, emit) => applyProjectTransition(tx, emit, deps.now(), actor, projectId, action));
}

/**
 * The transition inside a caller's transaction, for use-cases that move a project as part of a larger
 * change (opening or closing its ballot), so both commit or neither does.
 */
export async function applyProjectTransition(
  tx: Tx,
  emit: Emit,
  now: Date,
  actor: Actor,
  projectId: number,
  action: ProjectAction,
) {
  {
    let project: Project;
    let lifecycleActor: LifecycleActor;
    if (actor === systemActor) {
      project = await loadProject(tx, projectId, { forUpdate: true });
      lifecycleActor = { role: "system", isProposer: false, isCoauthor: false };
    } else {
      const loaded = await loadVisibleProject(tx, actor, projectId, { forUpdate: true });
      project = loaded.project;
      lifecycleActor = lifecycleActorOf(actor, loaded.relation);
    }
    const result = transition(project.status, action, lifecycleActor);
    if (!result.ok) throw new AppError(result.reason, result.message);
    if (action === "submit") await ensureCoproposers(tx, project);

    const [updated] = await tx
      .update(projects)
      .set({
        status: result.next,
        statusChangedAt: now,
        updatedAt: now,
        ...(action === "submit" ? { submittedAt: now } : {}),
      })
      .where(eq(projects.id, project.id))
      .returning({ status: projects.status, statusChangedAt: projects.statusChangedAt });
    const auditAction = audited[action];
    if (auditAction && actor !== systemActor) {
      await recordAudit(tx, {
        actorId: actor.id,
        action: auditAction,
        targetType: "project",
        targetId: project.id,
        before: { status: project.status },
        after: { status: result.next },
      });
    }
    // With the change's time, so open pages apply it without a read (public once submitted, like the status).
    const notice = {
      projectId: project.id,
      from: project.status,
      to: result.next,
      at: now.toISOString(),
      submittedAt: (action === "submit" ? now : project.submittedAt)?.toISOString() ?? null,
    };
    // The public list hears only of projects it may show: a draft withdrawn unsubmitted stays private.
    const after = {
      status: result.next,
      submittedAt: action === "submit" ? now : project.submittedAt,
      hiddenAt: project.hiddenAt,
    };
    if (isSubmittedProject(after)) await emit(streamKey({ kind: "projects" }), "project:status-changed", notice);
    // The project's page derives what else the status changes (comments open, who may edit) from the rules.
    await emit(streamKey({ kind: "project", id: project.id }), "project:status-changed", notice);
    await notifyProjectState(tx, emit, actor === systemActor ? null : actor.id, project, result.next);
    return { id: project.id, status: updated?.status ?? result.next, statusChangedAt: updated?.statusChangedAt ?? now };
  }
}

export const submitProject = (deps: ServiceDeps, actor: SessionUser, projectId: number) =>
  changeProjectStatus(deps, actor, projectId, "submit");
export const withdrawProject = (deps: ServiceDeps, actor: SessionUser, projectId: number) =>
  changeProjectStatus(deps, actor, projectId, "withdraw");
export const archiveProject = (deps: ServiceDeps, actor: SessionUser, projectId: number) =>
  changeProjectStatus(deps, actor, projectId, "archive");

/** The close of a ballot decides approved or rejected (server/features/ballots/close-ballot.ts does it in its own transaction). */
export const decideProject = (deps: ServiceDeps, projectId: number, outcome: "approve" | "reject") =>
  changeProjectStatus(deps, systemActor, projectId, outcome);
