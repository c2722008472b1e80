import { describe, expect, it } from "vitest";
import {
  deliveryFor,
  digestSlot,
  preferenceFor,
  reminderSchedule,
  retryDelayMs,
  unsubscribeToken,
  verifyUnsubscribeToken,
} from "./notification-delivery";

const secret = "s".repeat(40);

describe("notification delivery", () => {
  it("uses a stored choice over the default", () => {
    expect(preferenceFor("reply", undefined)).toEqual({ inApp: true, email: "daily" });
    expect(preferenceFor("reply", new Map([["reply", { inApp: false, email: "off" }]]))).toEqual({
      inApp: false,
      email: "off",
    });
  });

  it("drops mail when the server has none, and the whole item when nothing is wanted", () => {
    expect(deliveryFor({ inApp: true, email: "immediate" }, false)).toEqual({ inApp: true, email: "off" });
    expect(deliveryFor({ inApp: false, email: "immediate" }, false)).toBeNull();
    expect(deliveryFor({ inApp: false, email: "daily" }, true)).toEqual({ inApp: false, email: "daily" });
  });

  it("puts the digest at the next midnight in China", () => {
    expect(digestSlot(new Date("2026-11-29T10:00:00Z"))).toEqual({
      day: "2026-11-29",
      dueAt: new Date("2026-11-29T16:00:00Z"),
    });
    expect(digestSlot(new Date("2026-11-29T17:00:00Z"))).toEqual({
      day: "2026-11-30",
      dueAt: new Date("2026-11-30T16:00:00Z"),
    });
  });

  it("schedules only reminders still ahead at opening", () => {
    const opened = new Date("2026-11-29T00:00:00Z");
    expect(reminderSchedule(opened, new Date("2026-12-01T00:00:00Z")).map((r) => r.kind)).toEqual([
      "ballot_closing_24h",
      "ballot_closing_1h",
    ]);
    expect(reminderSchedule(opened, new Date("2026-11-29T05:00:00Z"))).toEqual([
      { kind: "ballot_closing_1h", dueAt: new Date("2026-11-29T04:00:00Z") },
    ]);
    expect(reminderSchedule(opened, new Date("2026-11-29T00:30:00Z"))).toEqual([]);
  });

  it("backs off and caps retries", () => {
    expect(retryDelayMs(1)).toBe(30_000);
    expect(retryDelayMs(3)).toBe(120_000);
    expect(retryDelayMs(20)).toBe(3_600_000);
  });

  it("accepts its own unsubscribe token and refuses altered ones", () => {
    const token = unsubscribeToken(secret, 12, "reply");
    expect(verifyUnsubscribeToken(secret, token)).toEqual({ accountId: 12, kind: "reply" });
    expect(verifyUnsubscribeToken(secret, token.replace("12.", "13."))).toBeNull();
    expect(verifyUnsubscribeToken(secret, token.replace("reply", "mention"))).toBeNull();
    expect(verifyUnsubscribeToken("t".repeat(40), token)).toBeNull();
  });
});
