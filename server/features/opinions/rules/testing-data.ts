import type { MapParticipant } from "./compute-map";
import { seededRandom } from "./kmeans";
import type { VoteCell, VoteValue } from "./matrix";

/**
 * Planted opinion data for tests and the benchmark: people in blocs, each bloc agreeing with its own
 * half of the statements and disagreeing with the other, with some noise and missing votes.
 */
export function plantedBlocs(options: {
  blocs: number[];
  statements: number;
  density?: number;
  noise?: number;
  seed?: number;
  regions?: number[];
}): { participants: MapParticipant[]; votes: VoteCell[]; bloc: Map<number, number>; statements: number[] } {
  const random = seededRandom(options.seed ?? 1);
  const density = options.density ?? 1;
  const noise = options.noise ?? 0.05;
  const regions = options.regions ?? [1, 2, 3, 4];
  const participants: MapParticipant[] = [];
  const votes: VoteCell[] = [];
  const bloc = new Map<number, number>();
  const statements = Array.from({ length: options.statements }, (_, j) => j + 1);
  let id = 1;
  options.blocs.forEach((size, b) => {
    for (let n = 0; n < size; n += 1, id += 1) {
      participants.push({
        id,
        regionId: regions[id % regions.length] as number,
        organisationKind: (["government", "university", "institute", "enterprise"] as const)[id % 4] ?? null,
        pseudonym: `p${id.toString().padStart(5, "0")}`,
      });
      bloc.set(id, b);
      for (const s of statements) {
        if (random() > density) continue;
        const favoured = s % options.blocs.length === b;
        let value: VoteValue = favoured ? 1 : -1;
        if (random() < noise) value = random() < 0.5 ? 0 : (-value as VoteValue);
        votes.push({ participant: id, statement: s, value });
      }
    }
  });
  return { participants, votes, bloc, statements };
}
