import type { ConfirmationStatus, RecordStatus } from "@/shared/meetings-vocabulary";
import { recordStatusOf } from "../record/record-rules";

/**
 * The two packs of a meeting: the agenda pack (agenda, digests, attendance) read before it, and the
 * minutes pack, which adds what was minuted and decided, with each region's answer to the record.
 */
export const packKinds = ["agenda", "minutes"] as const;
export type PackKind = (typeof packKinds)[number];

/** The pack a query string names; anything else is the agenda pack (the one every meeting has). */
export const packKindOf = (value: string | null | undefined): PackKind =>
  packKinds.find((kind) => kind === value) ?? "agenda";

/** The minutes pack exists once the chair has minuted an item or recorded a decision. */
export const hasMinutes = (items: ReadonlyArray<{ minutes: string }>, decisionCount: number): boolean =>
  decisionCount > 0 || items.some((item) => item.minutes.trim().length > 0);

/**
 * The record as a whole, from each decision's own status: contested while any decision is, confirmed
 * once every decision is, not sent while none has gone to the regions (or there is none), else pending.
 */
export function overallRecordStatus(
  decisions: ReadonlyArray<{ confirmations: ReadonlyArray<{ status: ConfirmationStatus }> }>,
): RecordStatus {
  const statuses = decisions.map((d) => recordStatusOf(d.confirmations));
  if (statuses.includes("contested")) return "contested";
  if (statuses.length > 0 && statuses.every((s) => s === "confirmed")) return "confirmed";
  return statuses.every((s) => s === "not_sent") ? "not_sent" : "pending";
}
