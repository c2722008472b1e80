import type { Role } from "@/shared/vocabulary";
import type { OnTheWire } from "@/shared/on-the-wire";
import type { ModerationActionKind, ModerationTargetKind, QueueReason } from "./rules/moderation";

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
 * has no open entry; `author`: its author as the queue shows them (their history moved too).
 */
export interface ModerationEvents {
  "report:filed": {
    reportId: number;
    targetKind: ModerationTargetKind;
    targetId: number;
    held?: boolean;
    entry?: OnTheWire<QueueEntry> | null;
  };
  "queue:resolved": {
    targetKind: ModerationTargetKind;
    targetId: number;
    status: string;
    entry?: OnTheWire<QueueEntry> | null;
    author?: OnTheWire<QueueAuthor> | null;
  };
  "account:suspended": { accountId: number; author?: OnTheWire<QueueAuthor> | null };
  "account:lifted": { accountId: number; author?: OnTheWire<QueueAuthor> | null };
}
