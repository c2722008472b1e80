import type { Logger } from "pino";
import type { Db } from "@/db/client";
import { ballotJobHandlers, startBallotScheduler } from "@/server/features/ballots";
import { fundJobHandlers } from "@/server/features/fund";
import { meetingJobHandlers } from "@/server/features/meetings/notices/meeting-notices";
import { digestJobHandlers } from "@/server/features/notifications";
import { outgoingSettings } from "@/server/features/outgoing/settings";
import { startWebhookWorker } from "@/server/features/outgoing/worker";
import { anonymousReader, readOpenData } from "@/server/features/open-data/api-router";
import { runDumpPass } from "@/server/features/open-data/dumps";
import { dumpsKept } from "@/server/features/open-data/rules/dump-rules";
import { startPoller } from "./infra/jobs/poller";
import type { Poller } from "./infra/jobs/poller";
import { startJobRunner, type JobHandler } from "./infra/jobs/scheduled-jobs";
import type { MailSettings } from "./infra/mail/email-settings";
import { startEmailWorker } from "./infra/mail/email-worker";
import type { Publisher } from "./infra/realtime/publisher";

/** Every kind of scheduled_jobs row and the feature handler that runs it. */
export const jobHandlers: Record<string, JobHandler> = {
  ...ballotJobHandlers,
  ...digestJobHandlers,
  ...fundJobHandlers,
  ...meetingJobHandlers,
};

/**
 * The process's background work, all on one runner (infra/jobs/poller.ts: a pass now and then every
 * interval, one at a time, a failed pass logged and retried): ballot closes, reminders and digests
 * (scheduled_jobs), mail (email_outbox), webhook notices (webhook_deliveries), the nightly open-data dump. The outbox sweep runs on the same poller inside the socket server.
 * Each reads what is due from the database, so a restart neither loses nor repeats anything.
 */
export async function startJobs(deps: {
  db: Db;
  publisher: Publisher;
  now: () => Date;
  mail: MailSettings | null;
  logger: Logger;
  smtpUrl?: string;
  mailFrom: string;
  authSecret: string;
  inviteTtlHours: number;
  /** Where the open-data dumps are written. */
  openDataDir: string;
}): Promise<{ stop(): void }> {
  // The open-data dumps read through the same anonymous reads as /api/v1, so a dump shows what the API shows.
  const reader = anonymousReader(deps);
  const pollers: Pick<Poller, "stop">[] = [
    startBallotScheduler(deps),
    startJobRunner(deps, jobHandlers),
    // Webhook notices: queued from the committed outbox and posted, all read from the database.
    startWebhookWorker({
      db: deps.db,
      authSecret: deps.authSecret,
      baseUrl: outgoingSettings().baseUrl,
      logger: deps.logger,
    }),
    startPoller(
      () =>
        runDumpPass({ db: deps.db, now: deps.now, dir: deps.openDataDir, keep: dumpsKept }, (onDataset) =>
          readOpenData(reader, onDataset),
        ),
      10_000,
      (error) => deps.logger.warn({ err: error }, "open-data dump pass failed"),
    ),
  ];
  if (deps.smtpUrl) {
    const transport = (await import("nodemailer")).createTransport(deps.smtpUrl);
    pollers.push(
      startEmailWorker({
        db: deps.db,
        transport,
        from: deps.mailFrom,
        now: deps.now,
        logger: deps.logger,
      }),
    );
  }
  return { stop: () => pollers.forEach((poller) => poller.stop()) };
}
