import {
  buildMatrix,
  packVotes,
  positionsOf,
  selectRows,
  type PackedVotes,
  type VoteCell,
  type VoteMatrix,
} from "./matrix";
import { chooseClustering, stableLabels } from "./kmeans";
import { project, type Projection } from "./pca";
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
  /** As objects, or packed in triples (how the server reads them and sends them to the worker). */
  votes: readonly VoteCell[] | PackedVotes;
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

/** To 4 decimals, and never -0 (the packed map, rules/map-codec.ts, stores whole ten-thousandths). */
const round = (v: number) => Math.round(v * 10_000) / 10_000 + 0;
const listLength = 8;

const tally = (c: Counts): Tally => ({ ...c, n: votesIn(c) });

/** Votes of people not in the round are dropped; usually there are none, and copying 80,000 is not free. */
function withoutStrangers(votes: PackedVotes, person: (id: number) => number): PackedVotes {
  let strangers = 0;
  for (let at = 0; at < votes.length; at += 3) if (person(votes[at] as number) < 0) strangers += 1;
  if (strangers === 0) return votes;
  const kept = new Int32Array(votes.length - strangers * 3);
  let to = 0;
  for (let at = 0; at < votes.length; at += 3) {
    if (person(votes[at] as number) < 0) continue;
    kept.set(votes.subarray(at, at + 3), to);
    to += 3;
  }
  return kept;
}

/**
 * The whole opinion map from the votes: placement (PCA), groups (k-means, k by silhouette, stable
 * names), representative statements, consensus (by group and region-fair), divisive statements and
 * the group × region × organisation cross-tabulation. Every figure that rests on fewer than `minCell`
 * people is left out (k-anonymity). Pure and deterministic: the same votes give the same map in any
 * order.
 */
export function computeOpinionMap(
  input: MapInput,
  /** The projection used (tests and the benchmark pass `projectDense`, the reference, to compare). */
  projector: (matrix: VoteMatrix) => Pick<Projection, "points"> = project,
): MapResult {
  const options = { ...defaultMapOptions, ...input.options };
  const minCell = options.minCell;
  const people = new Map(input.participants.map((p) => [p.id, p]));
  const participantIds = input.participants.map((p) => p.id);
  const person = positionsOf(participantIds);
  const votes = withoutStrangers(packVotes(input.votes), person);
  const matrix = buildMatrix(votes, input.statements);
  const threshold = Math.max(1, Math.min(options.minVotes, matrix.statements.length));
  const enough = selectRows(matrix, (_, count) => count >= threshold);
  // Fewer placed people than the smallest cell would make a map of individuals: nobody is placed yet.
  const placed = enough.participants.length >= minCell ? enough : selectRows(matrix, () => false);

  const projection = placed.participants.length > 0 ? projector(placed) : { points: [] };
  const clustering = chooseClustering(projection.points, { maxK: options.maxGroups, minGroupSize: minCell });
  const members = Array.from({ length: clustering.k }, () => [] as number[]);
  clustering.labels.forEach((cluster, i) => members[cluster]?.push(placed.participants[i] as number));
  const rename = stableLabels(members, clustering.centroids, input.previousLabels ?? new Map());
  const labels = new Map<number, number>();
  clustering.labels.forEach((cluster, i) => labels.set(placed.participants[i] as number, rename[cluster] as number));
  const k = clustering.k;

  // Counts per statement: overall, per group (placed people only), per region (every voter).
  const regionIds = [...new Set(input.participants.map((p) => p.regionId))].sort((a, b) => a - b);
  // Typed tallies [agree, disagree, pass] indexed by column, then turned into the rules' Counts.
  const m = matrix.statements.length;
  const regionCount = regionIds.length;
  const column = positionsOf(matrix.statements);
  const regionIndex = new Map(regionIds.map((r, i) => [r, i]));
  // Per person (by position in `participantIds`): region index and group label (−1 when not placed).
  const personRegion = new Int32Array(participantIds.length);
  const personGroup = new Int32Array(participantIds.length);
  // A repeated participant id counts as its last entry, as `people` has it.
  input.participants.forEach((p) => {
    const at = person(p.id);
    personRegion[at] = regionIndex.get(p.regionId) as number;
    personGroup[at] = labels.get(p.id) ?? -1;
  });
  const totalTally = new Int32Array(m * 3);
  const groupTally = new Int32Array(m * k * 3);
  const regionTally = new Int32Array(m * regionCount * 3);
  const bump = (tallies: Int32Array, index: number) => (tallies[index] = (tallies[index] as number) + 1);
  for (let v = 0; v < votes.length; v += 3) {
    const j = column(votes[v + 1] as number);
    const at = person(votes[v] as number);
    if (j < 0 || at < 0) continue;
    const value = votes[v + 2] as number;
    const slot = value === 1 ? 0 : value === -1 ? 1 : 2;
    bump(totalTally, j * 3 + slot);
    bump(regionTally, (j * regionCount + (personRegion[at] as number)) * 3 + slot);
    const group = personGroup[at] as number;
    if (group >= 0) bump(groupTally, (j * k + group) * 3 + slot);
  }
  const countsAt = (tallies: Int32Array, at: number): Counts => ({
    agree: tallies[at * 3] as number,
    disagree: tallies[at * 3 + 1] as number,
    pass: tallies[at * 3 + 2] as number,
  });
  const stats = new Map(
    matrix.statements.map((id, j) => [
      id,
      {
        total: countsAt(totalTally, j),
        groups: Array.from({ length: k }, (_, g) => countsAt(groupTally, j * k + g)),
        regions: new Map<number, Counts>(regionIds.map((r, i) => [r, countsAt(regionTally, j * regionCount + i)])),
      },
    ]),
  );

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
      votes: votes.length / 3,
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
