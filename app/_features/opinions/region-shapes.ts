/**
 * One shape per region on the opinion map, so a region reads from the dot itself and not only from a
 * label or the table. SVG paths on a 100 × 100 box: the chart draws them as `path://` symbols and the
 * legend as inline SVG, so both show the same shape. Regions take shapes in ascending id order; past
 * the tenth, shapes repeat (the table still names every dot's region).
 */
export const regionShapes = [
  "M50 0A50 50 0 1 0 50 100A50 50 0 1 0 50 0Z", // circle
  "M8 8H92V92H8Z", // square
  "M50 2L98 94H2Z", // triangle
  "M50 0L100 50L50 100L0 50Z", // diamond
  "M2 6H98L50 98Z", // triangle pointing down
  "M50 0L61 35H98L68 57L79 92L50 71L21 92L32 57L2 35H39Z", // star
  "M25 4H75L100 50L75 96H25L0 50Z", // hexagon
  "M35 0H65V35H100V65H65V100H35V65H0V35H35Z", // cross
  "M50 0L98 36L80 96H20L2 36Z", // pentagon
  "M4 4L96 50L4 96Z", // triangle pointing right
] as const;

/** A ring: the dot of a person whose region is not shown (fewer than three people of it on the map). */
export const hiddenRegionShape =
  "M50 0A50 50 0 1 0 50 100A50 50 0 1 0 50 0ZM50 22A28 28 0 1 1 50 78A28 28 0 1 1 50 22Z";

/** Each region id present on the map → its shape's path. */
export function shapesByRegion(regionIds: readonly (number | null)[]): Map<number, string> {
  const ids = [...new Set(regionIds.filter((id): id is number => id !== null))].sort((a, b) => a - b);
  return new Map(ids.map((id, i) => [id, regionShapes[i % regionShapes.length] as string]));
}

export const chartSymbol = (path: string) => `path://${path}`;
