import { chinaDay, chinaDaysBetween } from "@/server/domain/china-time";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { milestoneNoticeOwed, milestoneNoticeSchedule } from "./milestone-notices";

const days = fc
  .integer({
    min: Date.parse("2025-01-01T00:00:00Z") / 86_400_000,
    max: Date.parse("2030-12-31T00:00:00Z") / 86_400_000,
  })
  .map((n) => new Date(n * 86_400_000).toISOString().slice(0, 10));

describe("milestone notices", () => {
  it("sets the week-ahead notice for 09:00 China time seven days before and the late one the day after", () => {
    const schedule = milestoneNoticeSchedule("2026-05-20", new Date("2026-04-01T00:00:00Z"));
    expect(schedule.map((s) => [s.notice, s.dueAt.toISOString()])).toEqual([
      ["due", "2026-05-13T01:00:00.000Z"],
      ["late", "2026-05-21T01:00:00.000Z"],
    ]);
  });

  it("drops a week-ahead notice whose moment has passed but keeps the late one", () => {
    const schedule = milestoneNoticeSchedule("2026-05-20", new Date("2026-05-16T00:00:00Z"));
    expect(schedule.map((s) => s.notice)).toEqual(["late"]);
  });

  it("reads China days across midnight UTC", () => {
    expect(chinaDay(new Date("2026-05-20T15:59:59Z"))).toBe("2026-05-20");
    expect(chinaDay(new Date("2026-05-20T16:00:00Z"))).toBe("2026-05-21");
  });

  it("owes a notice only for an unfinished milestone still due on the day it was set for", () => {
    const open = { dueOn: "2026-05-20", doneOn: null };
    expect(milestoneNoticeOwed(open, "late", "2026-05-20", "2026-05-21")).toBe(true);
    expect(milestoneNoticeOwed(open, "due", "2026-05-20", "2026-05-13")).toBe(true);
    expect(milestoneNoticeOwed({ ...open, doneOn: "2026-05-19" }, "late", "2026-05-20", "2026-05-21")).toBe(false);
    expect(milestoneNoticeOwed({ ...open, dueOn: "2026-06-20" }, "late", "2026-05-20", "2026-05-21")).toBe(false);
    expect(milestoneNoticeOwed(open, "late", "2026-05-20", "2026-05-20")).toBe(false);
    expect(milestoneNoticeOwed(open, "due", "2026-05-20", "2026-05-21")).toBe(false);
  });

  it("runs each scheduled job on a day where its own notice is owed and the other is not", () => {
    fc.assert(
      fc.property(days, (dueOn) => {
        const schedule = milestoneNoticeSchedule(dueOn, new Date("2024-01-01T00:00:00Z"));
        for (const { notice, dueAt } of schedule) {
          const today = chinaDay(dueAt);
          const other = notice === "due" ? "late" : "due";
          expect(milestoneNoticeOwed({ dueOn, doneOn: null }, notice, dueOn, today)).toBe(true);
          expect(milestoneNoticeOwed({ dueOn, doneOn: null }, other, dueOn, today)).toBe(false);
          expect(chinaDaysBetween(dueOn, today)).toBe(notice === "due" ? -7 : 1);
        }
      }),
    );
  });

  it("never schedules a notice at or before now", () => {
    fc.assert(
      fc.property(days, fc.integer({ min: -40, max: 40 }), (dueOn, offset) => {
        const now = new Date(Date.parse(`${dueOn}T00:00:00Z`) + offset * 86_400_000);
        for (const { notice, dueAt } of milestoneNoticeSchedule(dueOn, now))
          if (notice === "due") expect(dueAt.getTime()).toBeGreaterThan(now.getTime());
      }),
    );
  });
});
