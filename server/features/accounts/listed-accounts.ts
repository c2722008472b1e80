import { eq, type SQL } from "drizzle-orm";
import { accounts } from "@/db/schema";
import type { Db } from "@/db/client";
import type { ListedAccount } from "@/server/features/admin/events";
import { onTheWire, type OnTheWire } from "@/shared/on-the-wire";
import type { Role } from "@/shared/vocabulary";
import { streamKey } from "@/server/domain/stream-access";
import { readAtStreamHead } from "@/server/infra/realtime/catch-up";
import { isSuspended } from "@/server/domain/time-states";

/** The most accounts the admin's list shows; a narrower search finds the rest. */
export const listedAccountsLimit = 200;

/**
 * Accounts as the admin's list reads them, by name then id: those `where` selects, or every one. One
 * read for the list and for the row an event carries, so the two cannot drift apart.
 */
export async function readListedAccounts(db: Db, now: Date, where?: SQL): Promise<ListedAccount[]> {
  const rows = await db
    .select({
      id: accounts.id,
      email: accounts.email,
      displayName: accounts.displayName,
      organisation: accounts.organisation,
      role: accounts.role,
      chair: accounts.chair,
      regionId: accounts.regionId,
      suspendedUntil: accounts.suspendedUntil,
      suspensionReason: accounts.suspensionReason,
      createdAt: accounts.createdAt,
    })
    .from(accounts)
    .where(where)
    .orderBy(accounts.displayName, accounts.id)
    .limit(listedAccountsLimit);
  return rows.map((row) => ({ ...row, suspended: isSuspended(row.suspendedUntil, now) }));
}

/** One account's row as the `admin` stream carries it, read in the change's transaction. */
export async function listedAccount(db: Db, accountId: number, now: Date): Promise<OnTheWire<ListedAccount>> {
  const [row] = await readListedAccounts(db, now, eq(accounts.id, accountId));
  if (!row) throw new Error(`account ${accountId} vanished in its own transaction`);
  return onTheWire(row);
}

/**
 * An account change answered with the account's row as the admin's list reads it after the commit,
 * with the `admin` stream's head: the panel sets it in place of a read. Only for an admin, who may
 * read that list: anyone else gets no row.
 */
export async function answeredWithListedAccount<T extends { accountId: number }>(
  deps: { db: Db; now: () => Date },
  actor: { role: Role },
  change: Promise<T>,
): Promise<T & { account: ListedAccount | null; headSeq: number }> {
  const answer = await change;
  if (actor.role !== "admin") return { ...answer, account: null, headSeq: 0 };
  return readAtStreamHead(deps.db, streamKey({ kind: "admin" }), async (db) => ({
    ...answer,
    account: (await readListedAccounts(db, deps.now(), eq(accounts.id, answer.accountId)))[0] ?? null,
  }));
}
