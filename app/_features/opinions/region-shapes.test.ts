import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { hiddenRegionShape, regionShapes, shapesByRegion } from "./region-shapes";

describe("region shapes", () => {
  it("gives each of up to ten regions its own shape, in ascending id order whatever the order of the dots", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 10 }), (ids) => {
        const shapes = shapesByRegion([...ids, null, ...ids.slice().reverse()]);
        expect(shapes.size).toBe(ids.length);
        expect(new Set(shapes.values()).size).toBe(ids.length);
        expect([...shapes.values()]).not.toContain(hiddenRegionShape);
        const lowest = Math.min(...ids);
        expect(shapes.get(lowest)).toBe(regionShapes[0]);
      }),
    );
  });
});
