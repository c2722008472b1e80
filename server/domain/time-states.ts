/**
 * States that change with the clock alone, with no write and so no event: an invitation's expiry and
 * the end of a suspension. The server decides with these (redeeming, signing in, the admin's lists) and
 * the admin's panels re-derive with them at the next boundary, so both say the same at every instant.
 */

export type InvitationStatus = "pending" | "redeemed" | "revoked" | "expired";

/** An invitation's state at `now`: it expires at `expiresAt` itself (that instant it can no longer be redeemed). */
export function invitationStatus(
  row: { redeemedAt: Date | null; revokedAt: Date | null; expiresAt: Date },
  now: Date,
): InvitationStatus {
  if (row.redeemedAt) return "redeemed";
  if (row.revokedAt) return "revoked";
  if (row.expiresAt <= now) return "expired";
  return "pending";
}

/** When an invitation issued (or renewed) at `issuedAt` expires: the one rule for both. */
export function invitationExpiresAt(issuedAt: Date, ttlHours: number): Date {
  return new Date(issuedAt.getTime() + ttlHours * 3_600_000);
}

/** Whether a suspension ending at `until` still holds at `now`: at `until` itself the person may sign in again. */
export function isSuspended(until: Date | null, now: Date): boolean {
  return until !== null && until > now;
}

/** The earliest of `instants` after `now` (when a state derived from them next changes), or null. */
export function nextBoundary(instants: Iterable<Date | null>, now: Date): Date | null {
  let next: Date | null = null;
  for (const instant of instants)
    if (instant !== null && instant > now && (next === null || instant < next)) next = instant;
  return next;
}
