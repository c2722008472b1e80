import { and, eq, isNull, ne, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { accountOrganisations, accounts, organisations } from "@/db/schema";
import { matchOrganisationName, normaliseOrganisationName, type NameMatch } from "./rules/normalise-name";

type Candidate = { id: number; nameZh: string; nameEn: string; aliases: string[] };

/** The one organisation the text names, and how; null when none or several do (an admin decides). */
export function pickOrganisation(text: string, orgs: readonly Candidate[]): { id: number; method: NameMatch } | null {
  for (const method of ["exact", "normalised"] as const) {
    const hits = orgs.filter((o) => matchOrganisationName(text, o) === method);
    if (hits.length === 1) return { id: hits[0]!.id, method };
    if (hits.length > 1) return null;
  }
  return null;
}

/**
 * The free-text migration: every account not yet linked whose organisation text names exactly one
 * organisation (as written, or after normalising) is linked to it. The rest stay on the admin's
 * review list. Idempotent; run at start after migrations and seeding, and after an admin adds an
 * organisation or an alias. Returns how many accounts it linked.
 */
export async function linkUnlinkedAccounts(db: Db | Tx): Promise<number> {
  const unlinked = await db
    .select({ id: accounts.id, organisation: accounts.organisation })
    .from(accounts)
    .leftJoin(accountOrganisations, eq(accountOrganisations.accountId, accounts.id))
    .where(and(isNull(accountOrganisations.accountId), ne(sql`trim(${accounts.organisation})`, "")));
  if (unlinked.length === 0) return 0;
  const orgs = await db
    .select({
      id: organisations.id,
      nameZh: organisations.nameZh,
      nameEn: organisations.nameEn,
      aliases: organisations.aliases,
    })
    .from(organisations);
  const links = unlinked.flatMap((a) => {
    const pick = pickOrganisation(a.organisation, orgs);
    return pick ? [{ accountId: a.id, organisationId: pick.id, method: pick.method }] : [];
  });
  if (links.length === 0) return 0;
  const written = await db
    .insert(accountOrganisations)
    .values(links)
    .onConflictDoNothing({ target: accountOrganisations.accountId })
    .returning({ accountId: accountOrganisations.accountId });
  return written.length;
}

/** The organisation an account acts for, or null when it is not linked to one. */
export async function organisationOf(db: Db | Tx, accountId: number): Promise<number | null> {
  const [row] = await db
    .select({ organisationId: accountOrganisations.organisationId })
    .from(accountOrganisations)
    .where(eq(accountOrganisations.accountId, accountId));
  return row?.organisationId ?? null;
}

/** The accounts acting for an organisation: who is told of its invitations and may answer them. */
export async function peopleOf(db: Db | Tx, organisationId: number): Promise<number[]> {
  const rows = await db
    .select({ accountId: accountOrganisations.accountId })
    .from(accountOrganisations)
    .where(eq(accountOrganisations.organisationId, organisationId));
  return rows.map((r) => r.accountId);
}

/**
 * Links one account by its organisation text, as the migration would: on creation, and when the person
 * edits their profile. A link an admin made stays; an automatic one follows the new text (or goes,
 * putting the account back on the review list).
 */
export async function relinkAccount(db: Db | Tx, accountId: number, text: string): Promise<void> {
  const [current] = await db
    .select({ method: accountOrganisations.method })
    .from(accountOrganisations)
    .where(eq(accountOrganisations.accountId, accountId));
  if (current?.method === "admin") return;
  if (current) await db.delete(accountOrganisations).where(eq(accountOrganisations.accountId, accountId));
  if (!text.trim()) return;
  const orgs = await db
    .select({
      id: organisations.id,
      nameZh: organisations.nameZh,
      nameEn: organisations.nameEn,
      aliases: organisations.aliases,
    })
    .from(organisations)
    .where(sql`${normaliseOrganisationName(text)} = any(${organisations.matchKeys})`);
  const pick = pickOrganisation(text, orgs);
  if (pick) await db.insert(accountOrganisations).values({ accountId, organisationId: pick.id, method: pick.method });
}
