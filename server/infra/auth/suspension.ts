import { gt, isNull, lte, or, type SQL } from "drizzle-orm";
import { accounts } from "@/db/schema";

/**
 * The SQL twins of `isSuspended` (server/domain/time-states): a suspension ending at `until` no longer
 * holds at `until` itself. Every query that leaves suspended people out (or lists only them) says it with
 * these, with the caller's clock, so a list and a sign-in agree at the end instant.
 */
export function suspendedAt(now: Date): SQL {
  return gt(accounts.suspendedUntil, now);
}

export function notSuspendedAt(now: Date): SQL {
  return or(isNull(accounts.suspendedUntil), lte(accounts.suspendedUntil, now))!;
}
