import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalVoteSet } from "./ballot-secrecy";
import {
  ballotRules,
  decide,
  quorumFor,
  tallyVotes,
  voteChoices,
  type BallotRule,
  type CastVote,
  type RegionElectorate,
  type VoteChoice,
} from "./ballot-rules";

/** A small world: regions 1..k with a few voters each, plans 11..(10+p), and who voted what. */
interface World {
  rule: BallotRule;
  quorumBp: number;
  regions: RegionElectorate[];
  planIds: number[];
  votes: CastVote[];
}

const worldArb: fc.Arbitrary<World> = fc
  .record({
    rule: fc.constantFrom(...ballotRules),
    quorumBp: fc.integer({ min: 0, max: 10_000 }),
    sizes: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 4 }),
    plans: fc.integer({ min: 1, max: 3 }),
    seed: fc.array(fc.constantFrom<VoteChoice | null>(null, ...voteChoices), { minLength: 60, maxLength: 60 }),
  })
  .map(({ rule, quorumBp, sizes, plans, seed }) => {
    const regions = sizes.map((electorate, i) => ({
      regionId: i + 1,
      electorate,
      quorum: quorumFor(electorate, quorumBp),
    }));
    const planIds = Array.from({ length: plans }, (_, i) => 11 + i);
    const votes: CastVote[] = [];
    let k = 0;
    for (const region of regions)
      for (let v = 0; v < region.electorate; v += 1)
        for (const planId of planIds) {
          const choice = seed[k++ % seed.length];
          if (choice) votes.push({ planId, voterId: region.regionId * 100 + v, regionId: region.regionId, choice });
        }
    return { rule, quorumBp, regions, planIds, votes };
  });

const run = (w: World, votes = w.votes) => decide(w.rule, w.quorumBp, w.regions, w.planIds, tallyVotes(votes));

describe("ballot rules", () => {
  it("[PROPERTY] the decision and the digest input do not depend on the order of the votes", () => {
    fc.assert(
      fc.property(worldArb, fc.array(fc.nat(), { minLength: 60, maxLength: 60 }), (w, keys) => {
        const shuffled = w.votes
          .map((v, i) => ({ v, k: keys[i % keys.length]! * 1000 + i }))
          .sort((a, b) => a.k - b.k)
          .map((x) => x.v);
        expect(run(w, shuffled)).toEqual(run(w));
        const receipted = (votes: readonly CastVote[]) =>
          votes.map((v) => ({ planId: v.planId, receipt: `r${v.voterId}`, choice: v.choice }));
        expect(canonicalVoteSet(7, receipted(shuffled))).toBe(canonicalVoteSet(7, receipted(w.votes)));
      }),
    );
  });

  it("[PROPERTY] under regional consent a region that rejects a plan unanimously blocks it", () => {
    fc.assert(
      fc.property(worldArb, fc.nat(), fc.nat(), (w, r, p) => {
        const region = w.regions[r % w.regions.length]!;
        const planId = w.planIds[p % w.planIds.length]!;
        const others = w.votes.filter((v) => !(v.planId === planId && v.regionId === region.regionId));
        const rejections = Array.from({ length: region.electorate }, (_, i): CastVote => ({
          planId,
          voterId: region.regionId * 100 + i,
          regionId: region.regionId,
          choice: "reject",
        }));
        const decision = decide(
          "regional_consent",
          w.quorumBp,
          w.regions,
          w.planIds,
          tallyVotes([...others, ...rejections]),
        );
        const plan = decision.plans.find((x) => x.planId === planId)!;
        expect(plan.passes).toBe(false);
        expect(plan.blockedBy).toContain(region.regionId);
        expect(decision.winnerPlanId).not.toBe(planId);
      }),
    );
  });

  it("[PROPERTY] an extra approval never turns a passing plan into a failing one", () => {
    fc.assert(
      fc.property(worldArb, fc.nat(), fc.nat(), (w, r, p) => {
        const region = w.regions[r % w.regions.length]!;
        const planId = w.planIds[p % w.planIds.length]!;
        // A voter of the region who has not marked this plan yet now approves it.
        const voted = new Set(
          w.votes.filter((v) => v.planId === planId && v.regionId === region.regionId).map((v) => v.voterId),
        );
        const free = Array.from({ length: region.electorate }, (_, i) => region.regionId * 100 + i).find(
          (id) => !voted.has(id),
        );
        fc.pre(free !== undefined);
        const before = run(w).plans.find((x) => x.planId === planId)!;
        const after = run(w, [
          ...w.votes,
          { planId, voterId: free, regionId: region.regionId, choice: "approve" },
        ]).plans.find((x) => x.planId === planId)!;
        if (before.passes) expect(after.passes).toBe(true);
      }),
    );
  });

  it("[PROPERTY] the winner passes, has the highest approval share, then the highest lowest regional share, then comes first", () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const decision = run(w);
        const passing = decision.plans.filter((p) => p.passes);
        if (passing.length === 0) {
          expect(decision).toMatchObject({ outcome: "no_agreement", winnerPlanId: null });
          return;
        }
        const share = (p: (typeof passing)[number]) =>
          p.approve + p.reject + p.abstain === 0 ? 0 : p.approve / (p.approve + p.reject + p.abstain);
        const lowest = (p: (typeof passing)[number]) =>
          Math.min(
            ...p.regions.map((r) =>
              r.approve + r.reject + r.abstain === 0 ? 0 : r.approve / (r.approve + r.reject + r.abstain),
            ),
          );
        const best = [...passing].sort(
          (a, b) => share(b) - share(a) || lowest(b) - lowest(a) || a.planId - b.planId,
        )[0]!;
        expect(decision.outcome).toBe("agreement");
        expect(decision.winnerPlanId).toBe(best.planId);
      }),
    );
  });

  const regions: RegionElectorate[] = [
    { regionId: 1, electorate: 4, quorum: 2 },
    { regionId: 2, electorate: 4, quorum: 2 },
  ];
  const votes = (planId: number, region: number, ...choices: VoteChoice[]): CastVote[] =>
    choices.map((choice, i) => ({ planId, voterId: region * 100 + i, regionId: region, choice }));

  it("breaks a tie in overall approval by the highest lowest regional approval share", () => {
    // Both plans 3/4 overall; plan 11 is 2/2 and 1/2 by region (lowest 50 %), plan 12 is 1/1 and 2/3 (lowest 66 %).
    const cast = [
      ...votes(11, 1, "approve", "approve"),
      ...votes(11, 2, "approve", "reject"),
      ...votes(12, 1, "approve"),
      ...votes(12, 2, "approve", "approve", "reject").map((v) => ({ ...v, voterId: v.voterId + 10 })),
    ];
    const decision = decide("simple_majority", 5000, regions, [11, 12], tallyVotes(cast));
    expect(decision.plans.map((p) => p.approvalShareBp)).toEqual([7500, 7500]);
    expect(decision.winnerPlanId).toBe(12);
  });

  it("breaks a full tie by the earliest plan", () => {
    const cast = [
      ...votes(11, 1, "approve", "approve"),
      ...votes(11, 2, "approve", "approve"),
      ...votes(12, 1, "approve", "approve"),
      ...votes(12, 2, "approve", "approve"),
    ];
    expect(decide("regional_consent", 5000, regions, [11, 12], tallyVotes(cast)).winnerPlanId).toBe(11);
  });

  it("reports, plan by plan, the regions that blocked it or missed quorum", () => {
    const cast = [
      ...votes(11, 1, "approve", "approve", "approve"),
      ...votes(11, 2, "reject", "reject"),
      ...votes(12, 1, "approve", "approve"),
      ...votes(12, 2, "approve"),
    ];
    const decision = decide("regional_consent", 5000, regions, [11, 12], tallyVotes(cast));
    expect(decision.outcome).toBe("no_agreement");
    expect(decision.plans.map((p) => [p.planId, p.passes, p.blockedBy, p.missedQuorum])).toEqual([
      [11, false, [2], []],
      [12, false, [], [2]],
    ]);
    // The same votes under the other rules: plan 11 has 3:2 overall but only one of two regions; plan 12 passes.
    expect(decide("double_majority", 5000, regions, [11, 12], tallyVotes(cast)).plans.map((p) => p.passes)).toEqual([
      false,
      true,
    ]);
    expect(decide("simple_majority", 5000, regions, [11, 12], tallyVotes(cast)).plans.map((p) => p.passes)).toEqual([
      true,
      true,
    ]);
  });

  it("rounds quorum up: half of 5 is 3", () => {
    expect([quorumFor(5, 5000), quorumFor(4, 5000), quorumFor(1, 5000), quorumFor(7, 0), quorumFor(3, 10_000)]).toEqual(
      [3, 2, 1, 0, 3],
    );
  });
});
