import { and, asc, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import {
  accounts,
  ballotElectorate,
  ballots,
  fundCalls,
  portfolioBallots,
  projects,
  votes,
  type Ballot,
} from "@/db/schema";
import { reminderSchedule } from "@/server/domain/notification-delivery";
import type { NotificationKind } from "@/shared/notification-kinds";
import { ballotPlanIds } from "./ballot-reads";
import { notify } from "@/server/features/notifications";
import type { JobHandler } from "@/server/infra/jobs/scheduled-jobs";
import { scheduleJob } from "@/server/infra/jobs/scheduled-jobs";
import type { Emit } from "@/server/infra/transact";

export const ballotReminderJobKind = "ballot_reminder";

/** Called where a ballot opens: its closing reminders are rows in `scheduled_jobs`, not timers. */
export async function scheduleBallotReminders(
  tx: Tx,
  ballot: Pick<Ballot, "id" | "openedAt" | "closesAt">,
): Promise<void> {
  for (const reminder of reminderSchedule(ballot.openedAt, ballot.closesAt)) {
    await scheduleJob(tx, {
      kind: ballotReminderJobKind,
      key: `${ballot.id}:${reminder.kind}`,
      dueAt: reminder.dueAt,
      payload: { ballotId: ballot.id, kind: reminder.kind },
    });
  }
}

/**
 * What a ballot's notices name and link to: its project, or for a portfolio ballot its fund call (in
 * the recipient's language).
 */
async function ballotSubject(tx: Tx, ballot: Pick<Ballot, "id" | "projectId">) {
  if (ballot.projectId !== null) {
    const [project] = await tx
      .select({ title: projects.title })
      .from(projects)
      .where(eq(projects.id, ballot.projectId));
    return { link: `/projects/${ballot.projectId}`, where: () => project?.title ?? "" };
  }
  const [call] = await tx
    .select({ id: fundCalls.id, titleZh: fundCalls.titleZh, titleEn: fundCalls.titleEn })
    .from(portfolioBallots)
    .innerJoin(fundCalls, eq(fundCalls.id, portfolioBallots.callId))
    .where(eq(portfolioBallots.ballotId, ballot.id));
  return {
    link: `/fund/${call?.id ?? ""}`,
    where: (locale: string) => (locale === "en" ? call?.titleEn : call?.titleZh) ?? "",
  };
}

/** Everyone in a ballot's electorate, for the ballot-opened notice. */
export async function notifyBallotOpened(
  tx: Tx,
  emit: Emit,
  ballot: Pick<Ballot, "id" | "projectId" | "closesAt" | "openedById">,
): Promise<void> {
  const subject = await ballotSubject(tx, ballot);
  const voters = await tx
    .select({ id: ballotElectorate.accountId, locale: accounts.locale })
    .from(ballotElectorate)
    .innerJoin(accounts, eq(accounts.id, ballotElectorate.accountId))
    .where(eq(ballotElectorate.ballotId, ballot.id));
  await notify(
    tx,
    emit,
    voters.map((v) => ({
      recipientId: v.id,
      kind: "ballot_opened" as const,
      actorId: ballot.openedById,
      link: subject.link,
      params: { where: subject.where(v.locale), closesAt: ballot.closesAt.toISOString() },
      dedupeKey: `ballot:${ballot.id}:opened`,
    })),
  );
}

/** A closing reminder, to those who may vote and have not marked every plan yet; nothing once the ballot closed. */
const ballotReminder: JobHandler = async (tx, emit, job) => {
  const ballotId = Number(job.payload.ballotId);
  const kind = String(job.payload.kind) as NotificationKind;
  const [ballot] = await tx.select().from(ballots).where(eq(ballots.id, ballotId));
  if (!ballot || ballot.status !== "open") return;
  const subject = await ballotSubject(tx, ballot);
  const planCount = (await ballotPlanIds(tx, ballotId)).length;
  const pending = await tx
    .select({ id: ballotElectorate.accountId, locale: accounts.locale })
    .from(ballotElectorate)
    .innerJoin(accounts, eq(accounts.id, ballotElectorate.accountId))
    .where(
      and(
        eq(ballotElectorate.ballotId, ballotId),
        sql`(select count(*) from ${votes} where ${votes.ballotId} = ${ballotId} and ${votes.voterId} = ${ballotElectorate.accountId}) < ${planCount}`,
      ),
    )
    .orderBy(asc(ballotElectorate.accountId));
  await notify(
    tx,
    emit,
    pending.map((p) => ({
      recipientId: p.id,
      kind,
      actorId: null,
      link: subject.link,
      params: { where: subject.where(p.locale), closesAt: ballot.closesAt.toISOString() },
      dedupeKey: `ballot:${ballotId}:${kind}`,
    })),
  );
};

/** The jobs ballots schedule (scheduled_jobs kinds → handler); createApp runs them with every other job. */
export const ballotJobHandlers: Record<string, JobHandler> = {
  [ballotReminderJobKind]: ballotReminder,
};
