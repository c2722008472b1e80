import type { StreamKey } from "../domain/stream-access";
import type { BallotEvents } from "@/server/features/ballots/events";
import type { DeliberationEvents } from "@/server/features/deliberation/events";
import type { AdminEvents } from "@/server/features/admin/events";
import type { ModerationEvents } from "@/server/features/moderation/events";
import type { NotificationEvents } from "@/server/features/notifications/events";
import type { ProjectEvents } from "@/server/features/projects/events";
import type { MeetingEvents } from "@/server/features/meetings/events";
import type { OpinionEvents } from "@/server/features/opinions/events";
import type { TalentEvents } from "@/server/features/talent/events";
import type { AllianceEvents } from "@/server/features/alliances/events";
import type { AttachmentEvents } from "@/server/features/attachments/events";
import type { AchievementEvents } from "@/server/features/achievements/events";

/**
 * Every live event: its type and the payload it carries. Each area declares its own; this is the one
 * map the outbox, the publisher and the client's stream hook are typed by.
 */
export interface EventMap
  extends
    BallotEvents,
    DeliberationEvents,
    ProjectEvents,
    NotificationEvents,
    ModerationEvents,
    AdminEvents,
    MeetingEvents,
    OpinionEvents,
    TalentEvents,
    AllianceEvents,
    AttachmentEvents,
    AchievementEvents {}

export type EventType = keyof EventMap;

/** An event to append: a stream from `streamKey`, a contract type and its payload. */
export type EventDraft = { [K in EventType]: { stream: StreamKey; type: K; payload: EventMap[K] } }[EventType];

/** A committed event as the outbox holds it and the socket carries it; narrowing `type` narrows `payload`. */
export type LiveEvent = {
  [K in EventType]: {
    stream: StreamKey;
    seq: number;
    type: K;
    payload: EventMap[K];
    /** When the change committed (the transaction's clock). */
    at: string;
    /** When this process broadcast it, in ms since the epoch; absent on replayed events. */
    sentAt?: number;
    /** The outbox row, kept on the server to mark it published; never sent to clients. */
    outboxId?: number;
  };
}[EventType];

export type LiveEventOf<K extends EventType> = Extract<LiveEvent, { type: K }>;

/** Narrows an event to one type (and so its payload). */
export const isEventOf = <K extends EventType>(event: LiveEvent, type: K): event is LiveEventOf<K> =>
  event.type === type;

/**
 * A row read back from the outbox. Only contract events are ever written (appendEvent takes an
 * EventDraft), so the stored type and payload are trusted as the contract's.
 */
export function eventFromRow(row: {
  stream: string;
  seq: number;
  type: string;
  payload: unknown;
  at: string;
  outboxId?: number;
}): LiveEvent {
  return row as LiveEvent;
}
