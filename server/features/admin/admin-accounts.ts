import { and, count, eq, ilike, or, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { accounts, regions } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import type { listAccountsInput, setChairInput, updateAccountInput } from "./contract";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/infra/audit";
import type { ServiceDeps } from "@/server/infra/deps";
import { endSessions } from "@/server/infra/auth/sessions";
import { transact } from "@/server/infra/transact";
import { streamKey } from "@/server/domain/stream-access";
import { queueAuthorChange } from "@/server/features/moderation";
import { answeredWithListedAccount, listedAccount, readListedAccounts } from "@/server/features/accounts";
import { suspendedAt } from "@/server/infra/auth/suspension";
import { readAtStreamHead } from "@/server/infra/realtime/catch-up";

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Accounts for the admin console: search by name, email or organisation, filter by role, region, suspension. */
function accountsFilter(input: z.output<typeof listAccountsInput>, now: Date): SQL | undefined {
  const conditions: SQL[] = [];
  if (input.query) {
    const pattern = `%${escapeLike(input.query)}%`;
    conditions.push(
      or(ilike(accounts.displayName, pattern), ilike(accounts.email, pattern), ilike(accounts.organisation, pattern))!,
    );
  }
  if (input.role) conditions.push(eq(accounts.role, input.role));
  if (input.regionId) conditions.push(eq(accounts.regionId, input.regionId));
  if (input.suspendedOnly) conditions.push(suspendedAt(now));
  return conditions.length ? and(...conditions) : undefined;
}

/** The list with the admin stream's head from the same snapshot: the panel follows the stream from it. */
export function listAccounts(deps: Pick<ServiceDeps, "db" | "now">, input: z.output<typeof listAccountsInput>) {
  const now = deps.now();
  return readAtStreamHead(deps.db, adminStream, async (db) => ({
    accounts: await readListedAccounts(db, now, accountsFilter(input, now)),
  }));
}

const adminStream = streamKey({ kind: "admin" });

/**
 * Changes an account's role, region or organisation. A change of role or region ends the person's
 * sessions, so open pages and sockets do not keep powers or streams of the old role.
 */
export function updateAccount(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof updateAccountInput>) {
  return answeredWithListedAccount(deps, actor, changeAccount(deps, actor, input));
}

async function changeAccount(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof updateAccountInput>) {
  return transact(deps, async (tx, emit) => {
    const [account] = await tx.select().from(accounts).where(eq(accounts.id, input.accountId)).for("update");
    if (!account) throw new AppError("ACCOUNT_NOT_FOUND", "That account does not exist");
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const changes: Partial<typeof accounts.$inferInsert> = {};
    if (input.role !== undefined && input.role !== account.role) {
      if (account.id === actor.id)
        throw new AppError("OWN_ACCOUNT", "You cannot change your own role; ask another admin");
      if (account.role === "admin") {
        // Locking every admin row makes two demotions of the last two admins run one after another.
        const admins = await tx
          .select({ id: accounts.id })
          .from(accounts)
          .where(eq(accounts.role, "admin"))
          .for("update");
        if (admins.length <= 1) throw new AppError("LAST_ADMIN", "The platform needs at least one admin");
      }
      before.role = account.role;
      after.role = changes.role = input.role;
      // The chair is a member's office: it does not follow the person into another role.
      if (account.chair) {
        before.chair = true;
        after.chair = changes.chair = false;
      }
    }
    if (input.regionId !== undefined && input.regionId !== account.regionId) {
      const [region] = await tx.select().from(regions).where(eq(regions.id, input.regionId));
      if (!region) throw new AppError("REGION_NOT_FOUND", "That region does not exist");
      if (region.retiredAt) throw new AppError("REGION_RETIRED", "That region has been retired; choose another");
      before.regionId = account.regionId;
      after.regionId = changes.regionId = input.regionId;
    }
    if (input.organisation !== undefined && input.organisation !== account.organisation) {
      before.organisation = account.organisation;
      after.organisation = changes.organisation = input.organisation;
    }
    if (Object.keys(changes).length === 0) throw new AppError("NOTHING_TO_RESOLVE", "Nothing was changed");
    await tx
      .update(accounts)
      .set({ ...changes, updatedAt: deps.now() })
      .where(eq(accounts.id, account.id));
    // The queue's head before the person's own stream, as a resolution takes them.
    if (changes.role !== undefined)
      await emit(streamKey({ kind: "moderation" }), "account:changed", {
        accountId: account.id,
        author: await queueAuthorChange(tx, account.id),
      });
    if (changes.role !== undefined || changes.regionId !== undefined)
      await endSessions(tx, emit, account.id, "account-changed");
    await recordAudit(tx, {
      actorId: actor.id,
      action: "account.update",
      targetType: "account",
      targetId: account.id,
      reason: input.reason || null,
      before,
      after,
    });
    await emit(adminStream, "account:updated", {
      accountId: account.id,
      account: await listedAccount(tx, account.id, deps.now()),
    });
    return { accountId: account.id, ...after };
  });
}

/**
 * Grants or revokes the chair of the coordination body, which opens and closes ballots. Only a member
 * can hold it. Revoking ends nothing else: ballots already open run to their time, sessions stay.
 */
export function setChair(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof setChairInput>) {
  return answeredWithListedAccount(deps, actor, changeChair(deps, actor, input));
}

async function changeChair(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof setChairInput>) {
  return transact(deps, async (tx, emit) => {
    const [account] = await tx.select().from(accounts).where(eq(accounts.id, input.accountId)).for("update");
    if (!account) throw new AppError("ACCOUNT_NOT_FOUND", "That account does not exist");
    if (input.chair && account.role !== "member")
      throw new AppError("CHAIR_NEEDS_MEMBER", "Only a coordination-body member can chair");
    if (account.chair === input.chair) throw new AppError("NOTHING_TO_RESOLVE", "Nothing was changed");
    await tx.update(accounts).set({ chair: input.chair, updatedAt: deps.now() }).where(eq(accounts.id, account.id));
    await recordAudit(tx, {
      actorId: actor.id,
      action: input.chair ? "account.chair_grant" : "account.chair_revoke",
      targetType: "account",
      targetId: account.id,
      reason: input.reason || null,
      before: { chair: account.chair },
      after: { chair: input.chair },
    });
    await emit(adminStream, "account:updated", {
      accountId: account.id,
      account: await listedAccount(tx, account.id, deps.now()),
    });
    return { accountId: account.id, chair: input.chair };
  });
}

export async function accountCounts(deps: Pick<ServiceDeps, "db">) {
  const rows = await deps.db.select({ role: accounts.role, n: count() }).from(accounts).groupBy(accounts.role);
  return Object.fromEntries(rows.map((r) => [r.role, Number(r.n)]));
}
