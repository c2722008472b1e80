import { chinaDay, chinaDaysBetween } from "@/server/domain/china-time";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { reviewDueNoticeOwed, reviewDueNoticeSchedule, reviewDueProblem } from "./review-due";

const days = fc
  .integer({
    min: Date.parse("2025-01-01T00:00:00Z") / 86_400_000,
    max: Date.parse("2030-12-31T00:00:00Z") / 86_400_000,
  })
  .map((n) => new Date(n * 86_400_000).toISOString().slice(0, 10));

describe("review due notices", () => {
  it("sets 09:00 China time three days before and on the due day", () => {
    const schedule = reviewDueNoticeSchedule("2026-05-20", new Date("2026-05-01T00:00:00Z"));
    expect(schedule.map((s) => [s.notice, s.dueAt.toISOString()])).toEqual([
      ["soon", "2026-05-17T01:00:00.000Z"],
      ["today", "2026-05-20T01:00:00.000Z"],
    ]);
  });

  it("drops notices whose moment has passed", () => {
    expect(reviewDueNoticeSchedule("2026-05-20", new Date("2026-05-18T00:00:00Z")).map((s) => s.notice)).toEqual([
      "today",
    ]);
    expect(reviewDueNoticeSchedule("2026-05-20", new Date("2026-05-20T02:00:00Z"))).toEqual([]);
  });

  it("is owed only for the due day it was set for, while the call takes reviews, not after the day", () => {
    const call = { status: "review" as const, reviewDueOn: "2026-05-20" };
    expect(reviewDueNoticeOwed(call, "2026-05-20", "2026-05-17")).toBe(true);
    expect(reviewDueNoticeOwed(call, "2026-05-20", "2026-05-20")).toBe(true);
    expect(reviewDueNoticeOwed(call, "2026-05-20", "2026-05-21")).toBe(false);
    expect(reviewDueNoticeOwed({ ...call, reviewDueOn: "2026-05-27" }, "2026-05-20", "2026-05-17")).toBe(false);
    expect(reviewDueNoticeOwed({ ...call, status: "selection" }, "2026-05-20", "2026-05-17")).toBe(false);
    expect(reviewDueNoticeOwed({ ...call, reviewDueOn: null }, "2026-05-20", "2026-05-17")).toBe(false);
  });

  it("property: every scheduled notice lies in the future, on a China day at most three days before the due day, and is owed then", () => {
    fc.assert(
      fc.property(days, fc.integer({ min: -10, max: 10 }), (dueOn, offset) => {
        const now = new Date(Date.parse(`${dueOn}T00:00:00Z`) + offset * 86_400_000);
        for (const { dueAt } of reviewDueNoticeSchedule(dueOn, now)) {
          expect(dueAt.getTime()).toBeGreaterThan(now.getTime());
          const before = chinaDaysBetween(chinaDay(dueAt), dueOn);
          expect([0, 3]).toContain(before);
          expect(reviewDueNoticeOwed({ status: "review", reviewDueOn: dueOn }, dueOn, chinaDay(dueAt))).toBe(true);
        }
      }),
    );
  });

  it("property: a moved due day silences every notice set for the old one", () => {
    fc.assert(
      fc.property(days, days, days, (oldDay, newDay, today) => {
        fc.pre(oldDay !== newDay);
        expect(reviewDueNoticeOwed({ status: "review", reviewDueOn: newDay }, oldDay, today)).toBe(false);
      }),
    );
  });

  it("refuses a due day before the deadline's China day or after the award", () => {
    const deadline = new Date("2026-05-10T15:30:00Z"); // 2026-05-10 23:30 in China
    expect(reviewDueProblem({ status: "open", deadline }, "2026-05-09")).not.toBeNull();
    expect(reviewDueProblem({ status: "open", deadline }, "2026-05-10")).toBeNull();
    expect(reviewDueProblem({ status: "selection", deadline }, "2026-06-01")).toBeNull();
    expect(reviewDueProblem({ status: "awarded", deadline }, "2026-06-01")).not.toBeNull();
  });
});
