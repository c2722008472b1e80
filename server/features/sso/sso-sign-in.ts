import { randomBytes } from "node:crypto";
import { and, eq, gt, isNull, or, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { accounts, regions, ssoIdentities, ssoLinkIntents, ssoRequests, type Account } from "@/db/schema";
import type { OidcProviderConfig } from "@/server/infra/auth/oidc-config";
import { recordAudit } from "@/server/infra/audit";
import { endSessions } from "@/server/infra/auth/sessions";
import type { ServiceDeps } from "@/server/infra/deps";
import { transact } from "@/server/infra/transact";
import { streamKey } from "@/server/domain/stream-access";
import { insertAccount, listedAccount } from "@/server/features/accounts";
import { notSuspendedAt } from "@/server/infra/auth/suspension";
import { queueAuthorChange } from "@/server/features/moderation";
import { indefiniteSuspensionUntil } from "@/server/features/moderation/rules/moderation";
import { notify } from "@/server/features/notifications";
import { approvesAutomatically, mapClaims, needsSecondFactor, sameIssuer, type MappedIdentity } from "./rules/claims";
import { issueTicket } from "./sso-ticket";
import { isSuspended } from "@/server/domain/time-states";

export type SignedInAccount = Pick<Account, "id" | "displayName" | "email" | "role" | "regionId">;

/** Every way an SSO sign-in ends; next-auth turns each into a session, a page or an error code. */
export type SsoOutcome =
  | { kind: "signed-in"; account: SignedInAccount }
  | { kind: "second-factor"; ticket: string }
  | { kind: "linked"; accountId: number }
  | { kind: "pending"; requestId: number }
  | {
      kind:
        | "issuer-refused"
        | "incomplete"
        | "gone"
        | "suspended"
        | "refused"
        | "no-region"
        | "email-taken"
        | "identity-taken"
        | "link-expired";
    };

export interface SsoSignInInput {
  provider: OidcProviderConfig;
  /** The validated ID token's claims, with the userinfo answer's on top when there was one. */
  claims: Record<string, unknown>;
  /** The provider's userinfo endpoint refused the fresh access token (401): the person is gone there. */
  userinfoRefused?: boolean;
  /** The signed-in person making this sign-in, when there is one (a link needs their intent too). */
  signedInAccountId?: number | null;
}

export interface SsoDeps extends ServiceDeps {
  authSecret: string;
}

/** Shown to the person when a later sign-in is refused; the provider decides, so both languages. */
const goneReason = "身份提供方表示此人已离开 / The identity provider says this person has left";
const linkIntentMinutes = 10;

async function regionByCode(tx: Tx, code: string) {
  const [region] = await tx
    .select({ id: regions.id, code: regions.code })
    .from(regions)
    .where(and(eq(regions.code, code), isNull(regions.retiredAt)));
  return region;
}

async function emailTaken(tx: Tx, email: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: accounts.id })
    .from(accounts)
    .where(sql`lower(${accounts.email}) = ${email}`);
  return Boolean(row);
}

/** An account created from SSO has a password no one knows; its owner may set one by the reset flow. */
function unusablePassword(): string {
  return randomBytes(32).toString("base64url");
}

export async function createSsoAccount(
  tx: Tx,
  input: { providerId: string; subject: string; email: string; displayName: string; organisation: string },
  account: { role: "member" | "researcher"; regionId: number },
  now: Date,
): Promise<Account> {
  const created = await insertAccount(tx, {
    email: input.email,
    displayName: input.displayName,
    organisation: input.organisation,
    role: account.role,
    regionId: account.regionId,
    password: unusablePassword(),
  });
  await tx
    .insert(ssoIdentities)
    .values({ accountId: created.id, providerId: input.providerId, subject: input.subject, linkedAt: now });
  return created;
}

async function suspendGone(deps: SsoDeps, accountId: number, providerId: string, why: string) {
  await transact(deps, async (tx, emit) => {
    const now = deps.now();
    const [subject] = await tx.select().from(accounts).where(eq(accounts.id, accountId)).for("update");
    if (!subject) return;
    await tx
      .update(accounts)
      .set({ suspendedUntil: indefiniteSuspensionUntil, suspensionReason: goneReason, updatedAt: now })
      .where(eq(accounts.id, accountId));
    await endSessions(tx, emit, accountId, "suspended");
    await recordAudit(tx, {
      actorId: null,
      action: "sso.suspend",
      targetType: "account",
      targetId: accountId,
      reason: `${providerId}: ${why}`,
      before: { suspendedUntil: subject.suspendedUntil?.toISOString() ?? null },
      after: { suspendedUntil: indefiniteSuspensionUntil.toISOString(), indefinite: true },
    });
    // The queue shows the author suspended on each of their entries, as a moderator's suspension does.
    await emit(streamKey({ kind: "moderation" }), "account:suspended", {
      accountId,
      author: await queueAuthorChange(tx, accountId),
    });
    await emit(streamKey({ kind: "admin" }), "account:updated", {
      accountId,
      account: await listedAccount(tx, accountId, now),
    });
  });
}

async function link(deps: SsoDeps, provider: OidcProviderConfig, mapped: MappedIdentity, accountId: number) {
  return transact(deps, async (tx): Promise<SsoOutcome> => {
    const now = deps.now();
    // The intent is spent whatever happens next: one click on "link", one attempt.
    const [intent] = await tx
      .delete(ssoLinkIntents)
      .where(
        and(
          eq(ssoLinkIntents.accountId, accountId),
          eq(ssoLinkIntents.providerId, provider.id),
          gt(ssoLinkIntents.expiresAt, now),
        ),
      )
      .returning();
    if (!intent) return { kind: "link-expired" };
    const [existing] = await tx
      .select()
      .from(ssoIdentities)
      .where(
        or(
          and(eq(ssoIdentities.providerId, provider.id), eq(ssoIdentities.subject, mapped.subject)),
          and(eq(ssoIdentities.providerId, provider.id), eq(ssoIdentities.accountId, accountId)),
        ),
      );
    if (existing) {
      if (existing.accountId === accountId && existing.subject === mapped.subject) return { kind: "linked", accountId };
      return { kind: "identity-taken" };
    }
    await tx
      .insert(ssoIdentities)
      .values({ accountId, providerId: provider.id, subject: mapped.subject, linkedAt: now });
    await recordAudit(tx, {
      actorId: accountId,
      action: "sso.link",
      targetType: "account",
      targetId: accountId,
      after: { provider: provider.id },
    });
    return { kind: "linked", accountId };
  });
}

/**
 * The account side of a sign-in the provider has vouched for (next-auth checked the ID token's
 * signature, audience, nonce and expiry). Decides between signing in, asking for a code, linking to
 * the signed-in person, waiting for an admin, and refusing; suspends an account whose person the
 * provider says has gone.
 */
export async function completeSsoSignIn(deps: SsoDeps, input: SsoSignInInput): Promise<SsoOutcome> {
  const { provider } = input;
  const mapped = mapClaims(provider, input.claims);
  // openid-client compares `iss` with the discovery document; this compares it with what we configured,
  // so a discovery document naming another issuer cannot sign anyone in.
  if (!sameIssuer(mapped.issuer, provider.issuer)) return { kind: "issuer-refused" };
  if (!mapped.subject) return { kind: "incomplete" };
  const gone = !mapped.active || input.userinfoRefused === true;

  if (input.signedInAccountId) {
    if (gone) return { kind: "gone" };
    return link(deps, provider, mapped, input.signedInAccountId);
  }

  const [identity] = await deps.db
    .select({ accountId: ssoIdentities.accountId, identityId: ssoIdentities.id })
    .from(ssoIdentities)
    .where(and(eq(ssoIdentities.providerId, provider.id), eq(ssoIdentities.subject, mapped.subject)));

  if (identity) {
    if (gone) {
      await suspendGone(
        deps,
        identity.accountId,
        provider.id,
        input.userinfoRefused ? "userinfo refused" : "inactive claim",
      );
      return { kind: "gone" };
    }
    const [account] = await deps.db.select().from(accounts).where(eq(accounts.id, identity.accountId));
    if (!account) return { kind: "incomplete" };
    const now = deps.now();
    if (isSuspended(account.suspendedUntil, now)) return { kind: "suspended" };
    await deps.db.update(ssoIdentities).set({ lastSignInAt: now }).where(eq(ssoIdentities.id, identity.identityId));
    if (needsSecondFactor(account.totpEnabledAt !== null, mapped))
      return {
        kind: "second-factor",
        ticket: issueTicket({ accountId: account.id, providerId: provider.id }, deps.authSecret, now),
      };
    return { kind: "signed-in", account: pick(account) };
  }

  if (gone) return { kind: "gone" };
  return firstSignIn(deps, provider, mapped);
}

function pick(account: Account): SignedInAccount {
  const { id, displayName, email, role, regionId } = account;
  return { id, displayName, email, role, regionId };
}

async function firstSignIn(deps: SsoDeps, provider: OidcProviderConfig, mapped: MappedIdentity): Promise<SsoOutcome> {
  const { email, displayName, organisation, regionCode } = mapped;
  if (!email || !displayName || !organisation) return { kind: "incomplete" };
  return transact(deps, async (tx, emit): Promise<SsoOutcome> => {
    const now = deps.now();
    const [request] = await tx
      .select()
      .from(ssoRequests)
      .where(and(eq(ssoRequests.providerId, provider.id), eq(ssoRequests.subject, mapped.subject)))
      .for("update");
    if (request?.status === "pending") return { kind: "pending", requestId: request.id };
    if (request?.status === "refused") return { kind: "refused" };
    // An approved request without an identity: the person unlinked it; they sign in with their password.
    if (await emailTaken(tx, email)) return { kind: "email-taken" };
    const region = regionCode ? await regionByCode(tx, regionCode) : undefined;
    if (!region) return { kind: "no-region" };
    const claims = { ...mapped, regionCode: region.code };
    const base = { providerId: provider.id, subject: mapped.subject, email, displayName, organisation };

    if (approvesAutomatically(provider, region.code)) {
      const account = await createSsoAccount(tx, base, { role: provider.role, regionId: region.id }, now);
      await tx
        .insert(ssoRequests)
        .values({
          ...base,
          regionId: region.id,
          role: provider.role,
          claims,
          status: "approved",
          accountId: account.id,
          decidedAt: now,
        })
        .onConflictDoUpdate({
          target: [ssoRequests.providerId, ssoRequests.subject],
          set: { status: "approved", accountId: account.id, decidedAt: now, decidedBy: null, claims },
        });
      await recordAudit(tx, {
        actorId: null,
        action: "sso.account-create",
        targetType: "account",
        targetId: account.id,
        reason: `${provider.id}: trusted for ${region.code}`,
        after: { email, role: account.role, regionId: region.id, provider: provider.id },
      });
      return { kind: "signed-in", account: pick(account) };
    }

    const [pending] = await tx
      .insert(ssoRequests)
      .values({ ...base, regionId: region.id, role: provider.role, claims, createdAt: now })
      .onConflictDoUpdate({
        target: [ssoRequests.providerId, ssoRequests.subject],
        set: {
          ...base,
          regionId: region.id,
          claims,
          status: "pending",
          accountId: null,
          decidedAt: null,
          decidedBy: null,
          reason: null,
          createdAt: now,
        },
      })
      .returning({ id: ssoRequests.id });
    await recordAudit(tx, {
      actorId: null,
      action: "sso.request",
      targetType: "sso_request",
      targetId: pending!.id,
      after: { email, provider: provider.id, regionId: region.id },
    });
    const admins = await tx
      .select({ id: accounts.id })
      .from(accounts)
      .where(and(eq(accounts.role, "admin"), notSuspendedAt(now)));
    await notify(
      tx,
      emit,
      admins.map((admin) => ({
        recipientId: admin.id,
        kind: "sso_pending" as const,
        actorId: null,
        link: "/admin?tab=sso",
        params: { actor: displayName },
      })),
    );
    return { kind: "pending", requestId: pending!.id };
  });
}

/** A signed-in person's click on "link": valid for a few minutes, for the next sign-in through that provider. */
export async function beginLink(
  deps: ServiceDeps,
  accountId: number,
  providerId: string,
): Promise<{ expiresAt: Date }> {
  const expiresAt = new Date(deps.now().getTime() + linkIntentMinutes * 60_000);
  await deps.db
    .insert(ssoLinkIntents)
    .values({ accountId, providerId, expiresAt })
    .onConflictDoUpdate({ target: [ssoLinkIntents.accountId, ssoLinkIntents.providerId], set: { expiresAt } });
  return { expiresAt };
}
