import { and, desc, eq, isNull, lt, sql, type Placeholder } from "drizzle-orm";
import { z } from "zod";
import { accounts, notificationPreferences, notifications } from "@/db/schema";
import type { SessionUser } from "@/server/infra/auth/session";
import type { listNotificationsInput, setPreferenceInput } from "./contract";
import { decodeCursor, encodeCursor } from "@/server/domain/cursor";
import { preferenceFor } from "@/server/domain/notification-delivery";
import { notificationKinds, type DeliveryPreference, type NotificationKind } from "@/shared/notification-kinds";
import { AppError } from "@/server/errors";
import type { ServiceDeps } from "@/server/infra/deps";
import { transact } from "@/server/infra/transact";
import { preparedPerDb } from "@/db/prepared";
import { immutableAnswer } from "@/server/infra/immutable-answer";
import { processReadCache, readAtHeadKey } from "@/server/infra/read-cache";
import { streamKey } from "@/server/domain/stream-access";

const pageCursor = z.object({ id: z.number().int() });
/** A person's own in-app notifications; the id may be a placeholder of a prepared read. */
const visibleTo = (recipientId: number | Placeholder) =>
  and(eq(notifications.recipientId, recipientId), eq(notifications.inApp, true));

/** The person's notifications, newest first, in cursor pages; with the actor's name for display. */
export async function listNotifications(
  deps: Pick<ServiceDeps, "db">,
  user: SessionUser,
  input: z.output<typeof listNotificationsInput>,
) {
  let beforeId: number | null = null;
  if (input.cursor) {
    const cursor = decodeCursor(input.cursor, pageCursor);
    if (!cursor) throw new AppError("BAD_CURSOR", "That page link is not valid; reload the notifications");
    beforeId = cursor.id;
  }
  const rows = await deps.db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      link: notifications.link,
      params: notifications.params,
      readAt: notifications.readAt,
      createdAt: notifications.createdAt,
    })
    .from(notifications)
    .where(and(visibleTo(user.id), beforeId === null ? undefined : lt(notifications.id, beforeId)))
    .orderBy(desc(notifications.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  const nextCursor = rows.length > input.limit ? encodeCursor({ id: items[items.length - 1]!.id }) : null;
  return { items, nextCursor };
}

/** Unread and visible, with the person as placeholders so the statement is built once. */
const unreadCountAtHead = preparedPerDb((db) =>
  db
    .select({
      n: sql<number>`count(*)::int`,
      head: sql<
        number | string | null
      >`(select last_seq from stream_heads where stream = ${sql.placeholder("stream")})`,
    })
    .from(notifications)
    .where(and(visibleTo(sql.placeholder("recipientId")), isNull(notifications.readAt)))
    .prepare("notifications_unread_count"),
);

/**
 * The unread count with the person's stream head, from one statement and so from one snapshot: an
 * event that commits meanwhile is either counted and under the head or neither. One statement instead
 * of a read-only transaction (BEGIN, two reads, COMMIT) because the bell asks on every page.
 */
export function unreadCount(deps: Pick<ServiceDeps, "db" | "readCache">, user: SessionUser) {
  const stream = streamKey({ kind: "user", id: user.id });
  // The count changes only with an event on the person's stream (a notification written or read, in
  // the same transaction), and every such event drops the cached pair after its commit (`transact`).
  // A pair another process still holds for a moment is a consistent older snapshot: the bell catches
  // up on the stream from its head.
  return (deps.readCache ?? processReadCache()).load(deps.db, readAtHeadKey(stream), async () => {
    const [row] = await unreadCountAtHead(deps.db).execute({ recipientId: user.id, stream });
    return immutableAnswer({ count: Number(row?.n ?? 0), headSeq: Number(row?.head ?? 0) });
  });
}

/** Marks one (or, without an id, every) unread notification read, and tells the person's other tabs. */
export async function markRead(deps: ServiceDeps, user: SessionUser, id: number | null) {
  return transact(deps, async (tx, emit) => {
    const readAt = deps.now();
    const changed = await tx
      .update(notifications)
      .set({ readAt })
      .where(
        and(
          eq(notifications.recipientId, user.id),
          isNull(notifications.readAt),
          id === null ? undefined : eq(notifications.id, id),
        ),
      )
      .returning({ id: notifications.id });
    if (changed.length > 0)
      await emit(streamKey({ kind: "user", id: user.id }), "notification:read", {
        ids: changed.map((c) => c.id),
        readAt: readAt.toISOString(),
      });
    return { marked: changed.length };
  });
}

export async function getPreferences(deps: Pick<ServiceDeps, "db" | "mail">, user: SessionUser) {
  const rows = await deps.db
    .select()
    .from(notificationPreferences)
    .where(eq(notificationPreferences.accountId, user.id));
  const stored = new Map<NotificationKind, DeliveryPreference>(
    rows.map((r) => [r.kind, { inApp: r.inApp, email: r.email }]),
  );
  return {
    emailEnabled: (deps.mail ?? null) !== null,
    kinds: notificationKinds.map((kind) => ({ kind, ...preferenceFor(kind, stored) })),
  };
}

export async function setPreference(
  deps: Pick<ServiceDeps, "db">,
  user: SessionUser,
  input: z.output<typeof setPreferenceInput>,
) {
  await setPreferenceRow(deps.db, user.id, input);
  return input;
}

/** Stores one choice; also what the unsubscribe link does (email off, in-app unchanged). */
export async function setPreferenceRow(
  db: ServiceDeps["db"],
  accountId: number,
  input: { kind: NotificationKind; inApp: boolean; email: DeliveryPreference["email"] },
) {
  await db
    .insert(notificationPreferences)
    .values({ accountId, ...input })
    .onConflictDoUpdate({
      target: [notificationPreferences.accountId, notificationPreferences.kind],
      set: { inApp: input.inApp, email: input.email },
    });
}

/** The unsubscribe link: that kind's email off, the in-app choice kept. */
export async function unsubscribe(db: ServiceDeps["db"], accountId: number, kind: NotificationKind) {
  const [account] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId));
  if (!account) return false;
  const [row] = await db
    .select()
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.accountId, accountId), eq(notificationPreferences.kind, kind)));
  await setPreferenceRow(db, accountId, {
    kind,
    inApp: preferenceFor(kind, row ? new Map([[kind, row]]) : undefined).inApp,
    email: "off",
  });
  return true;
}
