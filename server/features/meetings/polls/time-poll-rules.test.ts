import { chinaDay } from "@/server/domain/china-time";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pollAnswers } from "@/shared/meetings-vocabulary";
import { seedCalendarDays } from "@/db/seed-calendar-days";
import { fromChinaLocal } from "../rules";
import {
  calendarDayRefusal,
  dayFlags,
  isCalendarDate,
  rankSlots,
  tallyAnswers,
  type CalendarDay,
  type Tally,
} from "./time-poll-rules";

const calendar2026 = new Map<string, CalendarDay>(seedCalendarDays.get(2026)!.map((d) => [d.date, d]));
const at = (local: string) => fromChinaLocal(local)!;
const slot = (id: number, local: string) => ({
  id,
  startsAt: at(local),
  endsAt: new Date(at(local).getTime() + 7_200_000),
});
const tally = (yes: number, ifNeedBe = 0, no = 0): Tally => ({ yes, ifNeedBe, no });

describe("holiday-aware days", () => {
  it("knows weekdays, weekends, holidays and make-up working days of 2026", () => {
    expect(dayFlags("2026-03-10", calendar2026)).toMatchObject({ weekend: false, holiday: null, workingDay: true });
    expect(dayFlags("2026-03-14", calendar2026)).toMatchObject({
      weekend: true,
      makeupWorkday: false,
      workingDay: false,
    });
    // National Day on a Thursday rests; the Saturday after works.
    expect(dayFlags("2026-10-01", calendar2026)).toMatchObject({
      weekend: false,
      holiday: { nameZh: "国庆节", nameEn: "National Day" },
      workingDay: false,
    });
    expect(dayFlags("2026-10-10", calendar2026)).toMatchObject({
      weekend: true,
      makeupWorkday: true,
      workingDay: true,
    });
    expect(dayFlags("2026-01-04", calendar2026)).toMatchObject({
      weekend: true,
      makeupWorkday: true,
      workingDay: true,
    });
    expect(dayFlags("2026-02-20", calendar2026).holiday?.nameEn).toBe("Spring Festival");
  });

  it("takes a slot's day in China time, not UTC", () => {
    // 07:30 in Beijing on 1 October is still 30 September in UTC.
    expect(chinaDay(at("2026-10-01T07:30"))).toBe("2026-10-01");
    expect(at("2026-10-01T07:30").toISOString().slice(0, 10)).toBe("2026-09-30");
  });

  it("seeds only make-up days that fall at a weekend, and real dates", () => {
    for (const days of seedCalendarDays.values())
      for (const day of days) {
        expect(isCalendarDate(day.date)).toBe(true);
        expect(calendarDayRefusal(day)).toBeNull();
      }
    expect(calendarDayRefusal({ date: "2026-10-08", kind: "makeup_workday" })).toBe("CALENDAR_MAKEUP_NOT_WEEKEND");
    expect(isCalendarDate("2026-02-30")).toBe(false);
  });
});

describe("rankSlots", () => {
  it("ranks by yes, then if need be, then working day, then the earlier start", () => {
    const slots = [
      slot(1, "2026-10-01T09:00"), // National Day
      slot(2, "2026-10-10T09:00"), // make-up Saturday
      slot(3, "2026-10-12T09:00"), // Monday
      slot(4, "2026-10-13T09:00"), // Tuesday
      slot(5, "2026-10-17T09:00"), // Saturday
    ];
    const tallies = new Map([
      [1, tally(2, 0)],
      [2, tally(1, 1)],
      [3, tally(1, 1)],
      [4, tally(1, 2)],
      [5, tally(2, 0)],
    ]);
    const ranked = rankSlots(slots, tallies, calendar2026);
    // 1 and 5 tie on answers and both rest: the earlier wins. 4 has more "if need be" than 2 and 3;
    // 2 (make-up Saturday) and 3 are both working days: the earlier.
    expect(ranked.map((s) => s.id)).toEqual([1, 5, 4, 2, 3]);
    expect(ranked.map((s) => s.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(ranked[0]!.day.holiday?.nameZh).toBe("国庆节");
  });

  it("puts a working day before a holiday or weekend with the same answers", () => {
    const ranked = rankSlots(
      [slot(1, "2026-10-03T09:00"), slot(2, "2026-10-09T09:00"), slot(3, "2026-10-11T09:00")],
      new Map(),
      calendar2026,
    );
    expect(ranked.map((s) => s.id)).toEqual([2, 1, 3]);
    expect(ranked[0]!.tally).toEqual(tally(0, 0, 0));
  });

  const slotsArb = fc
    .uniqueArray(fc.integer({ min: 1, max: 10_000 }), { minLength: 2, maxLength: 12 })
    .chain((ids) =>
      fc.tuple(
        fc.constant(ids),
        fc.array(fc.integer({ min: 0, max: 800 }), { minLength: ids.length, maxLength: ids.length }),
        fc.array(fc.record({ slot: fc.nat(ids.length - 1), answer: fc.constantFrom(...pollAnswers) }), {
          maxLength: 40,
        }),
      ),
    )
    .map(([ids, dayOffsets, answers]) => ({
      slots: ids.map((id, i) => ({
        id,
        startsAt: new Date(Date.UTC(2026, 0, 1) + dayOffsets[i]! * 86_400_000 + 3_600_000),
        endsAt: new Date(Date.UTC(2026, 0, 1) + dayOffsets[i]! * 86_400_000 + 7_200_000),
      })),
      answers: answers.map((a) => ({ slotId: ids[a.slot]!, answer: a.answer })),
    }));

  it("property: the ranking is a permutation of the slots, ranks 1..n, tallies summing to the answers", () => {
    fc.assert(
      fc.property(slotsArb, ({ slots, answers }) => {
        const ranked = rankSlots(
          slots,
          tallyAnswers(
            slots.map((s) => s.id),
            answers,
          ),
          calendar2026,
        );
        expect(ranked.map((s) => s.id).sort((a, b) => a - b)).toEqual(slots.map((s) => s.id).sort((a, b) => a - b));
        expect(ranked.map((s) => s.rank)).toEqual(slots.map((_, i) => i + 1));
        const total = ranked.reduce((sum, s) => sum + s.tally.yes + s.tally.ifNeedBe + s.tally.no, 0);
        expect(total).toBe(answers.length);
      }),
    );
  });

  it("property: adding a yes never lowers a slot, and the order is by (yes, if need be) first", () => {
    fc.assert(
      fc.property(slotsArb, fc.nat(), ({ slots, answers }, pick) => {
        const ids = slots.map((s) => s.id);
        const before = rankSlots(slots, tallyAnswers(ids, answers), calendar2026);
        const target = ids[pick % ids.length]!;
        const after = rankSlots(
          slots,
          tallyAnswers(ids, [...answers, { slotId: target, answer: "yes" }]),
          calendar2026,
        );
        const rankOf = (list: typeof before) => list.find((s) => s.id === target)!.rank;
        expect(rankOf(after)).toBeLessThanOrEqual(rankOf(before));
        for (let i = 1; i < after.length; i++) {
          const [a, b] = [after[i - 1]!, after[i]!];
          expect(
            a.tally.yes > b.tally.yes || (a.tally.yes === b.tally.yes && a.tally.ifNeedBe >= b.tally.ifNeedBe),
          ).toBe(true);
        }
      }),
    );
  });

  it("property: with equal answers a working day never ranks below a rest day", () => {
    fc.assert(
      fc.property(slotsArb, ({ slots }) => {
        const ranked = rankSlots(slots, new Map(), calendar2026);
        const firstRest = ranked.findIndex((s) => !s.day.workingDay);
        if (firstRest >= 0) expect(ranked.slice(firstRest).every((s) => !s.day.workingDay)).toBe(true);
      }),
    );
  });
});
