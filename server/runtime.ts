import type { Logger } from "pino";
import type { DatabaseHandle } from "@/db/client";
import type { Publisher } from "./realtime/publisher";
import type { RateLimitStore } from "./services/rate-limit";

export type RealtimeKind = "memory" | "redis";

/**
 * Process-wide singletons. Next's route handlers run in a separate module graph from the custom
 * server, so module-level variables set in server/main.ts read as unset there; globalThis is shared.
 */
export interface Runtime {
  database: DatabaseHandle;
  publisher: Publisher;
  realtime: RealtimeKind;
  logger: Logger;
  version: string;
  demo: boolean;
  inviteTtlHours: number;
  authSecret: string;
  rateLimits: RateLimitStore;
  /** VOTE_GROUP_COMMIT: votes on one ballot share transactions (on unless set to off). */
  voteGroupCommit?: boolean;
}

const key = Symbol.for("xietong.runtime");
type RuntimeHolder = { [key]?: Runtime };

export function setRuntime(runtime: Runtime | undefined): void {
  (globalThis as RuntimeHolder)[key] = runtime;
}

export function getRuntime(): Runtime {
  const runtime = (globalThis as RuntimeHolder)[key];
  if (!runtime) throw new Error("Xietong runtime is not initialised: start the app with server/main.ts");
  return runtime;
}
