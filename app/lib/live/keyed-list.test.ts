import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { byCodePoint, settleOwnRow, upsertInOrder } from "./keyed-list";

type Row = { id: number; name: string };
const byName = (a: Row, b: Row) => byCodePoint(a.name, b.name) || a.id - b.id;
const sorted = (rows: Row[]) => [...rows].sort(byName);

describe("upsertInOrder", () => {
  it("replaces a row in place, or puts a new one where the order says", () => {
    const rows = [
      { id: 1, name: "a" },
      { id: 2, name: "c" },
    ];
    expect(upsertInOrder(rows, { id: 3, name: "b" }, byName).map((r) => r.id)).toEqual([1, 3, 2]);
    expect(upsertInOrder(rows, { id: 1, name: "d" }, byName)).toEqual([
      { id: 2, name: "c" },
      { id: 1, name: "d" },
    ]);
    expect(upsertInOrder(rows, { id: 4, name: "z" }, byName, 2)).toEqual(rows);
  });

  it("gives what sorting the rows with the new one and keeping `limit` gives, however often applied", () => {
    const row = fc.record({ id: fc.integer({ min: 1, max: 30 }), name: fc.string({ maxLength: 3 }) });
    fc.assert(
      fc.property(
        fc.uniqueArray(row, { selector: (r) => r.id }),
        row,
        fc.integer({ min: 1, max: 40 }),
        (rows, next, limit) => {
          const list = sorted(rows).slice(0, limit);
          const expected = sorted([...list.filter((r) => r.id !== next.id), next]).slice(0, limit);
          const once = upsertInOrder(list, next, byName, limit);
          expect(once).toEqual(expected);
          expect(upsertInOrder(once, next, byName, limit)).toEqual(once);
        },
      ),
    );
  });
});

describe("settleOwnRow", () => {
  const place = (view: { headSeq: number; rows: number[] }) => ({ ...view, rows: [...view.rows, 9] });
  it("sets the answer's row while its events are still to come, keeps the page once they were applied", () => {
    expect(settleOwnRow({ headSeq: 3, rows: [] }, { headSeq: 4 }, place)).toEqual({ headSeq: 3, rows: [9] });
    expect(settleOwnRow({ headSeq: 4, rows: [] }, { headSeq: 4 }, place)).toEqual({ headSeq: 4, rows: [] });
    expect(settleOwnRow({ headSeq: 6, rows: [] }, { headSeq: 4 }, place)).toEqual({ headSeq: 6, rows: [] });
    expect(settleOwnRow(undefined, { headSeq: 4 }, place)).toBeUndefined();
  });
});
