import { eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { accounts, regions, type Account, type Role } from "@/db/schema";
import { hashPassword } from "@/server/infra/auth/password";
import { cleanDisplayName } from "./rules/display-name";
import { relinkAccount } from "@/server/features/organisations";
import { AppError } from "@/server/errors";

export interface NewAccount {
  email: string;
  displayName: string;
  organisation: string;
  role: Role;
  regionId: number;
  password: string;
  locale?: "zh-CN" | "en";
}

/** Shared by invitation redemption and `npm run admin:create`; the caller owns the transaction. */
export async function insertAccount(tx: Tx, input: NewAccount): Promise<Account> {
  const [region] = await tx
    .select({ id: regions.id, retiredAt: regions.retiredAt })
    .from(regions)
    .where(eq(regions.id, input.regionId));
  if (!region) throw new AppError("REGION_NOT_FOUND", `Region ${input.regionId} does not exist`);
  if (region.retiredAt) throw new AppError("REGION_RETIRED", "That region has been retired; choose another");
  const email = input.email.trim().toLowerCase();
  const [taken] = await tx
    .select({ id: accounts.id })
    .from(accounts)
    .where(sql`lower(${accounts.email}) = ${email}`);
  if (taken) throw new AppError("EMAIL_TAKEN", "An account with this email already exists");
  const [account] = await tx
    .insert(accounts)
    .values({
      email,
      // Callers outside tRPC (admin:create, demo data) do not pass the contracts, so clean here too.
      displayName: cleanDisplayName(input.displayName),
      organisation: cleanDisplayName(input.organisation),
      role: input.role,
      regionId: input.regionId,
      locale: input.locale ?? "zh-CN",
      passwordHash: await hashPassword(input.password),
    })
    // The check above cannot see a concurrent uncommitted insert (two invitations to one email redeemed
    // at once); the unique index decides, and the loser gets EMAIL_TAKEN rather than a raw 23505.
    .onConflictDoNothing()
    .returning();
  if (!account) throw new AppError("EMAIL_TAKEN", "An account with this email already exists");
  await relinkAccount(tx, account.id, account.organisation);
  return account;
}
