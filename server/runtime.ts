import type { Logger } from "pino";
import { readProcessSlot, setProcessSlot } from "./infra/process-slots";
import type { DatabaseHandle } from "@/db/client";
import type { BackgroundWork } from "./infra/background";
import type { MailSettings } from "./infra/mail/email-settings";
import type { Metrics } from "./infra/observability/metrics";
import type { Publisher } from "./infra/realtime/publisher";
import type { RateLimitStore } from "./infra/rate-limit";
import type { FileStorage } from "./infra/storage/file-storage";

export type RealtimeKind = "memory" | "redis";

/**
 * What createApp (server/app.ts) built, for the code Next.js loads itself: its route handlers and server
 * components run in a module graph of their own, where the custom server's module-level values read as
 * unset; globalThis is shared (through infra/process-slots.ts). Nothing else of the app keeps services
 * there, and only the entry points Next calls (the request context, next-auth, route handlers,
 * app/lib/server.ts, instrumentation) read it. Everything else receives what it needs as arguments.
 */
export interface Runtime {
  database: DatabaseHandle;
  publisher: Publisher;
  /** Work requests leave running (map recomputes); stopped by the app's close before the database. */
  background: BackgroundWork;
  realtime: RealtimeKind;
  logger: Logger;
  version: string;
  demo: boolean;
  inviteTtlHours: number;
  authSecret: string;
  rateLimits: RateLimitStore;
  /** VOTE_GROUP_COMMIT: votes on one ballot or opinion round share transactions (on unless set to off). */
  voteGroupCommit?: boolean;
  /** Null when this installation sends no mail (no SMTP_URL). */
  mail: MailSettings | null;
  metrics: Metrics;
  /** Attachment bytes: the data folder's files/ or an S3-compatible bucket. */
  storage: FileStorage;
  attachmentMaxBytes: number;
}

export function setRuntime(runtime: Runtime | undefined): void {
  setProcessSlot("runtime", runtime);
}

export function getRuntime(): Runtime {
  const runtime = readProcessSlot<Runtime>("runtime");
  if (!runtime) throw new Error("Xietong runtime is not initialised: start the app with server/main.ts");
  return runtime;
}
