import type { Role } from "@/shared/vocabulary";
import type { OnTheWire } from "@/shared/on-the-wire";
import type { ModerationActionKind, ModerationTargetKind, QueueOrder, QueueReason } from "./rules/moderation";

/** An author in the queue: who they are, whether suspended, and their moderation history. */
export interface QueueAuthor {
  id: number;
  displayName: string;
  role: Role;
  createdAt: Date;
  suspendedUntil: Date | null;
  history: {
    actions: {
      id: number;
      action: ModerationActionKind;
      targetType: string;
      targetId: number;
      reason: string;
      createdAt: Date;
      actorName: string;
    }[];
    reportCounts: { open: number; actioned: number; dismissed: number };
  };
}

/** One item of the moderation queue (moderation.queue): its open reports, the item, its context and author. */
export interface QueueEntry {
  key: string;
  targetKind: ModerationTargetKind;
  targetId: number;
  count: number;
  newestAt: Date;
  reasons: Partial<Record<QueueReason, number>>;
  held: boolean;
  reports: { id: number; reason: QueueReason; note: string; reporterName: string | null; createdAt: Date }[];
  item: {
    state: string;
    hiddenReason: string | null;
    title: string | null;
    bodyHtml: string;
    path: string | null;
    threadId: number | null;
    createdAt: Date;
  };
  context: {
    where: string;
    entries: { id: number; authorName: string; bodyHtml: string; state: string; createdAt: Date; isTarget: boolean }[];
  };
  author: QueueAuthor | null;
}

/**
 * Live events of the moderation queue (`moderation`, moderators only, so they carry what moderators
 * see). `entry`: the item's queue entry after the change as moderation.queue reads it, null once it
 * has no open entry; `author`: its author as the queue shows them (their history moved too);
 * `entries`: other open entries the change shows differently (a hidden comment in their context, a
 * moved topic's forum), as the queue reads them now; `tails`: in each order, the last entry a full
 * queue shows after the change (null when fewer are open), which fills the place a leaving entry frees.
 */
export interface ModerationEvents {
  "report:filed": {
    reportId: number;
    targetKind: ModerationTargetKind;
    targetId: number;
    held?: boolean;
    entry?: OnTheWire<QueueEntry> | null;
    entries?: OnTheWire<QueueEntry>[];
  };
  "queue:resolved": {
    targetKind: ModerationTargetKind;
    targetId: number;
    status: string;
    entry?: OnTheWire<QueueEntry> | null;
    author?: OnTheWire<QueueAuthor> | null;
    entries?: OnTheWire<QueueEntry>[];
    tails?: Record<QueueOrder, OnTheWire<QueueEntry> | null>;
  };
  /**
   * A moderation action that closed no entry (a hide or lock with no open report, a restore, a move):
   * its author's history took it in, and `entries` (the item's own, if open, and those showing it) changed.
   */
  "queue:changed": {
    action: ModerationActionKind;
    targetType: string;
    targetId: number;
    author: OnTheWire<QueueAuthor> | null;
    entries: OnTheWire<QueueEntry>[];
  };
  /**
   * A change made outside moderation that open entries show (an author's edit or withdrawal, a new
   * comment in an entry's context, a new display name): `entries` as the queue reads them now (their
   * reports, so their places, unchanged); `author`, a renamed account as the queue shows them.
   */
  "queue:entries": { entries: OnTheWire<QueueEntry>[]; author?: OnTheWire<QueueAuthor> | null };
  "account:suspended": { accountId: number; author?: OnTheWire<QueueAuthor> | null };
  "account:lifted": { accountId: number; author?: OnTheWire<QueueAuthor> | null };
  /** An admin changed the account's role: the queue offers suspending a moderator's account to admins only. */
  "account:changed": { accountId: number; author: OnTheWire<QueueAuthor> | null };
}
