import { createHmac, timingSafeEqual } from "node:crypto";
import { chinaDay, chinaDayStart, dayMs } from "./china-time";
import {
  defaultPreferences,
  notificationKinds,
  type DeliveryPreference,
  type NotificationKind,
} from "@/shared/notification-kinds";

/** A person's choice for a kind: their stored row, else the default. */
export function preferenceFor(
  kind: NotificationKind,
  stored: ReadonlyMap<NotificationKind, DeliveryPreference> | undefined,
): DeliveryPreference {
  return stored?.get(kind) ?? defaultPreferences[kind];
}

export interface Delivery {
  inApp: boolean;
  /** "off" also when mail is not configured on this server. */
  email: "off" | "immediate" | "daily";
}

/** What to do with one notification; null when the person wants it nowhere. */
export function deliveryFor(preference: DeliveryPreference, mailEnabled: boolean): Delivery | null {
  const email = mailEnabled ? preference.email : "off";
  if (!preference.inApp && email === "off") return null;
  return { inApp: preference.inApp, email };
}

/**
 * The China calendar day of `at` (YYYY-MM-DD) and when that day's digest is due: digests are sent once a
 * day, at midnight in China (16:00 UTC), for the day that just ended.
 */
export function digestSlot(at: Date): { day: string; dueAt: Date } {
  const day = chinaDay(at);
  return { day, dueAt: chinaDayStart(day, dayMs) };
}

/** Reminder offsets before a ballot closes. */
export const ballotReminders = [
  { kind: "ballot_closing_24h", beforeMs: 24 * 3_600_000 },
  { kind: "ballot_closing_1h", beforeMs: 3_600_000 },
] as const satisfies ReadonlyArray<{ kind: NotificationKind; beforeMs: number }>;

/**
 * When each reminder of a ballot is due. A reminder whose moment is already past at opening is
 * dropped: the ballot-opened notice says the same thing.
 */
export function reminderSchedule(openedAt: Date, closesAt: Date): Array<{ kind: NotificationKind; dueAt: Date }> {
  return ballotReminders
    .map((r) => ({ kind: r.kind, dueAt: new Date(closesAt.getTime() - r.beforeMs) }))
    .filter((r) => r.dueAt.getTime() > openedAt.getTime());
}

/** Mail retries: 30 s, 1 min, 2 min … capped at an hour; after `maxEmailAttempts` it is marked failed. */
export const maxEmailAttempts = 6;
export function retryDelayMs(attempts: number): number {
  return Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * One-click unsubscribe tokens: `<account>.<kind>.<mac>`, HMAC-SHA256 under a key derived from the
 * auth secret, so a link can switch off one kind of mail for one person and nothing else.
 */
function unsubscribeKey(authSecret: string): Buffer {
  return createHmac("sha256", authSecret).update("xietong:unsubscribe:v1").digest();
}

function mac(authSecret: string, accountId: number, kind: string): string {
  return createHmac("sha256", unsubscribeKey(authSecret)).update(`${accountId}.${kind}`).digest("base64url");
}

export function unsubscribeToken(authSecret: string, accountId: number, kind: NotificationKind): string {
  return `${accountId}.${kind}.${mac(authSecret, accountId, kind)}`;
}

export function verifyUnsubscribeToken(
  authSecret: string,
  token: string,
): { accountId: number; kind: NotificationKind } | null {
  const match = /^([1-9][0-9]{0,9})\.([a-z_0-9]+)\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const [, id, kind, given] = match;
  if (!id || !kind || !given || !(notificationKinds as readonly string[]).includes(kind)) return null;
  const expected = Buffer.from(mac(authSecret, Number(id), kind));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  return { accountId: Number(id), kind: kind as NotificationKind };
}
