import { and, asc, eq, isNull, ne, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { accountOrganisations, accounts, organisations, regions } from "@/db/schema";
import { AppError } from "@/server/errors";
import { checkChosenRegions } from "@/server/features/access";
import { recordAudit } from "@/server/infra/audit";
import type { SessionUser } from "@/server/infra/auth/session";
import type { ServiceDeps } from "@/server/infra/deps";
import { transact } from "@/server/infra/transact";
import type { createOrganisationInput, linkAccountInput } from "./contract";
import { linkUnlinkedAccounts, pickOrganisation } from "./link-accounts";
import {
  isChineseShortName,
  matchKeysOf,
  matchOrganisationName,
  normaliseOrganisationName,
} from "./rules/normalise-name";

type Deps = Pick<ServiceDeps, "db" | "publisher">;

/**
 * An admin adds an organisation; accounts whose free text now names it alone are linked at once, in
 * the same transaction. Returns the organisation and how many accounts were linked.
 */
export async function createOrganisation(
  deps: Deps,
  admin: SessionUser,
  input: z.output<typeof createOrganisationInput>,
) {
  return transact(deps, async (tx) => {
    await checkChosenRegions(tx, [input.regionId]);
    const aliases = [...new Set(input.aliases)];
    const [org] = await tx
      .insert(organisations)
      .values({ ...input, aliases, matchKeys: matchKeysOf({ ...input, aliases }), createdById: admin.id })
      .returning();
    await recordAudit(tx, {
      actorId: admin.id,
      action: "organisation.create",
      targetType: "organisation",
      targetId: org!.id,
      after: { nameZh: org!.nameZh, nameEn: org!.nameEn, type: org!.type, regionId: org!.regionId },
    });
    const linked = await linkUnlinkedAccounts(tx);
    return { organisation: org!, linked };
  });
}

/**
 * An admin links an account from the review list. Keeping the account's text as an alias links the
 * next person who writes it the same way without another review.
 */
export async function linkAccount(deps: Deps, admin: SessionUser, input: z.output<typeof linkAccountInput>) {
  return transact(deps, async (tx) => {
    const [account] = await tx
      .select({ id: accounts.id, organisation: accounts.organisation })
      .from(accounts)
      .where(eq(accounts.id, input.accountId));
    if (!account) throw new AppError("ACCOUNT_NOT_FOUND", "That account does not exist");
    const [org] = await tx.select().from(organisations).where(eq(organisations.id, input.organisationId)).for("update");
    if (!org) throw new AppError("NOT_FOUND", "That organisation does not exist");
    const [before] = await tx
      .select({ organisationId: accountOrganisations.organisationId })
      .from(accountOrganisations)
      .where(eq(accountOrganisations.accountId, account.id));
    await tx
      .insert(accountOrganisations)
      .values({ accountId: account.id, organisationId: org.id, method: "admin", linkedById: admin.id })
      .onConflictDoUpdate({
        target: accountOrganisations.accountId,
        set: { organisationId: org.id, method: "admin", linkedById: admin.id, linkedAt: sql`now()` },
      });
    const text = account.organisation.trim();
    if (input.rememberName && text && matchOrganisationName(text, org) === null) {
      const aliases = [...org.aliases, text];
      await tx
        .update(organisations)
        .set({ aliases, matchKeys: matchKeysOf({ ...org, aliases }) })
        .where(eq(organisations.id, org.id));
    }
    await recordAudit(tx, {
      actorId: admin.id,
      action: "organisation.link_account",
      targetType: "account",
      targetId: account.id,
      before: { organisationId: before?.organisationId ?? null },
      after: { organisationId: org.id, text },
    });
    const linked = await linkUnlinkedAccounts(tx);
    return { linked: linked + 1 };
  });
}

/**
 * The admin's review list: accounts whose organisation text named no organisation, or several. Each
 * comes with suggestions: organisations it may be a short name of, those it names ambiguously, and
 * the organisations of the account's own region.
 */
export async function reviewList(db: Db) {
  const rows = await db
    .select({
      id: accounts.id,
      displayName: accounts.displayName,
      email: accounts.email,
      organisation: accounts.organisation,
      region: { id: regions.id, nameZh: regions.nameZh, nameEn: regions.nameEn },
    })
    .from(accounts)
    .innerJoin(regions, eq(regions.id, accounts.regionId))
    .leftJoin(accountOrganisations, eq(accountOrganisations.accountId, accounts.id))
    .where(and(isNull(accountOrganisations.accountId), ne(sql`trim(${accounts.organisation})`, "")))
    .orderBy(asc(accounts.organisation), asc(accounts.id))
    .limit(500);
  const orgs = await db
    .select({
      id: organisations.id,
      nameZh: organisations.nameZh,
      nameEn: organisations.nameEn,
      aliases: organisations.aliases,
      regionId: organisations.regionId,
    })
    .from(organisations)
    .orderBy(asc(organisations.id));
  // A placeholder ("—", "/") names no organisation: nothing to review.
  return rows
    .filter((row) => normaliseOrganisationName(row.organisation) !== "")
    .map((row) => {
      const named = (o: (typeof orgs)[number]) =>
        matchOrganisationName(row.organisation, o) !== null ||
        [o.nameZh, ...o.aliases].some((full) => isChineseShortName(row.organisation, full));
      const likely = orgs.filter(named);
      const local = orgs.filter((o) => o.regionId === row.region.id && !likely.includes(o));
      return {
        ...row,
        // Several organisations answer to this text: the migration would not choose among them.
        ambiguous: likely.length > 1 && pickOrganisation(row.organisation, orgs) === null,
        suggestions: [...likely, ...local]
          .slice(0, 8)
          .map(({ id, nameZh, nameEn }) => ({ id, nameZh, nameEn, likely: likely.some((l) => l.id === id) })),
      };
    });
}
