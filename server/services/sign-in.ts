import type { Db } from "@/db/client";
import { authenticate, type AuthenticationResult } from "./authenticate";
import type { RateLimitStore } from "./rate-limit";

export const signInLimits = {
  windowMs: 15 * 60_000,
  /** Wrong passwords for one account before it is locked for the rest of the window. */
  perAccount: 5,
  /** Wrong passwords from one address, across accounts, before that address is refused. */
  perAddress: 100,
} as const;

export type SignInResult = AuthenticationResult | { ok: false; reason: "RATE_LIMITED" };

/**
 * Password sign-in with abuse limits. Only failures count, so people behind one office address
 * are not locked out by each other's successes; a locked account refuses even the right password
 * until the window ends, or guessing would simply continue.
 */
export async function signInWithPassword(
  db: Db,
  store: RateLimitStore,
  input: { email: string; password: string; address: string | null },
  now: Date = new Date(),
): Promise<SignInResult> {
  const accountKey = `signin:account:${input.email.trim().toLowerCase()}`;
  const addressKey = input.address ? `signin:address:${input.address}` : null;
  const [accountFailures, addressFailures] = await Promise.all([store.count(accountKey), addressKey ? store.count(addressKey) : Promise.resolve(0)]);
  if (accountFailures >= signInLimits.perAccount || addressFailures >= signInLimits.perAddress) return { ok: false, reason: "RATE_LIMITED" };

  const result = await authenticate(db, input.email, input.password, now);
  if (!result.ok && result.reason === "WRONG_CREDENTIALS") {
    await Promise.all([store.hit(accountKey, signInLimits.windowMs), addressKey ? store.hit(addressKey, signInLimits.windowMs) : Promise.resolve(0)]);
  } else if (result.ok) {
    await store.reset(accountKey);
  }
  return result;
}
