import { describe, expect, it } from "vitest";
import { invitationExpiresAt, invitationStatus, isSuspended, nextBoundary } from "./time-states";

const at = new Date("2026-03-01T08:00:00.000Z");
const ms = (offset: number) => new Date(at.getTime() + offset);

describe("invitation status", () => {
  const open = { redeemedAt: null, revokedAt: null, expiresAt: at };
  it("is pending until the expiry instant and expired from it on", () => {
    expect(invitationStatus(open, ms(-1))).toBe("pending");
    expect(invitationStatus(open, at)).toBe("expired");
    expect(invitationStatus(open, ms(1))).toBe("expired");
  });
  it("expires its time to live after it was issued, and is pending until then", () => {
    const expiresAt = invitationExpiresAt(at, 72);
    expect(expiresAt).toEqual(new Date("2026-03-04T08:00:00.000Z"));
    expect(invitationStatus({ ...open, expiresAt }, ms(72 * 3_600_000 - 1))).toBe("pending");
    expect(invitationStatus({ ...open, expiresAt }, ms(72 * 3_600_000))).toBe("expired");
  });
  it("keeps a redemption or a revocation past the expiry", () => {
    expect(invitationStatus({ ...open, redeemedAt: ms(-5) }, ms(10))).toBe("redeemed");
    expect(invitationStatus({ ...open, revokedAt: ms(-5) }, ms(10))).toBe("revoked");
  });
});

describe("suspension", () => {
  it("holds before its end and not at the end instant", () => {
    expect(isSuspended(at, ms(-1))).toBe(true);
    expect(isSuspended(at, at)).toBe(false);
    expect(isSuspended(at, ms(1))).toBe(false);
    expect(isSuspended(null, at)).toBe(false);
  });
});

describe("next boundary", () => {
  it("is the earliest instant strictly after now", () => {
    expect(nextBoundary([ms(30), null, ms(-5), at, ms(10)], at)).toEqual(ms(10));
    expect(nextBoundary([at, ms(-1), null], at)).toBeNull();
    expect(nextBoundary([], at)).toBeNull();
  });
});
