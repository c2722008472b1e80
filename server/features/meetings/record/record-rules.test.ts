import { chinaDay, chinaDaysBetween } from "@/server/domain/china-time";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { confirmationStatuses } from "@/shared/meetings-vocabulary";
import {
  actionOverdue,
  mayAnswerForRegion,
  mayUpdateAction,
  meetingReminderSchedule,
  overdueNoticeAt,
  overdueNoticeOwed,
  participatingRegions,
  recordAnswerable,
  recordStatusOf,
  registerEntryMatches,
} from "./record-rules";

const answers = fc.array(
  fc.constantFrom(...confirmationStatuses).map((status) => ({ status })),
  { maxLength: 12 },
);

describe("the record's confirmation rule", () => {
  it("confirmed only when every region has confirmed, whatever the order", () => {
    fc.assert(
      fc.property(answers, (list) => {
        const status = recordStatusOf(list);
        const reversed = recordStatusOf([...list].reverse());
        expect(status).toBe(reversed);
        expect(status === "confirmed").toBe(list.length > 0 && list.every((a) => a.status === "confirmed"));
      }),
    );
  });

  it("one contesting region makes it contested; no rows is not yet sent", () => {
    fc.assert(
      fc.property(answers, (list) => {
        expect(recordStatusOf([...list, { status: "contested" }])).toBe("contested");
      }),
    );
    expect(recordStatusOf([])).toBe("not_sent");
    expect(recordStatusOf([{ status: "confirmed" }, { status: "pending" }])).toBe("pending");
  });

  it("answers are taken while pending or contested; a confirmed record is final", () => {
    expect(recordAnswerable("pending")).toBe(true);
    expect(recordAnswerable("contested")).toBe(true);
    expect(recordAnswerable("confirmed")).toBe(false);
    expect(recordAnswerable("not_sent")).toBe(false);
  });

  it("goes to the host and every registered region, each once, in order", () => {
    expect(participatingRegions(5, [3, 5, 3, 9])).toEqual([3, 5, 9]);
    expect(participatingRegions(2, [])).toEqual([2]);
  });

  it("a region is answered for by its own members only; admins and chairs elsewhere do not", () => {
    expect(mayAnswerForRegion({ role: "member", regionId: 4 }, 4)).toBe(true);
    expect(mayAnswerForRegion({ role: "member", regionId: 3 }, 4)).toBe(false);
    expect(mayAnswerForRegion({ role: "admin", regionId: 4 }, 4)).toBe(false);
    expect(mayAnswerForRegion({ role: "researcher", regionId: 4 }, 4)).toBe(false);
    expect(mayAnswerForRegion(null, 4)).toBe(false);
    expect(mayUpdateAction({ role: "member", regionId: 4, chair: false }, 4)).toBe(true);
    expect(mayUpdateAction({ role: "member", regionId: 3, chair: true }, 4)).toBe(true);
    expect(mayUpdateAction({ role: "member", regionId: 3, chair: false }, 4)).toBe(false);
    expect(mayUpdateAction({ role: "researcher", regionId: 4, chair: false }, 4)).toBe(false);
  });
});

describe("actions and their due days", () => {
  it("counts China days: 23:30 UTC is already the next day in China", () => {
    expect(chinaDay(new Date("2026-12-06T23:30:00Z"))).toBe("2026-12-07");
    expect(chinaDay(new Date("2026-12-06T15:59:00Z"))).toBe("2026-12-06");
    expect(chinaDaysBetween("2026-12-01", "2026-12-08")).toBe(7);
    expect(chinaDaysBetween("2026-12-08", "2026-12-01")).toBe(-7);
  });

  it("is overdue after its due day unless done or dropped", () => {
    expect(actionOverdue({ dueOn: "2026-12-01", status: "open" }, "2026-12-01")).toBe(false);
    expect(actionOverdue({ dueOn: "2026-12-01", status: "in_progress" }, "2026-12-02")).toBe(true);
    expect(actionOverdue({ dueOn: "2026-12-01", status: "done" }, "2026-12-20")).toBe(false);
    expect(actionOverdue({ dueOn: "2026-12-01", status: "dropped" }, "2026-12-20")).toBe(false);
  });

  it("the overdue notice falls due at China midnight seven days after the due day, and only if still owed", () => {
    expect(overdueNoticeAt("2026-12-01").toISOString()).toBe("2026-12-07T16:00:00.000Z");
    fc.assert(
      fc.property(fc.date({ min: new Date("2020-01-01"), max: new Date("2035-01-01"), noInvalidDate: true }), (at) => {
        const day = chinaDay(at);
        expect(chinaDay(overdueNoticeAt(day))).toBe(
          chinaDay(new Date(Date.parse(`${day}T00:00:00Z`) + 7 * 86_400_000)),
        );
        expect(overdueNoticeOwed({ dueOn: day, status: "open" }, day, chinaDay(overdueNoticeAt(day)))).toBe(true);
      }),
    );
    expect(overdueNoticeOwed({ dueOn: "2026-12-01", status: "open" }, "2026-12-01", "2026-12-07")).toBe(false);
    expect(overdueNoticeOwed({ dueOn: "2026-12-05", status: "open" }, "2026-12-01", "2026-12-20")).toBe(false);
    expect(overdueNoticeOwed({ dueOn: "2026-12-01", status: "done" }, "2026-12-01", "2026-12-20")).toBe(false);
  });

  it("sets the meeting reminders still ahead", () => {
    const start = new Date("2026-12-10T02:00:00Z");
    expect(meetingReminderSchedule(start, new Date("2026-12-01T00:00:00Z")).map((r) => r.key)).toEqual(["24h", "1h"]);
    expect(meetingReminderSchedule(start, new Date("2026-12-09T12:00:00Z")).map((r) => r.key)).toEqual(["1h"]);
    expect(meetingReminderSchedule(start, new Date("2026-12-10T01:30:00Z"))).toEqual([]);
  });
});

describe("the register's filters", () => {
  const entry = {
    hostRegionId: 1,
    regions: [{ regionId: 2 }],
    confirmations: [{ regionId: 3 }],
    recordStatus: "pending" as const,
    actions: [{ ownerRegionId: 4, dueOn: "2026-12-10", status: "open" as const }],
  };
  const none = { regionId: null, status: null, dueBy: null };
  it("matches a region by host, ballot, answer or action", () => {
    for (const regionId of [1, 2, 3, 4]) expect(registerEntryMatches(entry, { ...none, regionId })).toBe(true);
    expect(registerEntryMatches(entry, { ...none, regionId: 5 })).toBe(false);
  });
  it("matches status and unfinished actions due by a day", () => {
    expect(registerEntryMatches(entry, { ...none, status: "pending" })).toBe(true);
    expect(registerEntryMatches(entry, { ...none, status: "confirmed" })).toBe(false);
    expect(registerEntryMatches(entry, { ...none, dueBy: "2026-12-10" })).toBe(true);
    expect(registerEntryMatches(entry, { ...none, dueBy: "2026-12-09" })).toBe(false);
    expect(
      registerEntryMatches(
        { ...entry, actions: [{ ...entry.actions[0]!, status: "done" }] },
        { ...none, dueBy: "2026-12-31" },
      ),
    ).toBe(false);
  });
});
