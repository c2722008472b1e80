import { buildMatrix, selectRows, type VoteCell } from "./matrix";
import { chooseClustering, stableLabels } from "./kmeans";
import { project } from "./pca";
import {
  cramersV,
  emptyCounts,
  groupInformedConsensus,
  minimumRegionalAgree,
  regionFairConsensus,
  representativeness,
  smoothedAgree,
  variance,
  votesIn,
  type Counts,
} from "./stats";
import { organisationKinds, type OrganisationKind } from "@/shared/opinion-vocabulary";

export interface MapParticipant {
  id: number;
  regionId: number;
  organisationKind: OrganisationKind | null;
  /** The dot's name on the public map: random per round, so a dot cannot be traced to an account. */
  pseudonym: string;
}

export interface MapOptions {
  /** Votes (pass included) before a person is placed on the map; capped at the number of statements. */
  minVotes: number;
  /** The smallest number of people any shown figure may rest on. */
  minCell: number;
  maxGroups: number;
}

export const defaultMapOptions: MapOptions = { minVotes: 7, minCell: 3, maxGroups: 5 };

export interface MapInput {
  statements: readonly number[];
  participants: readonly MapParticipant[];
  votes: readonly VoteCell[];
  /** Each participant's group label in the previous map, for stable naming. */
  previousLabels?: ReadonlyMap<number, number>;
  options?: Partial<MapOptions>;
}

export type Tally = Counts & { n: number };

export interface StatementStats {
  id: number;
  /** All voters' counts; null under the minimum cell. */
  total: Tally | null;
  groups: (Tally & { group: number })[];
  regions: (Tally & { regionId: number })[];
  groupConsensus: number | null;
  regionConsensus: number | null;
  /** Lowest agree share of the regions counted (each with at least minCell voters). */
  minRegionAgree: number | null;
  regionsCounted: number;
  groupSpread: number | null;
  regionSpread: number | null;
}

export interface RepresentativeStatement {
  statementId: number;
  direction: "agree" | "disagree";
  rate: number;
  restRate: number;
  z: number;
}

export type SplitKind = "regional" | "sectoral" | "both" | "neither";

export interface OpinionMap {
  voters: number;
  placed: number;
  votes: number;
  minVotes: number;
  groups: { label: number; size: number; representative: RepresentativeStatement[] }[];
  points: { id: string; x: number; y: number; group: number; regionId: number | null }[];
  statements: StatementStats[];
  consensus: number[];
  regionConsensus: number[];
  divisiveGroups: number[];
  divisiveRegions: number[];
  crossTab: {
    /** Only cells of at least minCell people; smaller ones are left out altogether. */
    regions: { group: number; regionId: number; people: number }[];
    organisations: { group: number; kind: OrganisationKind | "unknown"; people: number }[];
    regionAssociation: number;
    organisationAssociation: number;
    split: SplitKind;
  };
}

export interface MapResult {
  map: OpinionMap;
  /** Participant id → group label, kept by the server for the next recompute; never published. */
  labels: Map<number, number>;
}

const round = (v: number) => Math.round(v * 10_000) / 10_000;
const listLength = 8;

function add(counts: Counts, value: number): void {
  if (value === 1) counts.agree += 1;
  else if (value === -1) counts.disagree += 1;
  else counts.pass += 1;
}

const tally = (c: Counts): Tally => ({ ...c, n: votesIn(c) });

/**
 * The whole opinion map from the votes: placement (PCA), groups (k-means, k by silhouette, stable
 * names), representative statements, consensus (by group and region-fair), divisive statements and
 * the group × region × organisation cross-tabulation. Every figure that rests on fewer than `minCell`
 * people is left out (k-anonymity). Pure and deterministic: the same votes give the same map in any
 * order.
 */
export function computeOpinionMap(input: MapInput): MapResult {
  const options = { ...defaultMapOptions, ...input.options };
  const minCell = options.minCell;
  const people = new Map(input.participants.map((p) => [p.id, p]));
  const votes = input.votes.filter((v) => people.has(v.participant));
  const matrix = buildMatrix(votes, input.statements);
  const threshold = Math.max(1, Math.min(options.minVotes, matrix.statements.length));
  const enough = selectRows(matrix, (_, count) => count >= threshold);
  // Fewer placed people than the smallest cell would make a map of individuals: nobody is placed yet.
  const placed = enough.participants.length >= minCell ? enough : selectRows(matrix, () => false);

  const projection = placed.participants.length > 0 ? project(placed) : { points: [] };
  const clustering = chooseClustering(projection.points, { maxK: options.maxGroups, minGroupSize: minCell });
  const members = Array.from({ length: clustering.k }, () => [] as number[]);
  clustering.labels.forEach((cluster, i) => members[cluster]?.push(placed.participants[i] as number));
  const rename = stableLabels(members, clustering.centroids, input.previousLabels ?? new Map());
  const labels = new Map<number, number>();
  clustering.labels.forEach((cluster, i) => labels.set(placed.participants[i] as number, rename[cluster] as number));
  const k = clustering.k;

  // Counts per statement: overall, per group (placed people only), per region (every voter).
  const regionIds = [...new Set(input.participants.map((p) => p.regionId))].sort((a, b) => a - b);
  const stats = new Map(
    matrix.statements.map((id) => [
      id,
      {
        total: emptyCounts(),
        groups: Array.from({ length: k }, emptyCounts),
        regions: new Map<number, Counts>(regionIds.map((r) => [r, emptyCounts()])),
      },
    ]),
  );
  for (const vote of votes) {
    const entry = stats.get(vote.statement);
    const person = people.get(vote.participant);
    if (!entry || !person) continue;
    add(entry.total, vote.value);
    add(entry.regions.get(person.regionId) as Counts, vote.value);
    const label = labels.get(vote.participant);
    if (label !== undefined) add(entry.groups[label] as Counts, vote.value);
  }

  const statements: StatementStats[] = matrix.statements.map((id) => {
    const entry = stats.get(id) as NonNullable<ReturnType<typeof stats.get>>;
    const shownGroups = entry.groups.flatMap((c, group) => (votesIn(c) >= minCell ? [{ ...tally(c), group }] : []));
    // A region counts on a statement once enough of its people voted on it to be shown.
    const counted = [...entry.regions].filter(([, c]) => votesIn(c) >= minCell);
    const enough = votesIn(entry.total) >= minCell;
    return {
      id,
      total: enough ? tally(entry.total) : null,
      groups: shownGroups,
      regions: counted.map(([regionId, c]) => ({ ...tally(c), regionId })),
      groupConsensus: enough && k > 0 ? round(groupInformedConsensus(entry.groups)) : null,
      regionConsensus: counted.length > 0 ? round(regionFairConsensus(counted.map(([, c]) => c))) : null,
      minRegionAgree: (() => {
        const min = minimumRegionalAgree(counted.map(([, c]) => c));
        return min === null ? null : round(min);
      })(),
      regionsCounted: counted.length,
      groupSpread: shownGroups.length >= 2 ? round(variance(shownGroups.map(smoothedAgree))) : null,
      regionSpread: counted.length >= 2 ? round(variance(counted.map(([, c]) => c.agree / votesIn(c)))) : null,
    };
  });

  const ranked = (score: (s: StatementStats) => number | null) =>
    statements
      .flatMap((s) => {
        const value = score(s);
        return value === null ? [] : [{ id: s.id, value }];
      })
      .sort((a, b) => b.value - a.value || a.id - b.id)
      .slice(0, listLength)
      .map((s) => s.id);

  const groups = Array.from({ length: k }, (_, label) => {
    const size = [...labels.values()].filter((l) => l === label).length;
    const representative =
      k < 2
        ? []
        : matrix.statements.flatMap((id) => {
            const entry = stats.get(id) as NonNullable<ReturnType<typeof stats.get>>;
            const own = entry.groups[label] as Counts;
            if (votesIn(own) < minCell) return [];
            const rest = emptyCounts();
            entry.groups.forEach((c, other) => {
              if (other === label) return;
              rest.agree += c.agree;
              rest.disagree += c.disagree;
              rest.pass += c.pass;
            });
            const r = representativeness(own, rest);
            return r
              ? [
                  {
                    statementId: id,
                    direction: r.direction,
                    rate: round(r.rate),
                    restRate: round(r.restRate),
                    z: round(r.z),
                    score: r.score,
                  },
                ]
              : [];
          });
    representative.sort((a, b) => b.score - a.score || a.statementId - b.statementId);
    return {
      label,
      size,
      representative: representative.slice(0, 5).map(({ score: _score, ...rest }) => rest),
    };
  });

  // Cross-tabulation of people: groups × regions and groups × kinds of organisation.
  const kinds = [...organisationKinds, "unknown"] as const;
  const regionTable = Array.from({ length: k }, () => regionIds.map(() => 0));
  const kindTable = Array.from({ length: k }, () => kinds.map(() => 0));
  for (const [id, label] of labels) {
    const person = people.get(id) as MapParticipant;
    const row = regionTable[label] as number[];
    const r = regionIds.indexOf(person.regionId);
    row[r] = (row[r] as number) + 1;
    const kindRow = kindTable[label] as number[];
    const kIndex = kinds.indexOf(person.organisationKind ?? "unknown");
    kindRow[kIndex] = (kindRow[kIndex] as number) + 1;
  }
  const regionAssociation = round(cramersV(regionTable));
  const organisationAssociation = round(cramersV(kindTable));
  const strong = 0.3;
  const split: SplitKind =
    regionAssociation >= strong && organisationAssociation >= strong
      ? "both"
      : regionAssociation >= strong
        ? "regional"
        : organisationAssociation >= strong
          ? "sectoral"
          : "neither";

  const points = placed.participants.map((id, i) => {
    const person = people.get(id) as MapParticipant;
    const group = labels.get(id) as number;
    const cell = regionTable[group]?.[regionIds.indexOf(person.regionId)] ?? 0;
    const [x, y] = projection.points[i] ?? [0, 0];
    // A dot shows its region only when enough of that region share its group to hide who it is.
    return {
      id: person.pseudonym,
      x: round(x),
      y: round(y),
      group,
      regionId: cell >= minCell ? person.regionId : null,
    };
  });
  points.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  return {
    labels,
    map: {
      voters: matrix.participants.length,
      placed: placed.participants.length,
      votes: votes.length,
      minVotes: threshold,
      groups,
      points,
      statements,
      consensus: ranked((s) => (s.total ? s.groupConsensus : null)),
      regionConsensus: ranked((s) => s.regionConsensus),
      divisiveGroups: ranked((s) => s.groupSpread),
      divisiveRegions: ranked((s) => s.regionSpread),
      crossTab: {
        regions: regionTable.flatMap((row, group) =>
          row.flatMap((people, r) => (people >= minCell ? [{ group, regionId: regionIds[r] as number, people }] : [])),
        ),
        organisations: kindTable.flatMap((row, group) =>
          row.flatMap((people, j) =>
            people >= minCell ? [{ group, kind: kinds[j] as OrganisationKind | "unknown", people }] : [],
          ),
        ),
        regionAssociation,
        organisationAssociation,
        split,
      },
    },
  };
}
