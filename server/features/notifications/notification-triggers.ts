import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { projectCoauthors, projects, threads, topics, type Comment, type Project } from "@/db/schema";
import { mentionedIds } from "@/server/domain/mentions";
import { followersOf } from "./follows";
import { displayNameOf, notify, type NotificationDraft } from "./notify";
import type { Emit } from "@/server/infra/transact";

/**
 * The notification side of other use-cases, one function per trigger, each called inside the
 * use-case's transaction so a notice commits with its cause. Kept here so the use-cases gain one line.
 */

/** Where a thread lives: its page and title. */
async function threadPlace(tx: Tx, threadId: number): Promise<{ path: string; title: string }> {
  const [thread] = await tx.select({ ownerKind: threads.ownerKind }).from(threads).where(eq(threads.id, threadId));
  if (thread?.ownerKind === "project") {
    const [project] = await tx
      .select({ id: projects.id, title: projects.title })
      .from(projects)
      .where(eq(projects.threadId, threadId));
    return { path: `/projects/${project?.id ?? 0}`, title: project?.title ?? "" };
  }
  const [topic] = await tx
    .select({ id: topics.id, title: topics.title })
    .from(topics)
    .where(eq(topics.threadId, threadId));
  return { path: `/topics/${topic?.id ?? 0}`, title: topic?.title ?? "" };
}

/** A new comment: its parent's author (reply), the people it mentions, and the thread's followers, each told once. */
export async function notifyNewComment(
  tx: Tx,
  emit: Emit,
  comment: Comment,
  parent: Comment | undefined,
): Promise<void> {
  const place = await threadPlace(tx, comment.threadId);
  const actor = await displayNameOf(tx, comment.authorId);
  const base = {
    actorId: comment.authorId,
    link: `${place.path}#comment-${comment.id}`,
    params: { where: place.title, actor },
  };
  const drafts: NotificationDraft[] = [];
  if (parent) drafts.push({ ...base, recipientId: parent.authorId, kind: "reply" });
  for (const id of mentionedIds(comment.body)) drafts.push({ ...base, recipientId: id, kind: "mention" });
  for (const id of await followersOf(tx, comment.threadId))
    drafts.push({ ...base, recipientId: id, kind: "followed_comment" });
  await notify(tx, emit, drafts);
}

/** A project changed state: its proposer and accepted co-proposers, but not whoever moved it. */
export async function notifyProjectState(
  tx: Tx,
  emit: Emit,
  actorId: number | null,
  project: Pick<Project, "id" | "title" | "proposerId">,
  to: string,
): Promise<void> {
  const coauthors = await tx
    .select({ id: projectCoauthors.accountId })
    .from(projectCoauthors)
    .where(and(eq(projectCoauthors.projectId, project.id), eq(projectCoauthors.status, "accepted")));
  await notify(
    tx,
    emit,
    [project.proposerId, ...coauthors.map((c) => c.id)].map((recipientId) => ({
      recipientId,
      kind: "project_state" as const,
      actorId,
      link: `/projects/${project.id}`,
      params: { where: project.title, status: to },
    })),
  );
}

export async function notifyCoauthorInvited(
  tx: Tx,
  emit: Emit,
  actorId: number,
  project: Pick<Project, "id" | "title">,
  inviteeId: number,
): Promise<void> {
  const actor = await displayNameOf(tx, actorId);
  await notify(tx, emit, [
    {
      recipientId: inviteeId,
      kind: "coauthor_invited",
      actorId,
      link: `/projects/${project.id}`,
      params: { where: project.title, actor },
    },
  ]);
}

export async function notifyCoauthorAnswered(
  tx: Tx,
  emit: Emit,
  actorId: number,
  project: Pick<Project, "id" | "title" | "proposerId">,
  answer: "accepted" | "declined",
): Promise<void> {
  const actor = await displayNameOf(tx, actorId);
  await notify(tx, emit, [
    {
      recipientId: project.proposerId,
      kind: "coauthor_answered",
      actorId,
      link: `/projects/${project.id}`,
      params: { where: project.title, actor, answer },
    },
  ]);
}

/** The person who issued an invitation learns that it was used, and by whom. */
export async function notifyInvitationRedeemed(
  tx: Tx,
  emit: Emit,
  inviterId: number | null,
  newAccount: { id: number; displayName: string },
): Promise<void> {
  if (inviterId === null) return;
  await notify(tx, emit, [
    {
      recipientId: inviterId,
      kind: "invitation_redeemed",
      actorId: newAccount.id,
      link: `/people/${newAccount.id}`,
      params: { actor: newAccount.displayName },
    },
  ]);
}
