import { expect } from "vitest";
import type { Db } from "@/db/client";
import type { RateLimitStore } from "@/server/infra/rate-limit";
import { signInLimits, signInWithPassword, type SignInResult } from "@/server/features/accounts/sign-in";

/** Records the delays sign-in asks for instead of waiting them out. */
export function recordedPauses(): { pause: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return { delays, pause: async (ms) => void delays.push(ms) };
}

/** Shared by the in-memory and the Redis runs: 50 wrong passwords, then what still works. */
export async function driveFiftyWrongPasswords(
  db: Db,
  store: RateLimitStore,
  victim: string,
  other: { email: string; password: string },
  rightPassword: string,
) {
  const address = "203.0.113.7";
  const { pause, delays } = recordedPauses();
  const attempt = (email: string, password: string) =>
    signInWithPassword(db, store, { email, password, address }, new Date(), pause);
  const outcomes: string[] = [];
  for (let i = 0; i < 50; i += 1) {
    const result = await attempt(victim, `wrong-password-${i}`);
    outcomes.push(result.ok ? "ok" : result.reason);
  }
  expect(outcomes.slice(0, signInLimits.perAccount)).toEqual(Array(signInLimits.perAccount).fill("WRONG_CREDENTIALS"));
  expect(outcomes.slice(signInLimits.perAccount)).toEqual(Array(50 - signInLimits.perAccount).fill("RATE_LIMITED"));
  // The locked account refuses even its right password until the window ends…
  expect(await attempt(victim, rightPassword)).toEqual({ ok: false, reason: "RATE_LIMITED" });
  // …while another person's right password from the same address still works, only slower.
  const otherResult = await attempt(other.email, other.password);
  expect(otherResult.ok).toBe(true);
  expect(delays.at(-1)).toBe(signInLimits.addressMaxDelayMs);
}

/** Fires `count` wrong passwords at one account at once; returns how many were checked and refused. */
export async function parallelWrongPasswords(
  db: Db,
  stores: RateLimitStore[],
  email: string,
  count: number,
): Promise<Record<string, number>> {
  const results: SignInResult[] = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      signInWithPassword(db, stores[i % stores.length]!, {
        email,
        password: `parallel-guess-${i}`,
        address: `198.51.100.${i % 200}`,
      }),
    ),
  );
  const tally: Record<string, number> = {};
  for (const result of results) {
    const key = result.ok ? "ok" : result.reason;
    tally[key] = (tally[key] ?? 0) + 1;
  }
  return tally;
}
