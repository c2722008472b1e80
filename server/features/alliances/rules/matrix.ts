import { allianceLimits, chainRoles, type ChainRole } from "@/shared/alliance-vocabulary";

/** An accepted member organisation: its city and its place in the chain. */
export interface MatrixMember {
  organisationId: number;
  regionId: number;
  chainRole: ChainRole;
}

/** A project homed in an alliance, with the cities (lead and partners) it spans. */
export interface MatrixProject {
  projectId: number;
  regionIds: readonly number[];
}

export type CellState = "empty" | "filled" | "crowded";

export interface MatrixCell {
  chainRole: ChainRole;
  regionId: number;
  organisationIds: number[];
  projectIds: number[];
  state: CellState;
}

export interface MatrixRow {
  chainRole: ChainRole;
  cells: MatrixCell[];
  /** Cities holding the stage. */
  cityCount: number;
  /** No city holds the stage: a gap in the chain. */
  gap: boolean;
  /** Many cities hold the same stage: the homogeneous competition the paper warns of. */
  spread: boolean;
}

export interface Matrix {
  regionIds: number[];
  rows: MatrixRow[];
  /** The largest cell, so every chart shades on one scale. */
  maxOrganisations: number;
  emptyCells: number;
  crowdedCells: number;
}

export interface MatrixThresholds {
  crowdedAt: number;
  spreadAt: number;
}

/** What a cell is: empty with no member, crowded when several member organisations do the same in one city. */
export function cellState(organisations: number, crowdedAt: number = allianceLimits.crowdedAt): CellState {
  if (organisations <= 0) return "empty";
  return organisations >= crowdedAt ? "crowded" : "filled";
}

/**
 * The division-of-labour matrix: chain stage × city. A cell holds the member organisations of that
 * city in that stage, and the projects spanning that city that such a member can carry. Columns are
 * the given cities (a cluster's, so an idle city shows) plus any city a member or project brings.
 */
export function buildMatrix(
  cities: readonly number[],
  members: readonly MatrixMember[],
  projects: readonly MatrixProject[],
  thresholds: MatrixThresholds = allianceLimits,
): Matrix {
  const regionIds = [...new Set([...cities, ...members.map((m) => m.regionId)])].sort((a, b) => a - b);
  let maxOrganisations = 0;
  let emptyCells = 0;
  let crowdedCells = 0;
  const rows = chainRoles.map((chainRole): MatrixRow => {
    const cells = regionIds.map((regionId): MatrixCell => {
      const organisationIds = [
        ...new Set(
          members.filter((m) => m.chainRole === chainRole && m.regionId === regionId).map((m) => m.organisationId),
        ),
      ].sort((a, b) => a - b);
      const projectIds =
        organisationIds.length === 0
          ? []
          : projects
              .filter((p) => p.regionIds.includes(regionId))
              .map((p) => p.projectId)
              .sort((a, b) => a - b);
      const state = cellState(organisationIds.length, thresholds.crowdedAt);
      maxOrganisations = Math.max(maxOrganisations, organisationIds.length);
      if (state === "empty") emptyCells += 1;
      if (state === "crowded") crowdedCells += 1;
      return { chainRole, regionId, organisationIds, projectIds, state };
    });
    const cityCount = cells.filter((c) => c.state !== "empty").length;
    return { chainRole, cells, cityCount, gap: cityCount === 0, spread: cityCount >= thresholds.spreadAt };
  });
  return { regionIds, rows, maxOrganisations, emptyCells, crowdedCells };
}
