import type { CalendarDayKind } from "@/shared/meetings-vocabulary";

/**
 * Mainland China's public holidays and make-up working days for the current and next year, the
 * reference seed of `calendar_days`. Admins correct and extend the table on /admin?tab=holidays.
 */

interface Span {
  from: string;
  to: string;
  nameZh: string;
  nameEn: string;
  makeup: readonly string[];
}

/** The State Council's 2026 schedule (国务院办公厅关于2026年部分节假日安排的通知). */
const official2026: readonly Span[] = [
  { from: "2026-01-01", to: "2026-01-03", nameZh: "元旦", nameEn: "New Year's Day", makeup: ["2026-01-04"] },
  {
    from: "2026-02-15",
    to: "2026-02-23",
    nameZh: "春节",
    nameEn: "Spring Festival",
    makeup: ["2026-02-14", "2026-02-28"],
  },
  { from: "2026-04-04", to: "2026-04-06", nameZh: "清明节", nameEn: "Qingming Festival", makeup: [] },
  { from: "2026-05-01", to: "2026-05-05", nameZh: "劳动节", nameEn: "Labour Day", makeup: ["2026-05-09"] },
  { from: "2026-06-19", to: "2026-06-21", nameZh: "端午节", nameEn: "Dragon Boat Festival", makeup: [] },
  { from: "2026-09-25", to: "2026-09-27", nameZh: "中秋节", nameEn: "Mid-Autumn Festival", makeup: [] },
  {
    from: "2026-10-01",
    to: "2026-10-07",
    nameZh: "国庆节",
    nameEn: "National Day",
    makeup: ["2026-09-20", "2026-10-10"],
  },
];

/**
 * 2027: a PROVISIONAL ESTIMATE from the lunar dates, made before the State Council publishes the
 * year's schedule (usually in November). Make-up working days are not guessed. Admins correct
 * these rows once the official notice is out.
 */
const provisional2027: readonly Span[] = [
  { from: "2027-01-01", to: "2027-01-03", nameZh: "元旦", nameEn: "New Year's Day", makeup: [] },
  { from: "2027-02-06", to: "2027-02-12", nameZh: "春节", nameEn: "Spring Festival", makeup: [] },
  { from: "2027-04-05", to: "2027-04-05", nameZh: "清明节", nameEn: "Qingming Festival", makeup: [] },
  { from: "2027-05-01", to: "2027-05-05", nameZh: "劳动节", nameEn: "Labour Day", makeup: [] },
  { from: "2027-06-09", to: "2027-06-09", nameZh: "端午节", nameEn: "Dragon Boat Festival", makeup: [] },
  { from: "2027-09-15", to: "2027-09-15", nameZh: "中秋节", nameEn: "Mid-Autumn Festival", makeup: [] },
  { from: "2027-10-01", to: "2027-10-07", nameZh: "国庆节", nameEn: "National Day", makeup: [] },
];

export interface SeedCalendarDay {
  date: string;
  kind: CalendarDayKind;
  nameZh: string;
  nameEn: string;
}

function daysOf(span: Span): SeedCalendarDay[] {
  const days: SeedCalendarDay[] = [];
  for (let at = Date.parse(`${span.from}T00:00:00Z`); at <= Date.parse(`${span.to}T00:00:00Z`); at += 86_400_000)
    days.push({
      date: new Date(at).toISOString().slice(0, 10),
      kind: "holiday",
      nameZh: span.nameZh,
      nameEn: span.nameEn,
    });
  for (const date of span.makeup)
    days.push({
      date,
      kind: "makeup_workday",
      nameZh: `${span.nameZh}调休上班`,
      nameEn: `${span.nameEn} make-up working day`,
    });
  return days;
}

/** Every seeded day, by year. */
export const seedCalendarDays: ReadonlyMap<number, readonly SeedCalendarDay[]> = new Map([
  [2026, official2026.flatMap(daysOf)],
  [2027, provisional2027.flatMap(daysOf)],
]);
