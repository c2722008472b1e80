import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Tx } from "@/db/client";
import { accounts, clusters, regions } from "@/db/schema";
import { hashPassword } from "@/server/infra/auth/password";
import type { SessionUser } from "@/server/infra/auth/session";
import type { changePasswordInput, updateProfileInput } from "./contract";
import { relinkAccount } from "@/server/features/organisations";
import { AppError } from "@/server/errors";
import type { ServiceDeps } from "@/server/infra/deps";
import type { RateLimitStore } from "@/server/infra/rate-limit";
import { confirmCurrentPassword } from "./reauthenticate";
import { endSessions } from "@/server/infra/auth/sessions";
import { processSessionCache } from "@/server/infra/auth/session-cache";
import { transact, type Emit } from "@/server/infra/transact";

export async function getProfile(deps: ServiceDeps, user: SessionUser) {
  const [row] = await deps.db
    .select({
      id: accounts.id,
      email: accounts.email,
      displayName: accounts.displayName,
      organisation: accounts.organisation,
      role: accounts.role,
      locale: accounts.locale,
      createdAt: accounts.createdAt,
      region: { id: regions.id, code: regions.code, nameZh: regions.nameZh, nameEn: regions.nameEn },
      cluster: { code: clusters.code, nameZh: clusters.nameZh, nameEn: clusters.nameEn },
    })
    .from(accounts)
    .innerJoin(regions, eq(regions.id, accounts.regionId))
    .innerJoin(clusters, eq(clusters.id, regions.clusterId))
    .where(eq(accounts.id, user.id));
  if (!row) throw new AppError("ACCOUNT_NOT_FOUND", "Your account no longer exists");
  return row;
}

/**
 * `renamed` runs in the change's transaction when the display name changed: accounts sits below the
 * features that show names on live pages (the moderation queue), so its router hands their hook in.
 */
export async function updateProfile(
  deps: ServiceDeps,
  user: SessionUser,
  input: z.output<typeof updateProfileInput>,
  renamed?: (tx: Tx, emit: Emit, accountId: number) => Promise<void>,
) {
  await transact(deps, async (tx, emit) => {
    const [before] = await tx
      .select({ displayName: accounts.displayName })
      .from(accounts)
      .where(eq(accounts.id, user.id))
      // Not "for update": that would also stop rows that reference the account (a moderation action on
      // their post, a report) while `renamed` waits for the moderation queue's head those writers hold.
      .for("no key update");
    if (!before) throw new AppError("ACCOUNT_NOT_FOUND", "Your account no longer exists");
    await tx
      .update(accounts)
      .set({
        displayName: input.displayName,
        organisation: input.organisation,
        locale: input.locale,
        updatedAt: deps.now(),
      })
      .where(eq(accounts.id, user.id));
    await relinkAccount(tx, user.id, input.organisation);
    if (renamed && before.displayName !== input.displayName) await renamed(tx, emit, user.id);
  });
  // The session check carries the name and language pages use.
  processSessionCache().invalidateAccount(user.id);
  return getProfile(deps, user);
}

/** A new password ends every existing session of this person, this one included. */
export async function changePassword(
  deps: ServiceDeps,
  store: RateLimitStore,
  user: SessionUser,
  input: z.output<typeof changePasswordInput>,
) {
  await confirmCurrentPassword(deps.db, store, user.id, input.currentPassword);
  return transact(deps, async (tx, emit) => {
    await storeNewPassword(deps, tx, emit, user.id, input.newPassword, "password-changed");
    return { signedOut: true };
  });
}

/**
 * The one path by which a password is replaced (a change on the profile page or a reset link):
 * the new hash, and every existing session of the person ends.
 */
export async function storeNewPassword(
  deps: Pick<ServiceDeps, "now">,
  tx: Tx,
  emit: Emit,
  accountId: number,
  newPassword: string,
  reason: "password-changed" | "password-reset",
) {
  await tx
    .update(accounts)
    .set({ passwordHash: await hashPassword(newPassword), updatedAt: deps.now() })
    .where(eq(accounts.id, accountId));
  await endSessions(tx, emit, accountId, reason);
}
