import { describe, expect, it } from "vitest";
import { RoundVotes } from "./round-votes";

const triples = (votes: ArrayLike<number>) =>
  Array.from({ length: votes.length / 3 }, (_, i) => `${votes[i * 3]}:${votes[i * 3 + 1]}:${votes[i * 3 + 2]}`).sort();

describe("RoundVotes", () => {
  it("holds one value per participant and statement, a later vote replacing the earlier", () => {
    const votes = new RoundVotes();
    votes.apply(Int32Array.from([1, 10, 1, 2, 10, -1, 1, 11, 0]));
    expect(votes.size).toBe(3);
    votes.apply(Int32Array.from([1, 10, -1, 3, 11, 1, 1, 10, 0]));
    expect(votes.size).toBe(4);
    expect(triples(votes.pack())).toEqual(["1:10:0", "1:11:0", "2:10:-1", "3:11:1"]);
    expect([...votes.participants()].sort()).toEqual([1, 2, 3]);
  });

  it("packs a fresh array each time (the worker takes it over)", () => {
    const votes = new RoundVotes();
    votes.apply(Int32Array.from([1, 10, 1]));
    const a = votes.pack();
    expect(votes.pack()).not.toBe(a);
    expect(new RoundVotes().pack()).toHaveLength(0);
  });

  it("refuses votes that are not triples", () => {
    expect(() => new RoundVotes().apply(Int32Array.from([1, 2]))).toThrow(/triples/);
  });

  it("[property] applying votes in any split gives the last value of each pair", () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 50; round += 1) {
      const stream = Array.from({ length: 1 + random(60) }, () => [random(8), 100 + random(5), random(3) - 1]);
      const expected = new Map<string, number>();
      for (const [p, s, v] of stream) expected.set(`${p}:${s}`, v!);
      const votes = new RoundVotes();
      for (let at = 0; at < stream.length;) {
        const take = 1 + random(7);
        votes.apply(Int32Array.from(stream.slice(at, at + take).flat()));
        at += take;
      }
      expect(votes.size).toBe(expected.size);
      expect(triples(votes.pack())).toEqual([...expected].map(([k, v]) => `${k}:${v}`).sort());
    }
  });
});
