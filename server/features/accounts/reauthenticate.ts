import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { accounts } from "@/db/schema";
import { verifyPassword } from "@/server/infra/auth/password";
import { AppError } from "@/server/errors";
import type { RateLimitStore } from "@/server/infra/rate-limit";

/** Wrong current passwords (for sensitive account changes) before further tries wait for the window. */
export const reauthLimits = { windowMs: 15 * 60_000, perAccount: 5 } as const;

/**
 * Sensitive changes (password, two-factor) ask for the current password again, so a session left open
 * or stolen cannot make them. Each try counts before it is checked, so a stolen session cannot use
 * these forms to guess the password faster than sign-in allows.
 */
export async function confirmCurrentPassword(
  db: Db,
  store: RateLimitStore,
  accountId: number,
  password: string,
): Promise<void> {
  const key = `reauth:account:${accountId}`;
  if ((await store.hit(key, reauthLimits.windowMs)) > reauthLimits.perAccount) {
    throw new AppError("RATE_LIMITED", "Too many wrong passwords; wait 15 minutes and try again");
  }
  const [account] = await db
    .select({ passwordHash: accounts.passwordHash })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  if (!account) throw new AppError("ACCOUNT_NOT_FOUND", "Your account no longer exists");
  if (!(await verifyPassword(password, account.passwordHash)))
    throw new AppError("WRONG_PASSWORD", "Your current password is not correct");
  await store.reset(key, reauthLimits.windowMs);
}
