import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "./csv";

/** A minimal RFC 4180 reader, to check that what we write reads back cell for cell. */
function parse(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i]!;
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && csv[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  return rows;
}

describe("csv", () => {
  it.each([
    ['=HYPERLINK("http://evil.example","x")', "'=HYPERLINK"],
    ["+1+2", "'+1+2"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ["\r=1", "'\r=1"],
    ["＝1+1", "'＝1+1"],
  ])("writes %j as text", (value, starts) => {
    const [cell] = parse(toCsv([[value]]))[0]!;
    expect(cell!.startsWith(starts)).toBe(true);
  });

  it("leaves numbers, booleans, dates and empty cells as they are", () => {
    expect(toCsv([[-3, true, new Date("2026-01-02T03:04:05Z"), null, undefined, "a,b"]])).toBe(
      '-3,true,2026-01-02T03:04:05.000Z,,,"a,b"\r\n',
    );
    expect(csvCell({ word: "=cmd" })).toBe('"{""word"":""=cmd""}"');
  });

  it("reads back cell for cell, and no text cell ever starts a formula (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: "grapheme" }), { minLength: 1, maxLength: 5 }), {
          minLength: 1,
          maxLength: 5,
        }),
        (rows) => {
          const read = parse(toCsv(rows));
          expect(read).toHaveLength(rows.length);
          read.forEach((row, r) =>
            row.forEach((cell, c) => {
              expect(/^[=+\-@\t\r\n]/.test(cell)).toBe(false);
              const original = rows[r]![c]!;
              expect(cell).toBe(/^[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20]/.test(original) ? `'${original}` : original);
            }),
          );
        },
      ),
      { numRuns: 1000 },
    );
  });
});
