import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { accounts } from "@/db/schema";
import { isSuspended } from "@/server/domain/time-states";
import { dummyVerify, verifyPassword } from "@/server/infra/auth/password";

export type AuthenticationResult =
  | {
      ok: true;
      account: {
        id: number;
        email: string;
        displayName: string;
        role: (typeof accounts.$inferSelect)["role"];
        regionId: number;
      };
    }
  | { ok: false; reason: "WRONG_CREDENTIALS" | "SUSPENDED" };

/** Unknown email and wrong password answer alike, so sign-in does not reveal who has an account. */
export async function authenticate(
  db: Db,
  email: string,
  password: string,
  now: Date = new Date(),
): Promise<AuthenticationResult> {
  const normalised = email.trim().toLowerCase();
  const [account] = await db
    .select()
    .from(accounts)
    .where(sql`lower(${accounts.email}) = ${normalised}`);
  if (!account) {
    await dummyVerify(password);
    return { ok: false, reason: "WRONG_CREDENTIALS" };
  }
  if (!(await verifyPassword(password, account.passwordHash))) return { ok: false, reason: "WRONG_CREDENTIALS" };
  if (isSuspended(account.suspendedUntil, now)) return { ok: false, reason: "SUSPENDED" };
  return {
    ok: true,
    account: {
      id: account.id,
      email: account.email,
      displayName: account.displayName,
      role: account.role,
      regionId: account.regionId,
    },
  };
}
