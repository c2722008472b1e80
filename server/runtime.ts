import type { Logger } from "pino";
import type { DatabaseHandle } from "@/db/client";
import type { Publisher } from "./infra/realtime/publisher";
import type { RateLimitStore } from "./infra/rate-limit";

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
