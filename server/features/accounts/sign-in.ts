import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "@/db/client";
import { authenticate, type AuthenticationResult } from "./authenticate";
import type { RateLimitStore } from "@/server/infra/rate-limit";

export const signInLimits = {
  windowMs: 15 * 60_000,
  /** Wrong passwords for one account before it is locked for the rest of the window. */
  perAccount: 5,
  /** Wrong passwords from one address, across accounts, answered without delay. */
  perAddressFree: 20,
  /** The first delayed answer waits this long; each further failure doubles it, up to the cap. */
  addressDelayMs: 250,
  addressMaxDelayMs: 5_000,
} as const;

export type SignInResult = AuthenticationResult | { ok: false; reason: "RATE_LIMITED" };

/** How long an address that has failed `failures` times (this attempt included) waits for its answer. */
export function addressDelayMs(failures: number): number {
  const over = failures - signInLimits.perAddressFree;
  if (over <= 0) return 0;
  return Math.min(signInLimits.addressMaxDelayMs, signInLimits.addressDelayMs * 2 ** Math.min(over - 1, 16));
}

/**
 * Password sign-in with abuse limits. Every attempt is counted before its password is checked, in
 * one atomic increment, so parallel guesses cannot all slip under the limit; a right password then
 * takes its count back, so people behind one office address are not held up by each other's
 * successes. A locked account refuses even the right password until the window ends, or guessing
 * would simply continue. An address is never refused, since one proxy may carry a whole office:
 * its failures across accounts slow its answers down instead.
 */
export async function signInWithPassword(
  db: Db,
  store: RateLimitStore,
  input: { email: string; password: string; address: string | null },
  now: Date = new Date(),
  pause: (ms: number) => Promise<unknown> = sleep,
): Promise<SignInResult> {
  const { windowMs } = signInLimits;
  const accountKey = `signin:account:${input.email.trim().toLowerCase()}`;
  const addressKey = input.address ? `signin:address:${input.address}` : null;
  const [accountAttempts, addressAttempts] = await Promise.all([
    store.hit(accountKey, windowMs),
    addressKey ? store.hit(addressKey, windowMs) : Promise.resolve(0),
  ]);
  if (accountAttempts > signInLimits.perAccount) return { ok: false, reason: "RATE_LIMITED" };

  const delay = addressDelayMs(addressAttempts);
  if (delay > 0) await pause(delay);
  const result = await authenticate(db, input.email, input.password, now);
  if (result.ok || result.reason === "SUSPENDED") {
    // The password was right: the account starts afresh and the address's count is given back.
    await Promise.all([
      store.reset(accountKey, windowMs),
      addressKey ? store.undo(addressKey, windowMs) : Promise.resolve(),
    ]);
  }
  return result;
}
