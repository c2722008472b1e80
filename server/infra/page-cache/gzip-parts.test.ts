import fc from "fast-check";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { compressParts, gzipWith, joinWith } from "./gzip-parts";

const nonceLike = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((bytes) => Buffer.from(bytes).toString("base64"));
// Text that repeats itself (as a page does), so the parts refer back across the values.
const pageText = fc
  .array(
    fc.constantFrom('<script nonce="', '">self.__next_f.push([1,"', "协同平台", "a", "\\n", " ", "<div>", "</div>"),
    {
      maxLength: 400,
    },
  )
  .map((pieces) => pieces.join(""));

describe("gzip with a value spliced between fixed parts", () => {
  it("decompresses to the parts joined by the value, for any parts and value", () => {
    fc.assert(
      fc.property(fc.array(pageText, { minLength: 1, maxLength: 40 }), nonceLike, nonceLike, (parts, first, second) => {
        const compressed = compressParts(parts, first.length);
        expect(compressed.valueLength).toBe(24);
        for (const value of [first, second]) {
          const expected = parts.join(value);
          expect(gunzipSync(gzipWith(compressed, value)).toString("utf8")).toBe(expected);
          expect(joinWith(compressed, value).toString("utf8")).toBe(expected);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("compresses the parts alone when one holds a placeholder byte, and still decompresses right", () => {
    const parts = ["before \u0001 control", "after", "end"];
    const compressed = compressParts(parts, 24);
    expect(compressed.valueLength).toBeNull();
    const value = "x".repeat(30);
    expect(gunzipSync(gzipWith(compressed, value)).toString("utf8")).toBe(parts.join(value));
  });

  it("refuses a value of another length than the parts were compressed for", () => {
    const compressed = compressParts(["a", "b"], 24);
    expect(() => gzipWith(compressed, "short")).toThrow(RangeError);
  });

  it("is much smaller than the page when the page repeats itself", () => {
    const part = "<p>协同 synergy across regions</p>".repeat(50);
    const compressed = compressParts([part, part, part, part], 24);
    const gzipped = gzipWith(compressed, "n".repeat(24));
    expect(gzipped.length).toBeLessThan(part.length / 4);
  });
});
