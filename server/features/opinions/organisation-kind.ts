import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { accountOrganisationKinds } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import { recordAudit } from "@/server/infra/audit";
import type { ServiceDeps } from "@/server/infra/deps";
import { transact } from "@/server/infra/transact";
import type { OrganisationKind } from "@/shared/opinion-vocabulary";

export async function myOrganisationKind(db: Db, actor: SessionUser): Promise<OrganisationKind | null> {
  const [row] = await db
    .select({ kind: accountOrganisationKinds.kind })
    .from(accountOrganisationKinds)
    .where(eq(accountOrganisationKinds.accountId, actor.id));
  return row?.kind ?? null;
}

/** A profile field: the kind of organisation the person works for (or none said). */
export async function setOrganisationKind(deps: ServiceDeps, actor: SessionUser, kind: OrganisationKind | null) {
  return transact(deps, async (tx) => {
    if (kind === null)
      await tx.delete(accountOrganisationKinds).where(eq(accountOrganisationKinds.accountId, actor.id));
    else
      await tx
        .insert(accountOrganisationKinds)
        .values({ accountId: actor.id, kind, updatedAt: deps.now() })
        .onConflictDoUpdate({ target: accountOrganisationKinds.accountId, set: { kind, updatedAt: deps.now() } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "account.organisation_kind",
      targetType: "account",
      targetId: actor.id,
      after: { kind },
    });
    return { kind };
  });
}
