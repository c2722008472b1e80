/**
 * Chart colours, in the order series and regions take them. The hues are the Tailwind ones the CSS
 * bars use (brand, amber, emerald, sky, rose, violet, lime, orange), so a region has one colour on
 * every chart of a page whichever renderer draws it.
 */
export const chartPalette = [
  "#3b6fe0",
  "#f59e0b",
  "#10b981",
  "#0ea5e9",
  "#f43f5e",
  "#8b5cf6",
  "#84cc16",
  "#f97316",
] as const;

export function paletteColor(index: number): string {
  return chartPalette[((index % chartPalette.length) + chartPalette.length) % chartPalette.length]!;
}
