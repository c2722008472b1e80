import { describe, expect, it } from "vitest";
import { invitationsAt, nextInvitationChange, type InvitationListView } from "./live/invitation-list";
import { clockStep, maxTimeoutMs, timeoutUntil } from "./use-clock-states";

describe("timeoutUntil", () => {
  const now = new Date("2026-02-01T00:00:00.000Z");
  const ms = (offset: number) => new Date(now.getTime() + offset);
  it("waits until the boundary, at once for one already passed", () => {
    expect(timeoutUntil(ms(1_500), now)).toBe(1_500);
    expect(timeoutUntil(now, now)).toBe(0);
    expect(timeoutUntil(ms(-60_000), now)).toBe(0);
  });
  it("waits at most what setTimeout keeps, for a far end such as an indefinite suspension", () => {
    expect(timeoutUntil(new Date("9999-12-31T00:00:00.000Z"), now)).toBe(maxTimeoutMs);
  });
});

describe("clockStep", () => {
  const expiry = new Date("2026-02-01T00:00:00.000Z");
  const ms = (offset: number) => new Date(expiry.getTime() + offset);
  const row = (id: number, expiresAt: Date) => ({
    id,
    email: `i${id}@example.cn`,
    role: "member" as const,
    regionId: 1,
    organisation: "",
    expiresAt,
    redeemedAt: null,
    revokedAt: null,
    createdAt: new Date("2026-01-01T00:00:00.000Z"),
    invitedBy: null,
    status: "pending" as const,
  });
  const view: InvitationListView = { invitations: [row(2, ms(90_000)), row(1, expiry)], headSeq: 3 };
  const step = (v: InvitationListView, now: Date) => clockStep(v, now, invitationsAt, nextInvitationChange);

  it("waits one timeout to the nearest expiry, derives at it, then waits for the next", () => {
    expect(step(view, ms(-30_000))).toEqual({ kind: "wait", ms: 30_000 });
    expect(step(view, expiry)).toEqual({ kind: "derive" });
    const derived = invitationsAt(view, expiry).view;
    expect(step(derived, expiry)).toEqual({ kind: "wait", ms: 90_000 });
    const all = invitationsAt(derived, ms(90_000)).view;
    expect(step(all, ms(90_000))).toEqual({ kind: "idle" });
  });

  it("derives at once a row an event brought that had already passed (the timer fired late)", () => {
    expect(step(view, ms(200_000))).toEqual({ kind: "derive" });
  });
});
