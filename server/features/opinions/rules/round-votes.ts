import type { PackedVotes } from "./matrix";

/**
 * A round's votes held in memory: one value per (participant, statement), agree +1, disagree −1,
 * pass 0. Votes come in as packed (participant, statement, value) triples, a later triple for the same
 * pair replacing the earlier one (a changed vote), and go out packed for the map's worker. The map is
 * a function of the votes alone, not of their order (matrix.ts), so the order of `pack` is free.
 */
export class RoundVotes {
  private readonly byStatement = new Map<number, Map<number, number>>();
  private count = 0;

  /** Number of (participant, statement) votes held. */
  get size(): number {
    return this.count;
  }

  apply(packed: PackedVotes): void {
    if (packed.length % 3 !== 0) throw new Error("packed votes must be (participant, statement, value) triples");
    for (let at = 0; at < packed.length; at += 3) {
      const statement = packed[at + 1]!;
      let voters = this.byStatement.get(statement);
      if (!voters) this.byStatement.set(statement, (voters = new Map<number, number>()));
      const before = voters.size;
      voters.set(packed[at]!, packed[at + 2]!);
      this.count += voters.size - before;
    }
  }

  /** Each participant who has voted, once. */
  participants(): Set<number> {
    const ids = new Set<number>();
    for (const voters of this.byStatement.values()) for (const id of voters.keys()) ids.add(id);
    return ids;
  }

  /** Every vote held, as a fresh array of its own (it is transferred to the worker). */
  pack(): PackedVotes {
    const packed = new Int32Array(this.count * 3);
    let at = 0;
    for (const [statement, voters] of this.byStatement)
      for (const [participant, value] of voters) {
        packed[at++] = participant;
        packed[at++] = statement;
        packed[at++] = value;
      }
    return packed;
  }
}
