import { asc, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { calendarDays } from "@/db/schema";
import type { SessionUser } from "../../../infra/auth/session";
import { AppError } from "../../../errors";
import { recordAudit } from "../../../infra/audit";
import type { ServiceDeps } from "../../../infra/deps";
import { transact } from "../../../infra/transact";
import type { CalendarDayInput } from "../contract";
import { calendarDayRefusal, type CalendarDay } from "./time-poll-rules";

/**
 * The holiday calendar: mainland public holidays and make-up working days, kept by admins (the
 * procedures are admin-only) and read by the time poll to flag and rank its slots.
 */

type Deps = Pick<ServiceDeps, "db" | "publisher" | "now">;

const columns = {
  date: calendarDays.date,
  kind: calendarDays.kind,
  nameZh: calendarDays.nameZh,
  nameEn: calendarDays.nameEn,
};

/** The calendar's entries for the given days, by date (days absent are ordinary days). */
export async function calendarOf(db: Db | Tx, dates: readonly string[]): Promise<Map<string, CalendarDay>> {
  if (dates.length === 0) return new Map();
  const rows = await db
    .select(columns)
    .from(calendarDays)
    .where(inArray(calendarDays.date, [...new Set(dates)]));
  return new Map(rows.map((row) => [row.date, row]));
}

/** One year's entries in date order, for the admin tab. */
export async function listCalendarDays(db: Db, input: { year: number }): Promise<CalendarDay[]> {
  return db
    .select(columns)
    .from(calendarDays)
    .where(sql`${calendarDays.date} between ${`${input.year}-01-01`} and ${`${input.year}-12-31`}`)
    .orderBy(asc(calendarDays.date));
}

function refuseBadDay(input: CalendarDayInput) {
  const refusal = calendarDayRefusal(input);
  if (refusal) throw new AppError(refusal, "A make-up working day must fall on a Saturday or a Sunday");
}

const audit = (tx: Tx, user: SessionUser, action: string, date: string, before?: CalendarDay, after?: CalendarDay) =>
  recordAudit(tx, {
    actorId: user.id,
    action: `calendar_day.${action}`,
    targetType: "calendar_day",
    targetId: date,
    before: before ? { ...before } : null,
    after: after ? { ...after } : null,
  });

async function existing(tx: Tx, date: string) {
  const [row] = await tx.select(columns).from(calendarDays).where(eq(calendarDays.date, date)).for("update");
  return row;
}

export async function addCalendarDay(deps: Deps, user: SessionUser, input: CalendarDayInput) {
  return transact(deps, async (tx) => {
    refuseBadDay(input);
    if (await existing(tx, input.date)) throw new AppError("CALENDAR_DAY_EXISTS", "That date is already listed");
    await tx.insert(calendarDays).values({ ...input, updatedAt: deps.now() });
    await audit(tx, user, "add", input.date, undefined, input);
    return input;
  });
}

/** Changes a day's kind or names; to move a day, remove it and add the other date. */
export async function updateCalendarDay(deps: Deps, user: SessionUser, input: CalendarDayInput) {
  return transact(deps, async (tx) => {
    refuseBadDay(input);
    const before = await existing(tx, input.date);
    if (!before) throw new AppError("NOT_FOUND", "That date is not in the calendar");
    await tx
      .update(calendarDays)
      .set({ kind: input.kind, nameZh: input.nameZh, nameEn: input.nameEn, updatedAt: deps.now() })
      .where(eq(calendarDays.date, input.date));
    await audit(tx, user, "update", input.date, before, input);
    return input;
  });
}

export async function removeCalendarDay(deps: Deps, user: SessionUser, input: { date: string }) {
  return transact(deps, async (tx) => {
    const before = await existing(tx, input.date);
    if (!before) throw new AppError("NOT_FOUND", "That date is not in the calendar");
    await tx.delete(calendarDays).where(eq(calendarDays.date, input.date));
    await audit(tx, user, "remove", input.date, before);
    return { date: input.date };
  });
}
