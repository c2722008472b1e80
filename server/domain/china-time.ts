/**
 * China calendar arithmetic. China keeps UTC+8 all year (no daylight saving), so a China day is a fixed
 * offset from UTC; days are `YYYY-MM-DD` strings. One place, for the notices, reminders and registers
 * that count in China days.
 */
export const chinaOffsetMs = 8 * 3_600_000;
export const dayMs = 86_400_000;

/** The China calendar day of an instant. */
export const chinaDay = (instant: Date): string =>
  new Date(instant.getTime() + chinaOffsetMs).toISOString().slice(0, 10);

/** Whole days from the China day `from` to the China day `to`; negative when `to` is earlier. */
export const chinaDaysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs);

/** The instant China midnight starts `day`, moved on by `laterMs`. */
export const chinaDayStart = (day: string, laterMs = 0): Date =>
  new Date(Date.parse(`${day}T00:00:00Z`) + laterMs - chinaOffsetMs);
