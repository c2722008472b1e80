/**
 * The showcase's filters and substring search over published achievements held in memory, newest
 * first. Each test is the SQL one it replaces, term for term (listAchievements' `mine` path still
 * asks the database): `kind =`, `trl >=`, `sectors @> [sector]`, `mode = any(transfer_modes)`, an
 * owner in the region, and `search_text LIKE '%q%'` (q already normalised and lower-cased).
 */
export interface ShowcaseEntry {
  id: number;
  kind: string;
  trl: number;
  sectors: readonly string[];
  transferModes: readonly string[];
  ownerRegionIds: readonly number[];
  searchText: string;
}

export interface ShowcaseFilters {
  q?: string;
  kind?: string | null;
  minTrl?: number | null;
  sector?: string | null;
  mode?: string | null;
  regionId?: number | null;
}

/** The ids of the first `upTo` entries (in the given order) passing every filter. */
export function showcaseMatches(entries: readonly ShowcaseEntry[], filters: ShowcaseFilters, upTo: number): number[] {
  const { q, kind, minTrl, mode, regionId } = filters;
  const sector = filters.sector ? filters.sector.normalize("NFKC").trim().toLowerCase() : null;
  const found: number[] = [];
  for (const entry of entries) {
    if (found.length >= upTo) break;
    if (kind && entry.kind !== kind) continue;
    if (minTrl && entry.trl < minTrl) continue;
    if (sector !== null && !entry.sectors.includes(sector)) continue;
    if (mode && !entry.transferModes.includes(mode)) continue;
    if (regionId && !entry.ownerRegionIds.includes(regionId)) continue;
    if (q && !entry.searchText.includes(q)) continue;
    found.push(entry.id);
  }
  return found;
}
