import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chainRoles } from "@/shared/alliance-vocabulary";
import { buildMatrix, cellState, type MatrixMember } from "./matrix";

const shanghai = 1;
const suzhou = 2;
const hangzhou = 3;

describe("cellState", () => {
  it("is empty without members, filled with one, crowded from the threshold", () => {
    expect(cellState(0, 2)).toBe("empty");
    expect(cellState(1, 2)).toBe("filled");
    expect(cellState(2, 2)).toBe("crowded");
    expect(cellState(5, 3)).toBe("crowded");
    expect(cellState(2, 3)).toBe("filled");
  });
});

describe("buildMatrix", () => {
  const members: MatrixMember[] = [
    { organisationId: 10, regionId: shanghai, chainRole: "design" },
    { organisationId: 11, regionId: shanghai, chainRole: "design" },
    { organisationId: 12, regionId: suzhou, chainRole: "manufacturing" },
    { organisationId: 13, regionId: suzhou, chainRole: "design" },
    { organisationId: 14, regionId: hangzhou, chainRole: "design" },
  ];

  it("fills cells by stage and city and marks empty and crowded ones", () => {
    const m = buildMatrix([shanghai, suzhou], members, [], { crowdedAt: 2, spreadAt: 3 });
    expect(m.regionIds).toEqual([shanghai, suzhou, hangzhou]);
    const design = m.rows.find((r) => r.chainRole === "design")!;
    expect(design.cells.map((c) => c.state)).toEqual(["crowded", "filled", "filled"]);
    expect(design.cells[0]!.organisationIds).toEqual([10, 11]);
    expect(design.spread).toBe(true);
    const materials = m.rows.find((r) => r.chainRole === "materials")!;
    expect(materials.gap).toBe(true);
    expect(materials.cells.every((c) => c.state === "empty")).toBe(true);
    expect(m.crowdedCells).toBe(1);
    expect(m.emptyCells).toBe(chainRoles.length * 3 - 4);
    expect(m.maxOrganisations).toBe(2);
  });

  it("counts a project in the cells of its cities that a member fills", () => {
    const m = buildMatrix([shanghai, suzhou, hangzhou], members, [{ projectId: 7, regionIds: [suzhou, 99] }]);
    const manufacturing = m.rows.find((r) => r.chainRole === "manufacturing")!;
    expect(manufacturing.cells.find((c) => c.regionId === suzhou)!.projectIds).toEqual([7]);
    expect(manufacturing.cells.find((c) => c.regionId === shanghai)!.projectIds).toEqual([]);
    // A city a project spans but where no member works adds no column.
    expect(m.regionIds).not.toContain(99);
  });

  it("accounts for every member exactly once and keeps its counts consistent", () => {
    const member = fc.record({
      organisationId: fc.integer({ min: 1, max: 30 }),
      regionId: fc.integer({ min: 1, max: 6 }),
      chainRole: fc.constantFrom(...chainRoles),
    });
    fc.assert(
      fc.property(fc.array(member, { maxLength: 40 }), fc.integer({ min: 1, max: 4 }), (raw, crowdedAt) => {
        // An organisation is a member once, so it has one stage and one city.
        const byOrg = new Map(raw.map((m) => [m.organisationId, m]));
        const list = [...byOrg.values()];
        const m = buildMatrix([1], list, [], { crowdedAt, spreadAt: 3 });
        const cells = m.rows.flatMap((r) => r.cells);
        expect(cells.reduce((n, c) => n + c.organisationIds.length, 0)).toBe(list.length);
        expect(cells.length).toBe(chainRoles.length * m.regionIds.length);
        expect(m.emptyCells).toBe(cells.filter((c) => c.organisationIds.length === 0).length);
        expect(m.crowdedCells).toBe(cells.filter((c) => c.organisationIds.length >= crowdedAt).length);
        for (const r of m.rows) expect(r.gap).toBe(r.cells.every((c) => c.state === "empty"));
      }),
    );
  });
});
