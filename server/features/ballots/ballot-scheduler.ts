import { and, asc, eq, isNotNull, lte, or } from "drizzle-orm";
import type { Logger } from "pino";
import type { Db } from "@/db/client";
import { ballots } from "@/db/schema";
import { AppError } from "@/server/errors";
import type { Publisher } from "@/server/infra/realtime/publisher";
import { closeBallot } from "./close-ballot";
import { concludeWithoutAgreement, newRoundWindowMs, undecidedRoundsBefore } from "./open-ballot";
import { startPoller, type Poller } from "@/server/infra/jobs/poller";
import type { MailSettings } from "@/server/infra/mail/email-settings";

export interface BallotSchedulerOptions {
  db: Db;
  publisher: Publisher;
  now: () => Date;
  /** Closing a ballot notifies (and may mail) its project's people. */
  mail?: MailSettings | null;
  logger?: Pick<Logger, "warn" | "info">;
  /** How often the database is asked what is due; ballots due before the next check get a timer. */
  intervalMs?: number;
  /** After a round without agreement, how long its chair has to open another before the project is rejected. */
  newRoundWindowMs?: number;
}

/** `ready` resolves once the first pass (closing whatever came due while the server was down) is done. */
export type BallotScheduler = Poller;

/**
 * Closes ballots at their closing time. The database is the schedule: on start, and every
 * `intervalMs`, it loads the open ballots due before the next check, closes those already due and
 * sets a timer for the rest. So a restart, a ballot opened by another process, or a timer lost with
 * a crashed process are all caught by the next pass. Closing is idempotent under the ballot's row
 * lock, so two processes (or a chair closing early) never produce two results.
 *
 * It also ends projects whose last round found no agreement and whose chair opened no new round
 * within `newRoundWindowMs`: they are rejected.
 */
export function startBallotScheduler(options: BallotSchedulerOptions): BallotScheduler {
  const intervalMs = options.intervalMs ?? 15_000;
  const timers = new Map<number, NodeJS.Timeout>();
  let stopped = false;

  async function close(ballotId: number) {
    timers.delete(ballotId);
    if (stopped) return;
    try {
      await closeBallot(options, "scheduler", ballotId, { onlyIfDue: true });
    } catch (error) {
      // Left open: the next pass tries again.
      options.logger?.warn({ err: error, ballotId }, "could not close a due ballot; will retry");
    }
  }

  async function pass() {
    const now = options.now();
    const cutoff = new Date(now.getTime() - (options.newRoundWindowMs ?? newRoundWindowMs));
    for (const ballotId of await undecidedRoundsBefore(options.db, cutoff)) {
      try {
        await concludeWithoutAgreement(options, "scheduler", ballotId);
      } catch (error) {
        // Someone else (a chair, another process) settled it first: nothing to do.
        if (error instanceof AppError) continue;
        options.logger?.warn({ err: error, ballotId }, "could not conclude a round without agreement; will retry");
      }
    }
    const horizon = new Date(now.getTime() + intervalMs);
    const due = await options.db
      .select({ id: ballots.id, closesAt: ballots.closesAt, closedAt: ballots.closedAt })
      .from(ballots)
      // A marked ballot is one whose close was interrupted after its mark: finish it now.
      .where(and(eq(ballots.status, "open"), or(lte(ballots.closesAt, horizon), isNotNull(ballots.closedAt))))
      .orderBy(asc(ballots.closesAt));
    for (const ballot of due) {
      const wait = ballot.closedAt ? 0 : ballot.closesAt.getTime() - options.now().getTime();
      if (wait <= 0) {
        await close(ballot.id);
      } else if (!timers.has(ballot.id)) {
        const timer = setTimeout(() => void close(ballot.id), wait);
        timer.unref();
        timers.set(ballot.id, timer);
      }
    }
  }

  const poller = startPoller(pass, intervalMs, (error) =>
    options.logger?.warn({ err: error }, "ballot scheduler pass failed; retrying"),
  );
  return {
    ...poller,
    stop() {
      stopped = true;
      poller.stop();
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
