import { describe, expect, it } from "vitest";
import { partnersOf, regionLinks } from "./project-network";

describe("regionLinks", () => {
  it("counts each pair of regions once per shared project, most shared first", () => {
    const rows = [
      // Project 1: Shenzhen (4) leads, Dongguan (5) partners.
      { projectId: 1, regionId: 4 },
      { projectId: 1, regionId: 5 },
      // Project 2: Qingdao (9), Yantai (10), Shenzhen (4).
      { projectId: 2, regionId: 9 },
      { projectId: 2, regionId: 10 },
      { projectId: 2, regionId: 4 },
      // Project 3: Dongguan and Shenzhen again, listed the other way round.
      { projectId: 3, regionId: 5 },
      { projectId: 3, regionId: 4 },
    ];
    expect(regionLinks(rows)).toEqual([
      { a: 4, b: 5, projects: 2 },
      { a: 4, b: 9, projects: 1 },
      { a: 4, b: 10, projects: 1 },
      { a: 9, b: 10, projects: 1 },
    ]);
  });

  it("has no links for no projects, or a project of one region", () => {
    expect(regionLinks([])).toEqual([]);
    expect(regionLinks([{ projectId: 1, regionId: 3 }])).toEqual([]);
  });

  it("ignores a region repeated within one project", () => {
    expect(
      regionLinks([
        { projectId: 1, regionId: 1 },
        { projectId: 1, regionId: 2 },
        { projectId: 1, regionId: 2 },
      ]),
    ).toEqual([{ a: 1, b: 2, projects: 1 }]);
  });
});

describe("partnersOf", () => {
  it("lists the other end of each link touching the region", () => {
    const links = [
      { a: 4, b: 5, projects: 2 },
      { a: 4, b: 9, projects: 1 },
      { a: 9, b: 10, projects: 3 },
      { a: 1, b: 4, projects: 1 },
    ];
    expect(partnersOf(4, links)).toEqual([
      { regionId: 5, projects: 2 },
      { regionId: 1, projects: 1 },
      { regionId: 9, projects: 1 },
    ]);
    expect(partnersOf(7, links)).toEqual([]);
  });
});
