import { and, asc, eq, isNull, lte, notInArray, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Tx } from "@/db/client";
import { scheduledJobs } from "@/db/schema";
import type { ServiceDeps } from "../deps";
import { startPoller, type Poller } from "./poller";
import { transact, type Emit } from "../transact";

type JobDeps = Pick<ServiceDeps, "db" | "publisher" | "now" | "mail">;
export type ScheduledJob = typeof scheduledJobs.$inferSelect;
export type JobHandler = (tx: Tx, emit: Emit, job: ScheduledJob, now: Date) => Promise<void>;

/** Schedules work once per kind and key; scheduling the same again (a retried transaction, a second trigger) keeps the first. */
export async function scheduleJob(
  tx: Tx,
  job: { kind: string; key: string; dueAt: Date; payload: Record<string, string | number> },
): Promise<void> {
  await tx
    .insert(scheduledJobs)
    .values(job)
    .onConflictDoNothing({ target: [scheduledJobs.kind, scheduledJobs.key] });
}

/**
 * Runs every job that is due, each in its own transaction that claims it (FOR UPDATE SKIP LOCKED, so
 * two processes never run one job), does its work and marks it done. Work and "done" commit together,
 * so a crash before the commit leaves the job to run again and a crash after it cannot repeat it.
 * A job whose handler fails stays due and is retried on the next pass. Returns how many ran.
 */
export async function runDueJobs(
  deps: JobDeps,
  handlers: Record<string, JobHandler>,
  logger?: Pick<Logger, "warn">,
): Promise<number> {
  const failed: number[] = [];
  let ran = 0;
  for (;;) {
    const now = deps.now();
    let claimed: ScheduledJob | undefined;
    try {
      claimed = await transact(deps, async (tx, emit) => {
        const [job] = await tx
          .select()
          .from(scheduledJobs)
          .where(
            and(
              isNull(scheduledJobs.doneAt),
              lte(scheduledJobs.dueAt, now),
              failed.length > 0 ? notInArray(scheduledJobs.id, failed) : sql`true`,
            ),
          )
          .orderBy(asc(scheduledJobs.dueAt))
          .limit(1)
          .for("update", { skipLocked: true });
        if (!job) return undefined;
        try {
          const handler = handlers[job.kind];
          if (!handler) throw new Error(`No handler for scheduled job kind ${job.kind}`);
          await handler(tx, emit, job, now);
        } catch (error) {
          failed.push(job.id);
          throw error;
        }
        await tx.update(scheduledJobs).set({ doneAt: now }).where(eq(scheduledJobs.id, job.id));
        return job;
      });
    } catch (error) {
      logger?.warn({ err: error }, "a scheduled job failed; it will be retried");
      continue;
    }
    if (!claimed) return ran;
    ran += 1;
  }
}

/** Polls for due jobs every `intervalMs`; the first pass (what came due while the server was down) runs at once. */
export function startJobRunner(
  deps: JobDeps & { logger?: Pick<Logger, "warn">; intervalMs?: number },
  handlers: Record<string, JobHandler>,
): Poller {
  return startPoller(
    () => runDueJobs(deps, handlers, deps.logger),
    deps.intervalMs ?? 15_000,
    (error) => deps.logger?.warn({ err: error }, "scheduled job pass failed"),
  );
}
