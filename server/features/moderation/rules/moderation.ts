import type { Role } from "@/shared/vocabulary";

/**
 * Moderation's vocabulary and its pure rules: who may act on what, how open reports are grouped and
 * ordered in the queue, and whether a new post waits for review. No database, no sockets.
 */
import type { ModerationTargetKind, QueueReason } from "@/shared/moderation-vocabulary";
export {
  moderationActionKinds,
  moderationTargetKinds,
  queueReasons,
  reportReasons,
  reportStatuses,
  type ModerationActionKind,
  type ModerationTargetKind,
  type QueueReason,
  type ReportReason,
  type ReportStatus,
} from "@/shared/moderation-vocabulary";

/** Suspensions "until lifted" are stored as this far-future instant, which every comparison treats as later than now. */
export const indefiniteSuspensionUntil = new Date("9999-12-31T00:00:00.000Z");
export const isIndefinite = (until: Date | null | undefined): boolean =>
  until !== null && until !== undefined && until.getTime() >= indefiniteSuspensionUntil.getTime();

export interface Actor {
  id: number;
  role: Role;
}

export const isModerator = (role: Role): boolean => role === "moderator" || role === "admin";

export type ModerationRefusal = "NOT_MODERATOR" | "OWN_CONTENT" | "PRIVATE_PARTY" | "OWN_ACCOUNT" | "ADMIN_REQUIRED";

/** A moderator never judges their own words; the content rules are the same for every kind of item. */
export function contentActionRefusal(
  actor: Actor,
  authorId: number,
  privateTo: readonly number[] | null = null,
): ModerationRefusal | null {
  if (!isModerator(actor.role)) return "NOT_MODERATOR";
  if (actor.id === authorId) return "OWN_CONTENT";
  // A party to a private negotiation does not judge the other side's words either: another moderator must.
  if (privateTo?.includes(actor.id)) return "PRIVATE_PARTY";
  return null;
}

/**
 * Suspending or lifting: moderators may act on members and researchers; only admins on moderators
 * and admins; nobody on themselves.
 */
export function accountActionRefusal(actor: Actor, subject: { id: number; role: Role }): ModerationRefusal | null {
  if (!isModerator(actor.role)) return "NOT_MODERATOR";
  if (actor.id === subject.id) return "OWN_ACCOUNT";
  if ((subject.role === "moderator" || subject.role === "admin") && actor.role !== "admin") return "ADMIN_REQUIRED";
  return null;
}

export interface OpenReport {
  targetKind: ModerationTargetKind;
  targetId: number;
  reason: QueueReason;
  createdAt: Date;
  reporterId: number | null;
}

export interface QueueGroup<T extends OpenReport = OpenReport> {
  key: string;
  targetKind: ModerationTargetKind;
  targetId: number;
  reports: T[];
  /** Number of reports (held entries count as one). */
  count: number;
  newestAt: Date;
  reasons: Partial<Record<QueueReason, number>>;
  held: boolean;
}

export const queueOrders = ["newest", "most_reported"] as const;
export type QueueOrder = (typeof queueOrders)[number];

export const targetKey = (kind: ModerationTargetKind, id: number): string => `${kind}:${id}`;

/** Open reports grouped by item, newest-report first or most-reported first (ties: newest, then key). */
export function groupReports<T extends OpenReport>(reports: readonly T[], order: QueueOrder): QueueGroup<T>[] {
  const groups = new Map<string, QueueGroup<T>>();
  for (const report of reports) {
    const key = targetKey(report.targetKind, report.targetId);
    let group = groups.get(key);
    if (!group) {
      group = {
        key,
        targetKind: report.targetKind,
        targetId: report.targetId,
        reports: [],
        count: 0,
        newestAt: report.createdAt,
        reasons: {},
        held: false,
      };
      groups.set(key, group);
    }
    group.reports.push(report);
    group.count += 1;
    if (report.createdAt > group.newestAt) group.newestAt = report.createdAt;
    group.reasons[report.reason] = (group.reasons[report.reason] ?? 0) + 1;
    if (report.reason === "held") group.held = true;
  }
  const list = [...groups.values()];
  for (const group of list) group.reports.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  list.sort(queueOrder(order));
  return list;
}

/** The queue shows at most this many items; one that leaves a full queue frees a place only a read fills. */
export const maxQueueEntries = 50;

/** The queue's order: newest report first, or most reports first; the item's key breaks ties. */
export function queueOrder(order: QueueOrder) {
  const byNewest = (a: QueueOrderFacts, b: QueueOrderFacts) =>
    b.newestAt.getTime() - a.newestAt.getTime() || a.key.localeCompare(b.key);
  return order === "newest"
    ? byNewest
    : (a: QueueOrderFacts, b: QueueOrderFacts) => b.count - a.count || byNewest(a, b);
}

type QueueOrderFacts = Pick<QueueGroup, "key" | "count" | "newestAt">;

export interface HoldSettings {
  /** Posts from accounts younger than this many days wait for review; null or 0 turns it off. */
  newAccountDays: number | null;
  holdBlockedWords: boolean;
  holdLinks: boolean;
}

/** `round_review`: an opinion round that holds every new statement for review. */
export type HoldCause = "new_account" | "blocked_word" | "link" | "round_review";

const linkPattern = /(https?:\/\/|www\.)\S+|\[[^\]]*\]\([^)]+\)|mailto:/i;

export function containsLink(text: string): boolean {
  return linkPattern.test(text);
}

/**
 * The blocked words a text contains, compared after NFKC normalisation and lower-casing. Chinese has no
 * word boundaries, so a word matches as a substring; that is also how a listed Latin word matches.
 */
export function matchedBlockedWords(text: string, blockedWords: readonly string[]): string[] {
  const haystack = text.normalize("NFKC").toLowerCase();
  const found: string[] = [];
  for (const word of blockedWords) {
    const needle = word.normalize("NFKC").toLowerCase().trim();
    if (needle && haystack.includes(needle) && !found.includes(word)) found.push(word);
  }
  return found;
}

/** Why a new post must wait for a moderator, or an empty list when it may appear at once. Moderators and admins are never held. */
export function holdCauses(
  settings: HoldSettings | null,
  author: { role: Role; createdAt: Date },
  text: string,
  blockedWords: readonly string[],
  now: Date,
): HoldCause[] {
  if (!settings || isModerator(author.role)) return [];
  const causes: HoldCause[] = [];
  if (settings.newAccountDays && settings.newAccountDays > 0) {
    const ageMs = now.getTime() - author.createdAt.getTime();
    if (ageMs < settings.newAccountDays * 86_400_000) causes.push("new_account");
  }
  if (settings.holdBlockedWords && matchedBlockedWords(text, blockedWords).length > 0) causes.push("blocked_word");
  if (settings.holdLinks && containsLink(text)) causes.push("link");
  return causes;
}

/** Normalises an admin's entry for the blocked-word list. */
export function normaliseBlockedWord(word: string): string {
  return word.normalize("NFKC").trim().toLowerCase();
}
