import { describe, expect, it } from "vitest";
import { streamKey } from "@/server/domain/stream-access";
import type { LiveEvent } from "@/server/events/contract";
import type { ListedInvitation } from "@/server/features/admin/events";
import { onTheWire } from "@/shared/on-the-wire";
import {
  applyInvitationListEvent,
  invitationListLimit,
  invitationsAt,
  nextInvitationChange,
  type InvitationListView,
} from "./invitation-list";

const invitation = (id: number, over: Partial<ListedInvitation> = {}): ListedInvitation => ({
  id,
  email: `i${id}@example.cn`,
  role: "member",
  regionId: 1,
  organisation: "",
  expiresAt: new Date("2026-02-01T00:00:00.000Z"),
  redeemedAt: null,
  revokedAt: null,
  createdAt: new Date(Date.UTC(2026, 0, id)),
  invitedBy: "Admin",
  status: "pending",
  ...over,
});
const view = (): InvitationListView => ({ invitations: [invitation(3), invitation(2), invitation(1)], headSeq: 5 });
const event = (
  type: "invitation:issued" | "invitation:revoked" | "invitation:redeemed",
  row: ListedInvitation | null,
  seq = 6,
): LiveEvent =>
  ({
    stream: streamKey({ kind: "admin" }),
    seq,
    at: "2026-01-09T00:00:00.000Z",
    type,
    payload: { invitationId: row?.id ?? 1, accountId: 40, ...(row ? { invitation: onTheWire(row) } : {}) },
  }) as LiveEvent;

describe("applyInvitationListEvent", () => {
  it("puts an issued invitation on top and replaces a revoked, renewed or redeemed one in place", () => {
    const issued = applyInvitationListEvent(view(), event("invitation:issued", invitation(4)));
    expect(issued).toMatchObject({ refetch: false, view: { headSeq: 6 } });
    expect(issued.view.invitations.map((i) => i.id)).toEqual([4, 3, 2, 1]);
    const revokedAt = new Date("2026-01-09T00:00:00.000Z");
    const revoked = applyInvitationListEvent(
      issued.view,
      event("invitation:revoked", invitation(2, { revokedAt, status: "revoked" }), 7),
    );
    expect(revoked.view.invitations[2]).toEqual(invitation(2, { revokedAt, status: "revoked" }));
    const redeemed = applyInvitationListEvent(
      revoked.view,
      event("invitation:redeemed", invitation(3, { redeemedAt: revokedAt, status: "redeemed" }), 8),
    );
    expect(redeemed.view.invitations.map((i) => i.status)).toEqual(["pending", "redeemed", "revoked", "pending"]);
    expect(applyInvitationListEvent(redeemed.view, event("invitation:issued", invitation(9), 8)).view).toBe(
      redeemed.view,
    );
  });

  it("keeps the newest of a full list, reads again without a row, only moves the head for other events", () => {
    const full = {
      invitations: Array.from({ length: invitationListLimit }, (_, i) => invitation(invitationListLimit - i)),
      headSeq: 5,
    };
    const pushed = applyInvitationListEvent(full, event("invitation:issued", invitation(500)));
    expect(pushed.view.invitations).toHaveLength(invitationListLimit);
    expect(pushed.view.invitations[0]?.id).toBe(500);
    expect(pushed.view.invitations.some((i) => i.id === 1)).toBe(false);
    expect(applyInvitationListEvent(view(), event("invitation:revoked", null))).toEqual({
      view: { ...view(), headSeq: 6 },
      refetch: true,
    });
    const other = { ...event("invitation:issued", null), type: "blocked-words:changed", payload: {} } as LiveEvent;
    expect(applyInvitationListEvent(view(), other)).toEqual({ view: { ...view(), headSeq: 6 }, refetch: false });
  });
});

describe("invitationsAt", () => {
  const expiry = new Date("2026-02-01T00:00:00.000Z");
  const ms = (offset: number) => new Date(expiry.getTime() + offset);
  const held = (): InvitationListView => ({
    invitations: [
      invitation(4, { expiresAt: ms(60_000) }),
      invitation(3),
      invitation(2, { revokedAt: ms(-10), status: "revoked" }),
      invitation(1, { expiresAt: ms(-1), status: "expired" }),
    ],
    headSeq: 5,
  });

  it("shows a pending invitation as expired from its expiry instant on, as the server refuses it", () => {
    expect(invitationsAt(held(), ms(-1)).view).toEqual(held());
    const at = invitationsAt(held(), expiry);
    expect(at.refetch).toBe(false);
    expect(at.view.invitations.map((i) => i.status)).toEqual(["pending", "expired", "revoked", "expired"]);
    expect(at.view.headSeq).toBe(5);
    expect(invitationsAt(held(), ms(60_000)).view.invitations.map((i) => i.status)).toEqual([
      "expired",
      "expired",
      "revoked",
      "expired",
    ]);
  });

  it("keeps the same view when nothing passed, and never turns an expired row back on a clock behind", () => {
    const view = held();
    expect(invitationsAt(view, ms(-1)).view).toBe(view);
    expect(invitationsAt(view, ms(-3_600_000)).view.invitations[3]!.status).toBe("expired");
  });

  it("next changes at the nearest pending expiry after now", () => {
    expect(nextInvitationChange(held(), ms(-5))).toEqual(expiry);
    expect(nextInvitationChange(held(), expiry)).toEqual(ms(60_000));
    expect(nextInvitationChange(held(), ms(60_000))).toBeNull();
  });
});
