/**
 * Rows of a list kept in the read's order, as the admin panels' lists are: a row an event carries
 * replaces its old self, or takes its place in the order; a list capped at `limit` rows keeps only
 * what the read would return.
 */
export function upsertInOrder<T extends { id: number }>(
  items: readonly T[],
  row: T,
  before: (a: T, b: T) => number,
  limit = Infinity,
): T[] {
  const rest = items.filter((item) => item.id !== row.id);
  const at = rest.findIndex((item) => before(row, item) < 0);
  const placed = at === -1 ? [...rest, row] : [...rest.slice(0, at), row, ...rest.slice(at)];
  return placed.length > limit ? placed.slice(0, limit) : placed;
}

/** Strings as PostgreSQL's C collation orders them (the databases' collation): by code point. */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * An own action's answer set into the list: `row` as read after the action committed, with the
 * stream's head of that read. When the page has already applied that head's events the row is in it
 * (or newer), so it is kept; else the row goes in now and its event, arriving later, sets it again.
 */
export function settleOwnRow<V extends { headSeq: number }>(
  view: V | undefined,
  answer: { headSeq: number },
  place: (view: V) => V,
): V | undefined {
  if (view === undefined || view.headSeq >= answer.headSeq) return view;
  return place(view);
}
