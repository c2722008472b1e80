import type { LiveEvent } from "@/server/events/contract";
import type { ListedInvitation } from "@/server/features/admin/events";
import type { OnTheWire } from "@/shared/on-the-wire";
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
