import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { computeOpinionMap, type MapParticipant } from "./compute-map";
import { seededRandom } from "./kmeans";
import type { VoteCell } from "./matrix";
import { plantedBlocs } from "./testing-data";

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = seededRandom(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

describe("opinion map", () => {
  it("finds the planted blocs as groups", () => {
    const data = plantedBlocs({ blocs: [25, 20], statements: 16, density: 0.8, noise: 0.05, seed: 11 });
    const { map, labels } = computeOpinionMap(data);
    expect(map.groups).toHaveLength(2);
    for (const [id, label] of labels) {
      const sameBloc = [...labels].filter(([other]) => data.bloc.get(other) === data.bloc.get(id));
      expect(sameBloc.every(([, l]) => l === label)).toBe(true);
    }
    expect(map.groups.every((g) => g.representative.length > 0)).toBe(true);
  });

  it("does not depend on the order of the rows (votes, participants)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 3 }), (seed, extra) => {
        const data = plantedBlocs({ blocs: [12, 10, 4 + extra * 3], statements: 10, density: 0.7, noise: 0.15, seed });
        const one = computeOpinionMap(data);
        const two = computeOpinionMap({
          ...data,
          votes: shuffled(data.votes, seed + 1),
          participants: shuffled(data.participants, seed + 2),
          statements: shuffled(data.statements, seed + 3),
        });
        expect(two.map).toEqual(one.map);
        expect([...two.labels].sort((a, b) => a[0] - b[0])).toEqual([...one.labels].sort((a, b) => a[0] - b[0]));
      }),
      { numRuns: 25 },
    );
  });

  it("keeps group names between recomputes when the groups stay", () => {
    const data = plantedBlocs({ blocs: [20, 18, 15], statements: 12, density: 0.9, noise: 0.05, seed: 21 });
    const first = computeOpinionMap(data);
    // Flip the stored names: the next map must take them back rather than rename left to right.
    const previous = new Map([...first.labels].map(([id, label]) => [id, (label + 1) % first.map.groups.length]));
    const more = plantedBlocs({ blocs: [20, 18, 15], statements: 12, density: 0.95, noise: 0.05, seed: 22 });
    const second = computeOpinionMap({ ...more, previousLabels: previous });
    let same = 0;
    for (const [id, label] of second.labels) if (previous.get(id) === label) same += 1;
    expect(same / second.labels.size).toBeGreaterThan(0.9);
  });

  it("includes a person only after the minimum number of votes", () => {
    const data = plantedBlocs({ blocs: [10, 10], statements: 10, density: 1, noise: 0, seed: 2 });
    const votes = data.votes.filter((v) => v.participant !== 3 || v.statement <= 6);
    expect(computeOpinionMap({ ...data, votes }).map.placed).toBe(19);
    expect(computeOpinionMap({ ...data, votes, options: { minVotes: 6 } }).map.placed).toBe(20);
  });

  it("scores unanimity above a split in both consensus measures", () => {
    const data = plantedBlocs({ blocs: [15, 15], statements: 10, density: 1, noise: 0, seed: 4 });
    // Statement 100: everyone agrees. Statement 1: the blocs split.
    const votes: VoteCell[] = [
      ...data.votes,
      ...data.participants.map((p) => ({ participant: p.id, statement: 100, value: 1 as const })),
    ];
    const { map } = computeOpinionMap({ ...data, statements: [...data.statements, 100], votes });
    const s = (id: number) => map.statements.find((x) => x.id === id)!;
    expect(s(100).groupConsensus!).toBeGreaterThan(s(1).groupConsensus!);
    expect(s(100).regionConsensus!).toBeGreaterThan(s(1).regionConsensus!);
    expect(s(100).minRegionAgree).toBe(1);
    expect(map.consensus[0]).toBe(100);
    expect(map.divisiveGroups).toContain(1);
  });

  it("region-fair consensus does not move when one region's headcount is multiplied", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 2, max: 5 }), (seed, factor) => {
        const data = plantedBlocs({
          blocs: [14, 12],
          statements: 8,
          density: 0.9,
          noise: 0.2,
          seed,
          regions: [1, 2, 3],
        });
        const cloned: MapParticipant[] = [];
        const clonedVotes: VoteCell[] = [];
        let next = 100_000;
        for (const p of data.participants.filter((p) => p.regionId === 2)) {
          for (let c = 1; c < factor; c += 1, next += 1) {
            cloned.push({ ...p, id: next, pseudonym: `c${next}` });
            for (const v of data.votes.filter((v) => v.participant === p.id))
              clonedVotes.push({ ...v, participant: next });
          }
        }
        const before = computeOpinionMap(data).map;
        const after = computeOpinionMap({
          ...data,
          participants: [...data.participants, ...cloned],
          votes: [...data.votes, ...clonedVotes],
        }).map;
        for (const s of before.statements) {
          const t = after.statements.find((x) => x.id === s.id)!;
          if (s.regionsCounted === t.regionsCounted) {
            expect(t.regionConsensus).toBeCloseTo(s.regionConsensus ?? 0, 9);
            expect(t.minRegionAgree).toBe(s.minRegionAgree);
          }
        }
      }),
      { numRuns: 20 },
    );
  });

  it("never outputs a figure resting on fewer than 3 people", () => {
    const vote = fc.record({
      participant: fc.integer({ min: 1, max: 25 }),
      statement: fc.integer({ min: 1, max: 8 }),
      value: fc.constantFrom(1 as const, -1 as const, 0 as const),
    });
    fc.assert(
      fc.property(fc.array(vote, { maxLength: 200 }), fc.integer({ min: 1, max: 6 }), (votes, regions) => {
        const participants = Array.from({ length: 25 }, (_, i) => ({
          id: i + 1,
          regionId: (i % regions) + 1,
          organisationKind: null,
          pseudonym: `p${i + 1}`,
        }));
        const { map } = computeOpinionMap({
          statements: [1, 2, 3, 4, 5, 6, 7, 8],
          participants,
          votes,
          options: { minVotes: 2 },
        });
        for (const g of map.groups) expect(g.size).toBeGreaterThanOrEqual(3);
        for (const s of map.statements) {
          if (s.total) expect(s.total.n).toBeGreaterThanOrEqual(3);
          else expect(s.groupConsensus).toBeNull();
          for (const cell of [...s.groups, ...s.regions]) expect(cell.n).toBeGreaterThanOrEqual(3);
        }
        for (const cell of [...map.crossTab.regions, ...map.crossTab.organisations])
          expect(cell.people).toBeGreaterThanOrEqual(3);
        for (const p of map.points) {
          if (p.regionId === null) continue;
          const cell = map.crossTab.regions.find((c) => c.group === p.group && c.regionId === p.regionId);
          expect(cell?.people).toBeGreaterThanOrEqual(3);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("tells a regional split from a sectoral one", () => {
    const data = plantedBlocs({ blocs: [20, 20], statements: 10, density: 1, noise: 0, seed: 9 });
    // Bloc decides the region: a regional split.
    const regional = data.participants.map((p) => ({ ...p, regionId: data.bloc.get(p.id) === 0 ? 1 : 2 }));
    expect(computeOpinionMap({ ...data, participants: regional }).map.crossTab.split).toBe("regional");
    const sectoral = data.participants.map((p) => ({
      ...p,
      regionId: (p.id % 2) + 1,
      organisationKind: data.bloc.get(p.id) === 0 ? ("government" as const) : ("enterprise" as const),
    }));
    expect(computeOpinionMap({ ...data, participants: sectoral }).map.crossTab.split).toBe("sectoral");
  });
});
