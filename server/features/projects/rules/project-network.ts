/**
 * Who works with whom: from the regions taking part in each project, the pairs of regions that share
 * projects and how many. A dashboard draws it as a network (links) or a matrix (the same pairs).
 */

export interface ProjectRegion {
  projectId: number;
  regionId: number;
}

export interface RegionLink {
  /** The smaller region id of the pair, so each pair appears once. */
  a: number;
  b: number;
  projects: number;
}

/** Pairs of regions with the number of projects they share, most shared first, then by ids. */
export function regionLinks(rows: readonly ProjectRegion[]): RegionLink[] {
  const regionsByProject = new Map<number, Set<number>>();
  for (const { projectId, regionId } of rows) {
    const set = regionsByProject.get(projectId) ?? new Set<number>();
    set.add(regionId);
    regionsByProject.set(projectId, set);
  }
  const counts = new Map<string, RegionLink>();
  for (const set of regionsByProject.values()) {
    const ids = [...set].sort((x, y) => x - y);
    for (let i = 0; i < ids.length; i += 1) {
      for (let j = i + 1; j < ids.length; j += 1) {
        const key = `${ids[i]}-${ids[j]}`;
        const link = counts.get(key) ?? { a: ids[i]!, b: ids[j]!, projects: 0 };
        link.projects += 1;
        counts.set(key, link);
      }
    }
  }
  return [...counts.values()].sort((x, y) => y.projects - x.projects || x.a - y.a || x.b - y.b);
}

/** The regions `regionId` shares projects with, and how many, most shared first. */
export function partnersOf(
  regionId: number,
  links: readonly RegionLink[],
): Array<{ regionId: number; projects: number }> {
  return links
    .filter((link) => link.a === regionId || link.b === regionId)
    .map((link) => ({ regionId: link.a === regionId ? link.b : link.a, projects: link.projects }))
    .sort((x, y) => y.projects - x.projects || x.regionId - y.regionId);
}
