import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Tx } from "@/db/client";
import { allianceMembers, allianceProjects, organisations, projects, type Alliance } from "@/db/schema";
import { streamKey } from "@/server/domain/stream-access";
import { AppError } from "@/server/errors";
import { notify } from "@/server/features/notifications";
import { organisationOf, peopleOf } from "@/server/features/organisations";
import { recordAudit } from "@/server/infra/audit";
import type { SessionUser } from "@/server/infra/auth/session";
import type { ServiceDeps } from "@/server/infra/deps";
import { transact, type Emit } from "@/server/infra/transact";
import type { answerInvitationInput, inviteOrganisationInput } from "./contract";
import { actsForMember, liveState, loadAlliance } from "./read-alliances";

type Deps = Pick<ServiceDeps, "db" | "publisher" | "now">;

const allianceName = (a: Pick<Alliance, "nameZh" | "nameEn">) => `${a.nameZh} / ${a.nameEn}`;

async function announce(tx: Tx, emit: Emit, allianceId: number) {
  await emit(streamKey({ kind: "alliance", id: allianceId }), "alliance:changed", await liveState(tx, allianceId));
}

/**
 * A member invites an organisation in a chain role. Everyone acting for the invited organisation is
 * told; any of them (or an admin) answers. A declined organisation may be invited again.
 */
export async function inviteOrganisation(
  deps: Deps,
  user: SessionUser,
  input: z.output<typeof inviteOrganisationInput>,
) {
  return transact(deps, async (tx, emit) => {
    const alliance = await loadAlliance(tx, input.allianceId);
    if (!(await actsForMember(tx, user, alliance.id)))
      throw new AppError("ALLIANCE_FORBIDDEN", "Only the alliance's members can invite organisations");
    const [org] = await tx.select().from(organisations).where(eq(organisations.id, input.organisationId));
    if (!org) throw new AppError("NOT_FOUND", "That organisation does not exist");
    const [existing] = await tx
      .select()
      .from(allianceMembers)
      .where(and(eq(allianceMembers.allianceId, alliance.id), eq(allianceMembers.organisationId, org.id)))
      .for("update");
    if (existing && existing.status !== "declined")
      throw new AppError("ALLIANCE_MEMBER_EXISTS", "That organisation is already a member or invited");
    const values = {
      chainRole: input.chainRole,
      contribution: input.contribution,
      status: "invited" as const,
      invitedById: user.id,
      answeredById: null,
      answeredAt: null,
    };
    const [member] = existing
      ? await tx.update(allianceMembers).set(values).where(eq(allianceMembers.id, existing.id)).returning()
      : await tx
          .insert(allianceMembers)
          .values({ ...values, allianceId: alliance.id, organisationId: org.id })
          // Two invitations at once: the unique index decides, the loser hears it plainly.
          .onConflictDoNothing()
          .returning();
    if (!member) throw new AppError("ALLIANCE_MEMBER_EXISTS", "That organisation is already a member or invited");
    await recordAudit(tx, {
      actorId: user.id,
      action: "alliance.invite",
      targetType: "alliance",
      targetId: alliance.id,
      after: { organisationId: org.id, chainRole: input.chainRole },
    });
    const people = await peopleOf(tx, org.id);
    await notify(
      tx,
      emit,
      people.map((recipientId) => ({
        recipientId,
        kind: "alliance_invited" as const,
        actorId: user.id,
        link: `/alliances/${alliance.id}#invitations`,
        params: { where: allianceName(alliance), actor: user.displayName },
      })),
    );
    await announce(tx, emit, alliance.id);
    return member;
  });
}

/** Someone acting for the invited organisation (or an admin) accepts or declines, once. */
export async function answerInvitation(deps: Deps, user: SessionUser, input: z.output<typeof answerInvitationInput>) {
  return transact(deps, async (tx, emit) => {
    const [member] = await tx
      .select()
      .from(allianceMembers)
      .where(eq(allianceMembers.id, input.memberId))
      .for("update");
    if (!member) throw new AppError("NOT_FOUND", "That invitation does not exist");
    const mine = (await organisationOf(tx, user.id)) === member.organisationId;
    if (!mine && user.role !== "admin")
      throw new AppError("ALLIANCE_FORBIDDEN", "Only the invited organisation's people can answer its invitation");
    if (member.status !== "invited")
      throw new AppError("ALLIANCE_INVITATION_ANSWERED", "That invitation has already been answered");
    const status = input.accept ? ("accepted" as const) : ("declined" as const);
    const [updated] = await tx
      .update(allianceMembers)
      .set({
        status,
        answeredById: user.id,
        answeredAt: deps.now(),
        contribution: input.accept && input.contribution ? input.contribution : member.contribution,
      })
      .where(eq(allianceMembers.id, member.id))
      .returning();
    const alliance = await loadAlliance(tx, member.allianceId);
    await recordAudit(tx, {
      actorId: user.id,
      action: input.accept ? "alliance.accept" : "alliance.decline",
      targetType: "alliance",
      targetId: alliance.id,
      before: { status: member.status },
      after: { organisationId: member.organisationId, status },
    });
    await notify(tx, emit, [
      {
        recipientId: member.invitedById,
        kind: "alliance_answered",
        actorId: user.id,
        link: `/alliances/${alliance.id}`,
        params: { where: allianceName(alliance), actor: user.displayName, status },
      },
    ]);
    await announce(tx, emit, alliance.id);
    return updated!;
  });
}

/** A project's proposer, acting for a member, names the alliance as the project's home. */
export async function homeProject(deps: Deps, user: SessionUser, input: { allianceId: number; projectId: number }) {
  return transact(deps, async (tx, emit) => {
    const alliance = await loadAlliance(tx, input.allianceId);
    if (!(await actsForMember(tx, user, alliance.id)))
      throw new AppError("ALLIANCE_FORBIDDEN", "Only the alliance's members can home projects in it");
    const [project] = await tx.select().from(projects).where(eq(projects.id, input.projectId));
    if (!project || (project.proposerId !== user.id && user.role !== "admin"))
      throw new AppError("PROJECT_FORBIDDEN", "Only the project's proposer can choose its alliance");
    const [linked] = await tx
      .insert(allianceProjects)
      .values({ projectId: project.id, allianceId: alliance.id, linkedById: user.id })
      .onConflictDoNothing()
      .returning();
    if (!linked) throw new AppError("ALLIANCE_PROJECT_HOMED", "That project already names an alliance");
    await recordAudit(tx, {
      actorId: user.id,
      action: "alliance.home_project",
      targetType: "alliance",
      targetId: alliance.id,
      after: { projectId: project.id },
    });
    await announce(tx, emit, alliance.id);
    return linked;
  });
}
