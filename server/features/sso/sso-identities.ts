import { and, eq } from "drizzle-orm";
import { ssoIdentities } from "@/db/schema";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/infra/audit";
import type { SessionUser } from "@/server/infra/auth/session";
import type { ServiceDeps } from "@/server/infra/deps";
import { transact } from "@/server/infra/transact";
import { configuredProviders, providerById } from "./providers";
import { beginLink } from "./sso-sign-in";

/** The person's own providers: each configured one, linked or not. Only ever the caller's own rows. */
export async function myIdentities(deps: Pick<ServiceDeps, "db">, user: SessionUser) {
  const linked = await deps.db
    .select({
      providerId: ssoIdentities.providerId,
      linkedAt: ssoIdentities.linkedAt,
      lastSignInAt: ssoIdentities.lastSignInAt,
    })
    .from(ssoIdentities)
    .where(eq(ssoIdentities.accountId, user.id));
  const byProvider = new Map(linked.map((row) => [row.providerId, row]));
  return configuredProviders().map((provider) => ({
    providerId: provider.id,
    label: provider.label,
    linkedAt: byProvider.get(provider.id)?.linkedAt ?? null,
    lastSignInAt: byProvider.get(provider.id)?.lastSignInAt ?? null,
  }));
}

export async function startLink(deps: ServiceDeps, user: SessionUser, providerId: string) {
  if (!providerById(providerId))
    throw new AppError("SSO_PROVIDER_NOT_FOUND", "That sign-in provider is not configured");
  return beginLink(deps, user.id, providerId);
}

/** Unlinking leaves the password: an account created by SSO sets one first through the reset flow. */
export async function unlink(deps: ServiceDeps, user: SessionUser, providerId: string) {
  return transact(deps, async (tx) => {
    const [removed] = await tx
      .delete(ssoIdentities)
      .where(and(eq(ssoIdentities.accountId, user.id), eq(ssoIdentities.providerId, providerId)))
      .returning({ id: ssoIdentities.id });
    if (!removed) throw new AppError("SSO_NOT_LINKED", "This sign-in provider is not linked to your account");
    await recordAudit(tx, {
      actorId: user.id,
      action: "sso.unlink",
      targetType: "account",
      targetId: user.id,
      before: { provider: providerId },
    });
    return { providerId };
  });
}
