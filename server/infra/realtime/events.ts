import { z } from "zod";
import type { Role } from "@/db/schema/core/enums";

import type { LiveEvent } from "@/server/events/contract";

export type { LiveEvent } from "@/server/events/contract";

/**
 * The socket's two directions. The events it carries are the contract's (server/events/contract.ts):
 * notices of committed state that carry what the page shows.
 */
export const subscribeInput = z.object({
  stream: z.string().min(1).max(120),
  /** The last seq this client applied; events after it are replayed before live ones. */
  afterSeq: z.number().int().min(0).optional(),
});
export type SubscribeInput = z.infer<typeof subscribeInput>;

export type SubscribeAck =
  | { ok: true; headSeq: number; replay: LiveEvent[]; resync: boolean }
  | {
      ok: false;
      code: "FORBIDDEN" | "BAD_REQUEST" | "RATE_LIMITED" | "TOO_MANY_STREAMS" | "UNAUTHORIZED";
      message: string;
    };

export interface ServerToClientEvents {
  "stream:event": (event: LiveEvent) => void;
  "presence:updated": (presence: { stream: string; viewers: number }) => void;
  "session:ended": (reason: { reason: string }) => void;
}

export interface ClientToServerEvents {
  "stream:subscribe": (input: SubscribeInput, ack: (result: SubscribeAck) => void) => void;
  "stream:unsubscribe": (input: { stream: string }) => void;
}

export interface SocketData {
  user: { id: number; role: Role; regionId: number } | null;
  /** The session the socket was opened with, re-checked on each subscription and periodically. */
  session?: { sub: string; sid: string; at?: number } | null;
}

/** Why the server ended a socket's session (`session:ended`, or a refused handshake's error message). */
export const sessionEndReasons = [
  "signed-out",
  "password-changed",
  "suspended",
  "account-changed",
  "two-factor-enrolment-required",
] as const;
