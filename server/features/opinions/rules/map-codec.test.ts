import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { computeOpinionMap } from "./compute-map";
import { decodeLabels, decodeMap, encodeLabels, encodeMap, readStoredLabels, readStoredMap } from "./map-codec";
import { plantedBlocs } from "./testing-data";

const fraction = fc.integer({ min: -200_000, max: 200_000 }).map((units) => units / 10_000);
const count = fc.nat({ max: 5000 });
const tally = fc.record({ agree: count, disagree: count, pass: count, n: count });

describe("packed opinion map", () => {
  it("decodes a computed map to the same map, in a quarter of its JSON", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 8 }), (seed, extra) => {
        const data = plantedBlocs({
          blocs: [14, 11, 5 + extra],
          statements: 12,
          density: 0.7,
          noise: 0.15,
          seed,
          regions: [3, 7, 2_000_000_000],
        });
        const { map, labels } = computeOpinionMap(data);
        const packed = encodeMap(map);
        expect(decodeMap(packed)).toEqual(map);
        expect(decodeLabels(encodeLabels(labels))).toEqual(labels);
        if (map.points.length > 20) expect(packed.length).toBeLessThan(JSON.stringify(map).length / 2);
      }),
      { numRuns: 30 },
    );
  });

  it("keeps every number, null and sign of any map it is given", () => {
    const statement = fc.record({
      id: fc.nat(),
      total: fc.option(tally),
      groups: fc.array(fc.record({ agree: count, disagree: count, pass: count, n: count, group: fc.nat({ max: 9 }) })),
      regions: fc.array(fc.record({ agree: count, disagree: count, pass: count, n: count, regionId: fc.nat() })),
      groupConsensus: fc.option(fraction),
      regionConsensus: fc.option(fraction),
      minRegionAgree: fc.option(fraction),
      regionsCounted: fc.nat({ max: 50 }),
      groupSpread: fc.option(fraction),
      regionSpread: fc.option(fraction),
    });
    const point = fc.record({
      id: fc.string(),
      x: fraction,
      y: fraction,
      group: fc.nat({ max: 9 }),
      regionId: fc.option(fc.nat()),
    });
    fc.assert(
      fc.property(fc.array(point, { maxLength: 30 }), fc.array(statement, { maxLength: 10 }), (points, statements) => {
        const map = {
          voters: points.length,
          placed: points.length,
          votes: 3,
          minVotes: 7,
          groups: [{ label: 0, size: 3, representative: [] }],
          points,
          statements,
          consensus: statements.map((s) => s.id),
          regionConsensus: [],
          divisiveGroups: [],
          divisiveRegions: [],
          crossTab: {
            regions: [],
            organisations: [],
            regionAssociation: 0.5,
            organisationAssociation: 0,
            split: "neither" as const,
          },
        };
        expect(decodeMap(encodeMap(map))).toEqual(map);
      }),
    );
  });

  it("refuses a fraction it could not give back exactly, and reads rows stored before packing", () => {
    const { map, labels } = computeOpinionMap(plantedBlocs({ blocs: [10, 10], statements: 8, seed: 3 }));
    expect(() => encodeMap({ ...map, points: [{ id: "a", x: 0.123456, y: 0, group: 0, regionId: null }] })).toThrow(
      /4 decimals/,
    );
    expect(readStoredMap(JSON.stringify(map))).toEqual(map);
    expect(readStoredMap(encodeMap(map))).toEqual(map);
    expect(readStoredLabels(JSON.stringify([...labels]))).toEqual(labels);
    expect(readStoredLabels(encodeLabels(labels))).toEqual(labels);
  });
});
