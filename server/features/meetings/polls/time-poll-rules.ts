import type { CalendarDayKind, PollAnswer } from "@/shared/meetings-vocabulary";
import { chinaDay } from "@/server/domain/china-time";

/**
 * The pure rules of a meeting's time poll: which days are working days in mainland China (weekends,
 * public holidays and make-up working days from the calendar table) and how candidate slots rank.
 */

export interface CalendarDay {
  date: string;
  kind: CalendarDayKind;
  nameZh: string;
  nameEn: string;
}

export interface DayFlags {
  /** The slot's day in China time, `YYYY-MM-DD`. */
  date: string;
  weekend: boolean;
  /** The public holiday the day belongs to, by name; null on an ordinary day. */
  holiday: { nameZh: string; nameEn: string } | null;
  /** A weekend day worked to make up for a holiday. */
  makeupWorkday: boolean;
  /** Not a holiday, and either a weekday or a make-up working day. */
  workingDay: boolean;
}

export interface Tally {
  yes: number;
  ifNeedBe: number;
  no: number;
}

export const emptyTally = (): Tally => ({ yes: 0, ifNeedBe: 0, no: 0 });

/** Whether a `YYYY-MM-DD` date is a Saturday or a Sunday. */
export function isWeekend(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

/** A day's flags: the calendar table overrides the week (a holiday rests, a make-up day works). */
export function dayFlags(date: string, calendar: ReadonlyMap<string, CalendarDay>): DayFlags {
  const entry = calendar.get(date);
  const weekend = isWeekend(date);
  const holiday = entry?.kind === "holiday" ? { nameZh: entry.nameZh, nameEn: entry.nameEn } : null;
  const makeupWorkday = entry?.kind === "makeup_workday";
  return { date, weekend, holiday, makeupWorkday, workingDay: holiday === null && (!weekend || makeupWorkday) };
}

/** Counts the answers per slot; every given slot gets a tally, answers for other slots are ignored. */
export function tallyAnswers(
  slotIds: readonly number[],
  answers: readonly { slotId: number; answer: PollAnswer }[],
): Map<number, Tally> {
  const tallies = new Map(slotIds.map((id) => [id, emptyTally()]));
  for (const { slotId, answer } of answers) {
    const tally = tallies.get(slotId);
    if (!tally) continue;
    if (answer === "yes") tally.yes += 1;
    else if (answer === "if_need_be") tally.ifNeedBe += 1;
    else tally.no += 1;
  }
  return tallies;
}

export interface CandidateSlot {
  id: number;
  startsAt: Date;
  endsAt: Date;
}

export type RankedSlot<S extends CandidateSlot> = S & { tally: Tally; day: DayFlags; rank: number };

/**
 * The slots best first: most "yes", then most "if need be", then working days before rest days,
 * then the earlier start (then the lower id, so the order is total). A slot's day is its start's day
 * in China. `rank` is the 1-based place.
 */
export function rankSlots<S extends CandidateSlot>(
  slots: readonly S[],
  tallies: ReadonlyMap<number, Tally>,
  calendar: ReadonlyMap<string, CalendarDay>,
): RankedSlot<S>[] {
  return slots
    .map((slot) => ({
      ...slot,
      tally: tallies.get(slot.id) ?? emptyTally(),
      day: dayFlags(chinaDay(slot.startsAt), calendar),
    }))
    .sort(
      (a, b) =>
        b.tally.yes - a.tally.yes ||
        b.tally.ifNeedBe - a.tally.ifNeedBe ||
        Number(b.day.workingDay) - Number(a.day.workingDay) ||
        a.startsAt.getTime() - b.startsAt.getTime() ||
        a.id - b.id,
    )
    .map((slot, index) => ({ ...slot, rank: index + 1 }));
}

/** Whether a `YYYY-MM-DD` string names a real calendar date. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const at = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === value;
}

/** A make-up working day is by definition a weekend day; a holiday may fall on any day. */
export const calendarDayRefusal = (day: Pick<CalendarDay, "date" | "kind">): "CALENDAR_MAKEUP_NOT_WEEKEND" | null =>
  day.kind === "makeup_workday" && !isWeekend(day.date) ? "CALENDAR_MAKEUP_NOT_WEEKEND" : null;
