import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import { accounts, invitations, regions } from "@/db/schema";
import type { issueInvitationInput, redeemInvitationInput } from "./contract";
import type { SessionUser } from "@/server/infra/auth/session";
import type { Locale } from "@/shared/vocabulary";
import { AppError } from "@/server/errors";
import { queueAccountMail } from "./account-mail";
import { recordAudit } from "@/server/infra/audit";
import { insertAccount } from "./create-account";
import type { ServiceDeps } from "@/server/infra/deps";
import { notifyInvitationRedeemed } from "@/server/features/notifications";
import { transact } from "@/server/infra/transact";
import { streamKey } from "@/server/domain/stream-access";
import type { Db } from "@/db/client";
import type { ListedInvitation } from "@/server/features/admin/events";
import { readAtStreamHead } from "@/server/infra/realtime/catch-up";
import { onTheWire, type OnTheWire } from "@/shared/on-the-wire";
import { listedAccount } from "./listed-accounts";
import { invitationExpiresAt, invitationStatus } from "@/server/domain/time-states";

/** Only a hash is stored, so a leaked database does not hand out working links. */
export function hashInviteToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function issueInvitation(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof issueInvitationInput>) {
  return answeredWithInvitation(deps, insertInvitation(deps, actor, input));
}

async function insertInvitation(deps: ServiceDeps, actor: SessionUser, input: z.output<typeof issueInvitationInput>) {
  return transact(deps, async (tx, emit) => {
    const [region] = await tx.select().from(regions).where(eq(regions.id, input.regionId));
    if (!region) throw new AppError("REGION_NOT_FOUND", `Region ${input.regionId} does not exist`);
    if (region.retiredAt) throw new AppError("REGION_RETIRED", "That region has been retired; choose another");
    const [existing] = await tx
      .select({ id: accounts.id })
      .from(accounts)
      .where(sql`lower(${accounts.email}) = ${input.email}`);
    if (existing) throw new AppError("EMAIL_TAKEN", "An account with this email already exists");

    const token = randomBytes(32).toString("base64url");
    const expiresAt = invitationExpiresAt(deps.now(), deps.inviteTtlHours);
    const [row] = await tx
      .insert(invitations)
      .values({
        tokenHash: hashInviteToken(token),
        email: input.email,
        role: input.role,
        regionId: input.regionId,
        organisation: input.organisation,
        invitedById: actor.id,
        expiresAt,
      })
      .returning();
    if (!row) throw new Error("Invitation insert returned no row");
    await recordAudit(tx, {
      actorId: actor.id,
      action: "invitation.issue",
      targetType: "invitation",
      targetId: row.id,
      after: { email: row.email, role: row.role, regionId: row.regionId, expiresAt: row.expiresAt.toISOString() },
    });
    await emit(adminStream, "invitation:issued", {
      invitationId: row.id,
      invitation: await listedInvitation(tx, row.id, deps.now()),
    });
    return { id: row.id, token, path: `/invite/${token}`, expiresAt };
  });
}

/** Invitations as the admin's list reads them, newest first, or the one of `invitationId`. */
async function readListedInvitations(db: Db, now: Date, invitationId?: number): Promise<ListedInvitation[]> {
  const rows = await db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      regionId: invitations.regionId,
      organisation: invitations.organisation,
      expiresAt: invitations.expiresAt,
      redeemedAt: invitations.redeemedAt,
      revokedAt: invitations.revokedAt,
      createdAt: invitations.createdAt,
      invitedBy: accounts.displayName,
    })
    .from(invitations)
    .leftJoin(accounts, eq(accounts.id, invitations.invitedById))
    .where(invitationId === undefined ? undefined : eq(invitations.id, invitationId))
    .orderBy(desc(invitations.createdAt), desc(invitations.id))
    .limit(listedInvitationsLimit);
  return rows.map((row) => ({ ...row, status: invitationStatus(row, now) }));
}

/** The most invitations the admin's list shows. */
export const listedInvitationsLimit = 200;

/** The list with the admin stream's head from the same snapshot: the panel follows the stream from it. */
export function listInvitations(deps: ServiceDeps) {
  const now = deps.now();
  return readAtStreamHead(deps.db, adminStream, async (db) => ({
    invitations: await readListedInvitations(db, now),
  }));
}

/** An invitation's row as the admin stream carries it, read in the change's transaction. */
async function listedInvitation(tx: Db, invitationId: number, now: Date): Promise<OnTheWire<ListedInvitation>> {
  const [row] = await readListedInvitations(tx, now, invitationId);
  if (!row) throw new Error(`invitation ${invitationId} vanished in its own transaction`);
  return onTheWire(row);
}

/** An admin's invitation change answered with its row read after commit, with the admin stream's head. */
async function answeredWithInvitation<T extends { id: number }>(deps: ServiceDeps, change: Promise<T>) {
  const answer = await change;
  return readAtStreamHead(deps.db, adminStream, async (db) => ({
    ...answer,
    invitation: (await readListedInvitations(db, deps.now(), answer.id))[0] ?? null,
  }));
}

const adminStream = streamKey({ kind: "admin" });

export function revokeInvitation(deps: ServiceDeps, actor: SessionUser, invitationId: number) {
  return answeredWithInvitation(deps, withdrawInvitation(deps, actor, invitationId));
}

async function withdrawInvitation(deps: ServiceDeps, actor: SessionUser, invitationId: number) {
  return transact(deps, async (tx, emit) => {
    const [row] = await tx.select().from(invitations).where(eq(invitations.id, invitationId)).for("update");
    if (!row) throw new AppError("INVITE_NOT_FOUND", "That invitation does not exist");
    const status = invitationStatus(row, deps.now());
    if (status === "redeemed") throw new AppError("INVITE_USED", "That invitation has already been used");
    if (status === "revoked") return { id: row.id, status };
    await tx.update(invitations).set({ revokedAt: deps.now() }).where(eq(invitations.id, row.id));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "invitation.revoke",
      targetType: "invitation",
      targetId: row.id,
      before: { status },
      after: { status: "revoked" },
    });
    await emit(adminStream, "invitation:revoked", {
      invitationId: row.id,
      invitation: await listedInvitation(tx, row.id, deps.now()),
    });
    return { id: row.id, status: "revoked" as const };
  });
}

/**
 * Renews an invitation not yet used (pending or expired): a fresh link and expiry replace the old
 * ones, so a link that may have leaked stops working. Mailed when mail is on; the link is returned
 * either way for the admin to pass on.
 */
/** `locale`: the invitee has no language setting yet, so the mail is in the inviting admin's. */
export function renewInvitation(deps: ServiceDeps, actor: SessionUser, invitationId: number, locale: Locale) {
  return answeredWithInvitation(deps, refreshInvitation(deps, actor, invitationId, locale));
}

async function refreshInvitation(deps: ServiceDeps, actor: SessionUser, invitationId: number, locale: Locale) {
  return transact(deps, async (tx, emit) => {
    const [row] = await tx.select().from(invitations).where(eq(invitations.id, invitationId)).for("update");
    if (!row) throw new AppError("INVITE_NOT_FOUND", "That invitation does not exist");
    const status = invitationStatus(row, deps.now());
    if (status === "redeemed") throw new AppError("INVITE_USED", "That invitation has already been used");
    if (status === "revoked") throw new AppError("INVITE_REVOKED", "That invitation was withdrawn; issue a new one");
    const token = randomBytes(32).toString("base64url");
    const expiresAt = invitationExpiresAt(deps.now(), deps.inviteTtlHours);
    await tx
      .update(invitations)
      .set({ tokenHash: hashInviteToken(token), expiresAt })
      .where(eq(invitations.id, row.id));
    const path = `/invite/${token}`;
    const mailed = await queueAccountMail(tx, deps.mail ?? null, {
      kind: "invitation",
      recipientId: null,
      to: row.email,
      name: null,
      locale,
      path,
      expiresAt,
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "invitation.renew",
      targetType: "invitation",
      targetId: row.id,
      before: { status, expiresAt: row.expiresAt.toISOString() },
      after: { status: "pending", expiresAt: expiresAt.toISOString(), mailed },
    });
    await emit(adminStream, "invitation:issued", {
      invitationId: row.id,
      invitation: await listedInvitation(tx, row.id, deps.now()),
    });
    return { id: row.id, path, expiresAt, mailed };
  });
}

function assertUsable(
  row: { redeemedAt: Date | null; revokedAt: Date | null; expiresAt: Date } | undefined,
  now: Date,
) {
  if (!row) throw new AppError("INVITE_NOT_FOUND", "This invitation link is not valid");
  const status = invitationStatus(row, now);
  if (status === "redeemed") throw new AppError("INVITE_USED", "This invitation has already been used");
  if (status === "revoked")
    throw new AppError("INVITE_REVOKED", "This invitation has been withdrawn by an administrator");
  if (status === "expired")
    throw new AppError("INVITE_EXPIRED", "This invitation has expired; ask an administrator for a new one");
}

export async function previewInvitation(deps: ServiceDeps, token: string) {
  const [row] = await deps.db
    .select({
      email: invitations.email,
      role: invitations.role,
      organisation: invitations.organisation,
      expiresAt: invitations.expiresAt,
      redeemedAt: invitations.redeemedAt,
      revokedAt: invitations.revokedAt,
      region: { id: regions.id, code: regions.code, nameZh: regions.nameZh, nameEn: regions.nameEn },
    })
    .from(invitations)
    .innerJoin(regions, eq(regions.id, invitations.regionId))
    .where(eq(invitations.tokenHash, hashInviteToken(token)));
  assertUsable(row, deps.now());
  const { redeemedAt: _r, revokedAt: _v, ...preview } = row!;
  return preview;
}

export async function redeemInvitation(deps: ServiceDeps, input: z.output<typeof redeemInvitationInput>) {
  return transact(deps, async (tx, emit) => {
    // Locking the row makes two redemptions of one link race to a single winner.
    const [row] = await tx
      .select()
      .from(invitations)
      .where(eq(invitations.tokenHash, hashInviteToken(input.token)))
      .for("update");
    assertUsable(row, deps.now());
    const invitation = row!;
    const account = await insertAccount(tx, {
      email: invitation.email,
      displayName: input.displayName,
      organisation: input.organisation,
      role: invitation.role,
      regionId: invitation.regionId,
      password: input.password,
    });
    const updated = await tx
      .update(invitations)
      .set({ redeemedAt: deps.now(), redeemedById: account.id })
      .where(and(eq(invitations.id, invitation.id), isNull(invitations.redeemedAt)))
      .returning({ id: invitations.id });
    if (updated.length !== 1) throw new AppError("INVITE_USED", "This invitation has already been used");
    await recordAudit(tx, {
      actorId: account.id,
      action: "invitation.redeem",
      targetType: "invitation",
      targetId: invitation.id,
      after: { accountId: account.id, role: account.role, regionId: account.regionId },
    });
    await emit(adminStream, "invitation:redeemed", {
      invitationId: invitation.id,
      accountId: account.id,
      invitation: await listedInvitation(tx, invitation.id, deps.now()),
      account: await listedAccount(tx, account.id, deps.now()),
    });
    await notifyInvitationRedeemed(tx, emit, invitation.invitedById, account);
    return { accountId: account.id, email: account.email };
  });
}
