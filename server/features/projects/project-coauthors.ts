import { and, asc, desc, eq, ilike, inArray, notInArray, or, sql } from "drizzle-orm";
import type { z } from "zod";
import { accounts, projectCoauthors, projects, regions } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import type { coauthorCandidatesInput, inviteCoauthorInput, respondToInvitationInput } from "./contract";
import { isEditable } from "./rules/project-lifecycle";
import { containsPattern } from "./rules/project-search";
import { AppError } from "@/server/errors";
import { authorColumns } from "@/server/features/accounts";
import { notSuspendedAt } from "@/server/infra/auth/suspension";
import type { ServiceDeps } from "@/server/infra/deps";
import {
  loadProject,
  loadVisibleProject,
  partnerRegionIds,
  regionLabel,
  regionSummaries,
  regionSummaryColumns,
  summariesOf,
} from "@/server/features/access";
import { followThread } from "@/server/features/notifications";
import { notifyCoauthorAnswered, notifyCoauthorInvited } from "@/server/features/notifications";
import { transact } from "@/server/infra/transact";
import { streamKey } from "@/server/domain/stream-access";

/** Who may co-propose: the roles that may propose. Moderators keep order and stay out of proposals. */
const coproposerRoles = ["researcher", "member", "admin"] as const;

/**
 * The proposer invites someone from a partner region to co-propose. An invitation that was declined
 * may be sent again; one that is open or accepted may not.
 */
export async function inviteCoauthor(
  deps: ServiceDeps,
  actor: SessionUser,
  input: z.output<typeof inviteCoauthorInput>,
) {
  return transact(deps, async (tx, emit) => {
    const { project, relation } = await loadVisibleProject(tx, actor, input.projectId, { forUpdate: true });
    if (!relation.isProposer) throw new AppError("PROJECT_FORBIDDEN", "Only the proposer can invite co-proposers");
    if (!isEditable(project.status)) {
      throw new AppError(
        "PROJECT_NOT_EDITABLE",
        `Co-proposers can be invited only while the project is a draft or submitted; it is ${project.status}`,
      );
    }
    const [invitee] = await tx.select().from(accounts).where(eq(accounts.id, input.accountId));
    if (!invitee) throw new AppError("ACCOUNT_NOT_FOUND", "That account does not exist");
    if (invitee.id === project.proposerId)
      throw new AppError(
        "COAUTHOR_NOT_ELIGIBLE",
        "You are the proposer; invite colleagues from the partner regions instead",
      );
    if (!(coproposerRoles as readonly string[]).includes(invitee.role)) {
      throw new AppError(
        "COAUTHOR_NOT_ELIGIBLE",
        `${invitee.displayName} is a moderator; only researchers, members and admins can co-propose projects`,
      );
    }
    const partners = await partnerRegionIds(tx, project.id);
    if (!partners.includes(invitee.regionId)) {
      const byId = await regionSummaries(tx, [invitee.regionId, ...partners]);
      const [home] = summariesOf([invitee.regionId], byId);
      throw new AppError(
        "COAUTHOR_NOT_ELIGIBLE",
        `${invitee.displayName} is from ${regionLabel(home!)}, which is not a partner region of this project; co-proposers come from ${summariesOf(partners, byId).map(regionLabel).join(", ")}`,
      );
    }
    const [existing] = await tx
      .select({ status: projectCoauthors.status })
      .from(projectCoauthors)
      .where(and(eq(projectCoauthors.projectId, project.id), eq(projectCoauthors.accountId, invitee.id)));
    if (existing?.status === "invited")
      throw new AppError(
        "COAUTHOR_ALREADY_INVITED",
        `${invitee.displayName} has already been invited and has not answered yet`,
      );
    if (existing?.status === "accepted")
      throw new AppError("COAUTHOR_ALREADY_INVITED", `${invitee.displayName} is already a co-proposer of this project`);

    const now = deps.now();
    const values = {
      regionId: invitee.regionId,
      status: "invited" as const,
      invitedById: actor.id,
      invitedAt: now,
      respondedAt: null,
    };
    await tx
      .insert(projectCoauthors)
      .values({ projectId: project.id, accountId: invitee.id, ...values })
      .onConflictDoUpdate({ target: [projectCoauthors.projectId, projectCoauthors.accountId], set: values });
    await emit(streamKey({ kind: "project", id: project.id }), "coauthor:invited", {
      projectId: project.id,
      accountId: invitee.id,
      regionId: invitee.regionId,
    });
    // The invitee may not have the project open; their own stream tells them there is something to answer.
    await emit(streamKey({ kind: "user", id: invitee.id }), "coauthor:invited", { projectId: project.id });
    await notifyCoauthorInvited(tx, emit, actor.id, project, invitee.id);
    return { projectId: project.id, accountId: invitee.id, regionId: invitee.regionId, status: "invited" as const };
  });
}

/** The invitee, and only the invitee, accepts or declines. */
export async function respondToInvitation(
  deps: ServiceDeps,
  actor: SessionUser,
  input: z.output<typeof respondToInvitationInput>,
) {
  return transact(deps, async (tx, emit) => {
    // The invitee's own invitation answers even when it no longer shows them the project (declined,
    // or their region dropped from the draft): they learn only what they already know.
    const project = await loadProject(tx, input.projectId, { forUpdate: true });
    const [invitation] = await tx
      .select({ status: projectCoauthors.status, regionId: projectCoauthors.regionId })
      .from(projectCoauthors)
      .where(and(eq(projectCoauthors.projectId, project.id), eq(projectCoauthors.accountId, actor.id)));
    if (!invitation) {
      await loadVisibleProject(tx, actor, project.id);
      throw new AppError("COAUTHOR_INVITATION_NOT_FOUND", "You have not been invited to co-propose this project");
    }
    if (invitation.status !== "invited") {
      throw new AppError("COAUTHOR_INVITATION_ANSWERED", `You have already ${invitation.status} this invitation`);
    }
    if (!isEditable(project.status)) {
      throw new AppError(
        "PROJECT_NOT_EDITABLE",
        `This project is ${project.status}; its invitations can no longer be answered`,
      );
    }
    const status = input.response === "accept" ? ("accepted" as const) : ("declined" as const);
    // The proposer may have dropped the region from a draft since inviting.
    if (status === "accepted" && !(await partnerRegionIds(tx, project.id)).includes(invitation.regionId)) {
      throw new AppError(
        "COAUTHOR_NOT_ELIGIBLE",
        "Your region is no longer a partner region of this project, so you cannot co-propose it",
      );
    }
    await tx
      .update(projectCoauthors)
      .set({ status, respondedAt: deps.now() })
      .where(and(eq(projectCoauthors.projectId, project.id), eq(projectCoauthors.accountId, actor.id)));
    await emit(streamKey({ kind: "project", id: project.id }), "coauthor:responded", {
      projectId: project.id,
      accountId: actor.id,
      status,
    });
    await emit(streamKey({ kind: "user", id: project.proposerId }), "coauthor:responded", {
      projectId: project.id,
      accountId: actor.id,
      status,
    });
    if (status === "accepted") await followThread(tx, actor.id, project.threadId);
    await notifyCoauthorAnswered(tx, emit, actor.id, project, status);
    return { projectId: project.id, accountId: actor.id, status };
  });
}

/** People the proposer could invite: from a partner region, of a proposing role, not yet on board. */
export async function coauthorCandidates(
  deps: ServiceDeps,
  actor: SessionUser,
  input: z.output<typeof coauthorCandidatesInput>,
) {
  const { project, relation } = await loadVisibleProject(deps.db, actor, input.projectId);
  if (!relation.isProposer) throw new AppError("PROJECT_FORBIDDEN", "Only the proposer can invite co-proposers");
  const partners = await partnerRegionIds(deps.db, project.id);
  if (partners.length === 0) return [];
  const taken = deps.db
    .select({ id: projectCoauthors.accountId })
    .from(projectCoauthors)
    .where(and(eq(projectCoauthors.projectId, project.id), inArray(projectCoauthors.status, ["invited", "accepted"])));
  const pattern = containsPattern(input.q);
  return deps.db
    .select({ ...authorColumns, region: regionSummaryColumns })
    .from(accounts)
    .innerJoin(regions, eq(regions.id, accounts.regionId))
    .where(
      and(
        inArray(accounts.regionId, partners),
        inArray(accounts.role, [...coproposerRoles]),
        sql`${accounts.id} <> ${project.proposerId}`,
        notInArray(accounts.id, taken),
        notSuspendedAt(deps.now()),
        input.q ? or(ilike(accounts.displayName, pattern), ilike(accounts.organisation, pattern)) : undefined,
      ),
    )
    .orderBy(asc(accounts.displayName), asc(accounts.id))
    .limit(20);
}

/** The caller's open invitations to co-propose, newest first, for "what needs me". */
export async function myInvitations(deps: Pick<ServiceDeps, "db">, actor: SessionUser) {
  return deps.db
    .select({
      projectId: projects.id,
      title: projects.title,
      status: projects.status,
      invitedAt: projectCoauthors.invitedAt,
      proposer: authorColumns,
    })
    .from(projectCoauthors)
    .innerJoin(projects, eq(projects.id, projectCoauthors.projectId))
    .innerJoin(accounts, eq(accounts.id, projects.proposerId))
    .where(
      and(
        eq(projectCoauthors.accountId, actor.id),
        eq(projectCoauthors.status, "invited"),
        inArray(projects.status, ["draft", "submitted"]),
      ),
    )
    .orderBy(desc(projectCoauthors.invitedAt), desc(projects.id));
}

/**
 * Regions with at least one person the caller could invite to co-propose (a proposing role, not
 * suspended, not the caller). A partner region outside this list can never reach submission, so
 * the project form says so before the draft is made.
 */
export async function regionsWithCoproposers(
  deps: Pick<ServiceDeps, "db" | "now">,
  actor: SessionUser,
): Promise<number[]> {
  const rows = await deps.db
    .selectDistinct({ regionId: accounts.regionId })
    .from(accounts)
    .where(
      and(inArray(accounts.role, [...coproposerRoles]), sql`${accounts.id} <> ${actor.id}`, notSuspendedAt(deps.now())),
    )
    .orderBy(asc(accounts.regionId));
  return rows.map((r) => r.regionId);
}
