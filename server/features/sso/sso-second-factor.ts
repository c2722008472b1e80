import { eq } from "drizzle-orm";
import { accounts } from "@/db/schema";
import type { RateLimitStore } from "@/server/infra/rate-limit";
import { checkSecondFactor } from "@/server/features/two-factor";
import type { SignedInAccount, SsoDeps } from "./sso-sign-in";
import { readTicket } from "./sso-ticket";
import { isSuspended } from "@/server/domain/time-states";

export type SsoSecondFactorResult =
  | { ok: true; account: SignedInAccount }
  | { ok: false; reason: "TICKET_INVALID" | "SUSPENDED" | "CODE_REQUIRED" | "CODE_INVALID" | "RATE_LIMITED" };

/** The code step after a provider vouched for someone with two-factor sign-in and no MFA of its own. */
export async function completeSsoSecondFactor(
  deps: SsoDeps,
  store: RateLimitStore,
  input: { ticket: string; code?: string | undefined },
): Promise<SsoSecondFactorResult> {
  const now = deps.now();
  const ticket = readTicket(input.ticket, deps.authSecret, now);
  if (!ticket) return { ok: false, reason: "TICKET_INVALID" };
  const [account] = await deps.db.select().from(accounts).where(eq(accounts.id, ticket.accountId));
  if (!account) return { ok: false, reason: "TICKET_INVALID" };
  if (isSuspended(account.suspendedUntil, now)) return { ok: false, reason: "SUSPENDED" };
  const second = await checkSecondFactor(deps.db, store, deps.authSecret, account.id, input.code, now);
  if (!second.ok) return { ok: false, reason: second.reason };
  const { id, displayName, email, role, regionId } = account;
  return { ok: true, account: { id, displayName, email, role, regionId } };
}
