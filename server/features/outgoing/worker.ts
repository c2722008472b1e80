import type { Logger } from "pino";
import type { Db } from "@/db/client";
import { startPoller, type Poller } from "../../infra/jobs/poller";
import { sendDueWebhooks } from "./deliver-webhooks";
import { queueWebhookNotices } from "./queue-notices";

/**
 * Turns committed outbox events into webhook deliveries and posts them, every `intervalMs`. Both
 * halves read only the database, so a restart loses and repeats nothing, and several processes can
 * run it side by side (the cursor and each delivery are claimed with SKIP LOCKED).
 */
export function startWebhookWorker(deps: {
  db: Db;
  authSecret: string;
  baseUrl: string | null;
  logger: Pick<Logger, "warn" | "error">;
  intervalMs?: number;
}): Poller {
  const pass = async () => {
    await queueWebhookNotices({ db: deps.db, baseUrl: deps.baseUrl });
    while (
      (await sendDueWebhooks({
        db: deps.db,
        authSecret: deps.authSecret,
        now: () => new Date(),
        logger: deps.logger,
      })) > 0
    );
  };
  return startPoller(pass, deps.intervalMs ?? 3_000, (error) =>
    deps.logger.warn({ err: error }, "webhook pass failed; retrying"),
  );
}
