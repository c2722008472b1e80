import { expect } from "vitest";
import type { Db } from "@/db/client";
import type { RateLimitStore } from "../services/rate-limit";
import { signInLimits, signInWithPassword } from "../services/sign-in";

/** Shared by the in-memory and the Redis runs: 50 wrong passwords, then what still works. */
export async function driveFiftyWrongPasswords(db: Db, store: RateLimitStore, victim: string, other: { email: string; password: string }, rightPassword: string) {
  const address = "203.0.113.7";
  const outcomes: string[] = [];
  for (let i = 0; i < 50; i += 1) {
    const result = await signInWithPassword(db, store, { email: victim, password: `wrong-password-${i}`, address });
    outcomes.push(result.ok ? "ok" : result.reason);
  }
  expect(outcomes.slice(0, signInLimits.perAccount)).toEqual(Array(signInLimits.perAccount).fill("WRONG_CREDENTIALS"));
  expect(outcomes.slice(signInLimits.perAccount)).toEqual(Array(50 - signInLimits.perAccount).fill("RATE_LIMITED"));
  // The locked account refuses even its right password until the window ends…
  expect(await signInWithPassword(db, store, { email: victim, password: rightPassword, address })).toEqual({ ok: false, reason: "RATE_LIMITED" });
  // …while another person's right password from the same address still works.
  const otherResult = await signInWithPassword(db, store, { email: other.email, password: other.password, address });
  expect(otherResult.ok).toBe(true);
}
