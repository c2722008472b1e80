import type { LiveEvent } from "@/server/events/contract";
import type { ListedInvitation } from "@/server/features/admin/events";
import type { OnTheWire } from "@/shared/on-the-wire";
import { invitationStatus, nextBoundary } from "@/server/domain/time-states";
import { upsertInOrder } from "./keyed-list";

/** The invitations as invitations.list reads them (newest first, at most `limit`), with the admin stream's head. */
export interface InvitationListView {
  invitations: ListedInvitation[];
  headSeq: number;
}

/** The most invitations the list holds (listedInvitationsLimit on the server). */
export const invitationListLimit = 200;

const dateOrNull = (value: string | Date | null) => (value === null ? null : new Date(value));

/** An invitation's row from an event, dates as Dates. */
export function invitationFromEvent(row: OnTheWire<ListedInvitation> | ListedInvitation): ListedInvitation {
  return {
    ...row,
    expiresAt: new Date(row.expiresAt),
    redeemedAt: dateOrNull(row.redeemedAt),
    revokedAt: dateOrNull(row.revokedAt),
    createdAt: new Date(row.createdAt),
  };
}

const newestFirst = (a: ListedInvitation, b: ListedInvitation) =>
  b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id;

/** An invitation's row set into the list, in its place. */
export const withInvitation = (view: InvitationListView, row: ListedInvitation): InvitationListView => ({
  ...view,
  invitations: upsertInOrder(view.invitations, row, newestFirst, invitationListLimit),
});

/**
 * Applies one event of the admin stream to the invitations list: an issued, renewed, revoked or
 * redeemed invitation's row takes its place (a new one on top). Pure and seq-guarded; an event from
 * before they carried the row is read again.
 */
export function applyInvitationListEvent(
  view: InvitationListView,
  event: LiveEvent,
): { view: InvitationListView; refetch: boolean } {
  if (event.seq <= view.headSeq) return { view, refetch: false };
  const headSeq = event.seq;
  switch (event.type) {
    case "invitation:issued":
    case "invitation:revoked":
    case "invitation:redeemed": {
      const { invitation } = event.payload;
      if (invitation === undefined) return { view: { ...view, headSeq }, refetch: true };
      return { view: { ...withInvitation(view, invitationFromEvent(invitation)), headSeq }, refetch: false };
    }
    default:
      return { view: { ...view, headSeq }, refetch: false };
  }
}

/**
 * The list as it stands at `now`: an invitation past its expiry is expired, as the server reads it and
 * refuses to redeem it. No event tells of an expiry; the panel derives it at the boundary (useClockStates).
 * Only forward: a row the server read as expired stays so on a browser clock that runs behind.
 */
export function invitationsAt(view: InvitationListView, now: Date): { view: InvitationListView; refetch: boolean } {
  if (!view.invitations.some((row) => row.status === "pending" && invitationStatus(row, now) !== "pending"))
    return { view, refetch: false };
  const invitations = view.invitations.map((row) =>
    row.status === "pending" ? { ...row, status: invitationStatus(row, now) } : row,
  );
  return { view: { ...view, invitations }, refetch: false };
}

/** When the list next changes with the clock alone: the nearest expiry of a pending invitation. */
export const nextInvitationChange = (view: InvitationListView, now: Date): Date | null =>
  nextBoundary(
    view.invitations.filter((row) => row.status === "pending").map((row) => row.expiresAt),
    now,
  );
