import type { LiveEvent } from "@/server/events/contract";
import type { ListedAccount } from "@/server/features/admin/events";
import type { OnTheWire } from "@/shared/on-the-wire";
import type { Role } from "@/shared/vocabulary";
import { isSuspended, nextBoundary } from "@/server/domain/time-states";
import { byCodePoint, upsertInOrder } from "./keyed-list";

/** The accounts as admin.accounts reads them for one filter (at most `limit`), with the admin stream's head. */
export interface AccountListView {
  accounts: ListedAccount[];
  headSeq: number;
}

/** The admin's filter, as the list was asked for it. */
export interface AccountFilter {
  query: string;
  role: Role | null;
  regionId: number | null;
  suspendedOnly: boolean;
}

/** The most accounts the list holds (listedAccountsLimit on the server). */
export const accountListLimit = 200;

/** An account's row from an event, dates as Dates. */
export function accountFromEvent(row: OnTheWire<ListedAccount> | ListedAccount): ListedAccount {
  return {
    ...row,
    suspendedUntil: row.suspendedUntil === null ? null : new Date(row.suspendedUntil),
    createdAt: new Date(row.createdAt),
  };
}

/** Whether the list of `filter` shows `row`: the server's search (case-blind, in name, email or organisation). */
export function accountMatches(row: ListedAccount, filter: AccountFilter): boolean {
  const query = filter.query.trim().toLowerCase();
  const found =
    query === "" || [row.displayName, row.email, row.organisation].some((text) => text.toLowerCase().includes(query));
  return (
    found &&
    (!filter.role || row.role === filter.role) &&
    (!filter.regionId || row.regionId === filter.regionId) &&
    (!filter.suspendedOnly || row.suspended)
  );
}

/** The list's order: by name as the database orders it, then id. */
const byName = (a: ListedAccount, b: ListedAccount) => byCodePoint(a.displayName, b.displayName) || a.id - b.id;

/**
 * An account's row set into the list of `filter`: in its place if the filter shows it, else out.
 * `refetch` when it left a full list: the next account beyond it is only known to a read.
 */
export function withAccount(
  view: AccountListView,
  filter: AccountFilter,
  row: ListedAccount,
): { view: AccountListView; refetch: boolean } {
  if (accountMatches(row, filter))
    return { view: { ...view, accounts: upsertInOrder(view.accounts, row, byName, accountListLimit) }, refetch: false };
  if (!view.accounts.some((a) => a.id === row.id)) return { view, refetch: false };
  return {
    view: { ...view, accounts: view.accounts.filter((a) => a.id !== row.id) },
    refetch: view.accounts.length >= accountListLimit,
  };
}

/**
 * Applies one event of the admin stream to the accounts list of `filter`: a changed account (role,
 * region, organisation, chair, suspension) or a new one (an invitation redeemed) carries its row,
 * which takes its place, or leaves a list whose filter no longer shows it. Pure and seq-guarded; an
 * event from before they carried the row is read again.
 */
export function applyAccountListEvent(
  view: AccountListView,
  filter: AccountFilter,
  event: LiveEvent,
): { view: AccountListView; refetch: boolean } {
  if (event.seq <= view.headSeq) return { view, refetch: false };
  const headSeq = event.seq;
  if (event.type !== "account:updated" && event.type !== "invitation:redeemed")
    return { view: { ...view, headSeq }, refetch: false };
  const { account } = event.payload;
  if (account === undefined) return { view: { ...view, headSeq }, refetch: true };
  const applied = withAccount(view, filter, accountFromEvent(account));
  return { view: { ...applied.view, headSeq }, refetch: applied.refetch };
}

/**
 * The list of `filter` as it stands at `now`: a suspension whose end has passed no longer holds (the
 * person may sign in, as the server decides), so its row shows unsuspended, or leaves a list of the
 * suspended only. No event tells of it; the panel derives it at the boundary (useClockStates). Only
 * forward: a row the server read as unsuspended stays so on a browser clock that runs behind.
 */
export function accountsAt(
  view: AccountListView,
  filter: AccountFilter,
  now: Date,
): { view: AccountListView; refetch: boolean } {
  let next = { view, refetch: false };
  for (const row of view.accounts)
    if (row.suspended && !isSuspended(row.suspendedUntil, now)) {
      const applied = withAccount(next.view, filter, { ...row, suspended: false });
      next = { view: applied.view, refetch: next.refetch || applied.refetch };
    }
  return next;
}

/** When the list next changes with the clock alone: the nearest end of a suspension it shows. */
export const nextAccountChange = (view: AccountListView, now: Date): Date | null =>
  nextBoundary(
    view.accounts.filter((row) => row.suspended).map((row) => row.suspendedUntil),
    now,
  );
