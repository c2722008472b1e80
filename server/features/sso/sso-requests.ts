import { and, asc, eq } from "drizzle-orm";
import type { z } from "zod";
import { regions, ssoRequests } from "@/db/schema";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/infra/audit";
import type { SessionUser } from "@/server/infra/auth/session";
import type { ServiceDeps } from "@/server/infra/deps";
import { transact } from "@/server/infra/transact";
import type { approveRequestInput, refuseRequestInput } from "./contract";
import { providerById } from "./providers";
import { createSsoAccount } from "./sso-sign-in";

/** First sign-ins waiting for an admin, oldest first. */
export async function listPendingRequests(deps: Pick<ServiceDeps, "db">) {
  const rows = await deps.db
    .select({
      id: ssoRequests.id,
      providerId: ssoRequests.providerId,
      email: ssoRequests.email,
      displayName: ssoRequests.displayName,
      organisation: ssoRequests.organisation,
      role: ssoRequests.role,
      regionId: ssoRequests.regionId,
      regionNameZh: regions.nameZh,
      regionNameEn: regions.nameEn,
      createdAt: ssoRequests.createdAt,
    })
    .from(ssoRequests)
    .innerJoin(regions, eq(regions.id, ssoRequests.regionId))
    .where(eq(ssoRequests.status, "pending"))
    .orderBy(asc(ssoRequests.createdAt), asc(ssoRequests.id))
    .limit(200);
  return rows.map((row) => ({ ...row, providerLabel: providerById(row.providerId)?.label ?? null }));
}

async function lockPending(tx: Parameters<Parameters<typeof transact>[1]>[0], requestId: number) {
  const [request] = await tx
    .select()
    .from(ssoRequests)
    .where(and(eq(ssoRequests.id, requestId)))
    .for("update");
  if (!request) throw new AppError("SSO_REQUEST_NOT_FOUND", "That sign-in request does not exist");
  if (request.status !== "pending")
    throw new AppError("SSO_REQUEST_DECIDED", "That sign-in request was already decided");
  return request;
}

/** Creates the account, linked to the identity; the person's next sign-in through the provider lets them in. */
export async function approveRequest(
  deps: ServiceDeps,
  admin: SessionUser,
  input: z.output<typeof approveRequestInput>,
) {
  return transact(deps, async (tx) => {
    const request = await lockPending(tx, input.requestId);
    const now = deps.now();
    const account = await createSsoAccount(tx, request, { role: input.role, regionId: request.regionId }, now);
    await tx
      .update(ssoRequests)
      .set({ status: "approved", accountId: account.id, role: input.role, decidedBy: admin.id, decidedAt: now })
      .where(eq(ssoRequests.id, request.id));
    await recordAudit(tx, {
      actorId: admin.id,
      action: "sso.approve",
      targetType: "account",
      targetId: account.id,
      after: { email: account.email, role: account.role, regionId: account.regionId, provider: request.providerId },
    });
    return { requestId: request.id, accountId: account.id };
  });
}

/** The person's later sign-ins through that provider are refused until an admin invites them otherwise. */
export async function refuseRequest(deps: ServiceDeps, admin: SessionUser, input: z.output<typeof refuseRequestInput>) {
  return transact(deps, async (tx) => {
    const request = await lockPending(tx, input.requestId);
    const now = deps.now();
    await tx
      .update(ssoRequests)
      .set({ status: "refused", decidedBy: admin.id, decidedAt: now, reason: input.reason || null })
      .where(eq(ssoRequests.id, request.id));
    await recordAudit(tx, {
      actorId: admin.id,
      action: "sso.refuse",
      targetType: "sso_request",
      targetId: request.id,
      reason: input.reason || null,
      before: { email: request.email, provider: request.providerId },
    });
    return { requestId: request.id };
  });
}
