import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ballotRules } from "@/shared/ballot-vocabulary";
import { yesNoChoices, type PollAnswer, type YesNoChoice } from "@/shared/meeting-polls";
import { answerProblem, tallyPoll, topOptions, type PollShape, type RegionVote } from "./poll-rules";

const yesNo = (rule: PollShape["rule"]): PollShape => ({ kind: "yes_no", rule, optionCount: 0, dotsPerVoter: null });
const ranked = (rule: PollShape["rule"], optionCount = 3): PollShape => ({
  kind: "ranked",
  rule,
  optionCount,
  dotsPerVoter: null,
});
const dots: PollShape = { kind: "dots", rule: "simple_majority", optionCount: 3, dotsPerVoter: 5 };
const score: PollShape = { kind: "score", rule: "simple_majority", optionCount: 0, dotsPerVoter: null };
const says = (regionId: number, ...choices: YesNoChoice[]): RegionVote[] =>
  choices.map((choice) => ({ regionId, answer: { kind: "yes_no", choice } }));
const ranks = (regionId: number, ...order: number[]): RegionVote => ({ regionId, answer: { kind: "ranked", order } });

describe("poll answers", () => {
  it("accepts each kind's valid answers and refuses the rest", () => {
    expect(answerProblem(score, { kind: "score", score: 5 })).toBeNull();
    expect(answerProblem(score, { kind: "score", score: 6 })).toBe("SCORE_RANGE");
    expect(answerProblem(score, { kind: "score", score: 2.5 })).toBe("SCORE_RANGE");
    expect(answerProblem(score, { kind: "yes_no", choice: "yes" })).toBe("WRONG_KIND");
    expect(answerProblem(ranked("simple_majority"), { kind: "ranked", order: [2, 0, 1] })).toBeNull();
    expect(answerProblem(ranked("simple_majority"), { kind: "ranked", order: [2, 2, 1] })).toBe("NOT_A_RANKING");
    expect(answerProblem(ranked("simple_majority"), { kind: "ranked", order: [0, 1] })).toBe("NOT_A_RANKING");
    expect(answerProblem(ranked("simple_majority"), { kind: "ranked", order: [0, 1, 3] })).toBe("NOT_A_RANKING");
    expect(answerProblem(dots, { kind: "dots", dots: [2, 0, 3] })).toBeNull();
    expect(answerProblem(dots, { kind: "dots", dots: [3, 0, 3] })).toBe("TOO_MANY_DOTS");
    expect(answerProblem(dots, { kind: "dots", dots: [1, -1, 3] })).toBe("DOTS_SHAPE");
    expect(answerProblem(dots, { kind: "dots", dots: [1, 1] })).toBe("DOTS_SHAPE");
  });
});

describe("yes/no polls", () => {
  // Region 1 says yes 3–0, region 2 no 0–1, region 3 yes 1–0: 4 yes, 1 no overall.
  const votes = [...says(1, "yes", "yes", "yes"), ...says(2, "no", "abstain"), ...says(3, "yes")];

  it("counts per region and overall, every registrants' region listed", () => {
    const tally = tallyPoll(yesNo("simple_majority"), [1, 2, 3, 4], votes);
    expect(tally.overall).toEqual({ voters: 6, values: [4, 1, 1] });
    expect(tally.regions.map((r) => [r.regionId, r.values])).toEqual([
      [1, [3, 0, 0]],
      [2, [0, 1, 1]],
      [3, [1, 0, 0]],
      [4, [0, 0, 0]],
    ]);
  });

  it("decides under each rule as ballots do", () => {
    expect(tallyPoll(yesNo("simple_majority"), [1, 2, 3], votes).verdict).toEqual({
      passes: true,
      blockedBy: [],
      winner: null,
    });
    // Two of three regions say yes: a double majority; region 2 refuses consent.
    expect(tallyPoll(yesNo("double_majority"), [1, 2, 3], votes).verdict?.passes).toBe(true);
    expect(tallyPoll(yesNo("regional_consent"), [1, 2, 3], votes).verdict).toMatchObject({
      passes: false,
      blockedBy: [2],
    });
    // A region that did not vote blocks consent and counts against a double majority.
    expect(tallyPoll(yesNo("double_majority"), [1, 2, 3, 4, 5], votes).verdict?.passes).toBe(false);
    expect(tallyPoll(yesNo("regional_consent"), [1, 3, 4], says(1, "yes")).verdict?.blockedBy).toEqual([3, 4]);
    // A tie overall fails under every rule.
    for (const rule of ballotRules)
      expect(tallyPoll(yesNo(rule), [1], says(1, "yes", "no")).verdict?.passes).toBe(false);
  });
});

describe("score, ranked and dot polls", () => {
  it("means scores per region and overall", () => {
    const votes: RegionVote[] = [1, 4, 5].map((s, i) => ({
      regionId: i === 0 ? 1 : 2,
      answer: { kind: "score", score: s },
    }));
    const tally = tallyPoll(score, [1, 2], votes);
    expect(tally.overall.values).toEqual([10 / 3]);
    expect(tally.regions.map((r) => r.values[0])).toEqual([1, 4.5]);
    expect(tally.verdict).toBeNull();
  });

  it("gives Borda points and a winner that stands by region under the rule", () => {
    // Option 0 wins overall (2+2+0+2 = 6 points); region 2's top is option 1.
    const votes = [ranks(1, 0, 1, 2), ranks(1, 0, 2, 1), ranks(2, 1, 2, 0), ranks(3, 0, 1, 2)];
    const tally = tallyPoll(ranked("simple_majority"), [1, 2, 3], votes);
    expect(tally.overall.values).toEqual([6, 4, 2]);
    expect(tally.regions.find((r) => r.regionId === 2)?.values).toEqual([0, 2, 1]);
    expect(tally.verdict).toEqual({ passes: true, blockedBy: [], winner: 0 });
    expect(tallyPoll(ranked("double_majority"), [1, 2, 3], votes).verdict?.passes).toBe(true);
    expect(tallyPoll(ranked("regional_consent"), [1, 2, 3], votes).verdict).toEqual({
      passes: false,
      blockedBy: [2],
      winner: 0,
    });
    // A tie at the top has no winner.
    expect(tallyPoll(ranked("simple_majority"), [1], [ranks(1, 0, 1, 2), ranks(1, 1, 0, 2)]).verdict).toEqual({
      passes: false,
      blockedBy: [],
      winner: null,
    });
    expect(topOptions([3, 1, 3])).toEqual([0, 2]);
  });

  it("totals dots per option", () => {
    const votes: RegionVote[] = [
      { regionId: 1, answer: { kind: "dots", dots: [5, 0, 0] } },
      { regionId: 2, answer: { kind: "dots", dots: [1, 2, 2] } },
    ];
    const tally = tallyPoll(dots, [1, 2], votes);
    expect(tally.overall).toEqual({ voters: 2, values: [6, 2, 2] });
    expect(tally.regions.map((r) => r.values)).toEqual([
      [5, 0, 0],
      [1, 2, 2],
    ]);
  });
});

/* ---------- properties ---------- */

const region = fc.integer({ min: 1, max: 4 });
const yesNoVote = fc.record({
  regionId: region,
  answer: fc.constantFrom(...yesNoChoices).map((choice): PollAnswer => ({ kind: "yes_no", choice })),
});
const rankedVote = (n: number) =>
  fc.record({
    regionId: region,
    answer: fc
      .shuffledSubarray(
        Array.from({ length: n }, (_, i) => i),
        { minLength: n, maxLength: n },
      )
      .map((order): PollAnswer => ({ kind: "ranked", order })),
  });
const dotVote = fc.record({
  regionId: region,
  answer: fc
    .array(fc.integer({ min: 0, max: 2 }), { minLength: 3, maxLength: 3 })
    .map((d): PollAnswer => ({ kind: "dots", dots: d })),
});
const shuffled = <T>(items: T[], seed: number) =>
  items
    .map((item, i) => ({ item, key: (i * 7919 + seed) % 10007 }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.item);
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe("poll tally properties", () => {
  it("is invariant to the order of the votes, for every kind and rule", () => {
    const cases = fc.oneof(
      fc.tuple(fc.constant(3), fc.array(yesNoVote, { maxLength: 30 })),
      fc.tuple(fc.constant(4), fc.array(rankedVote(4), { maxLength: 30 })),
      fc.tuple(fc.constant(3), fc.array(dotVote, { maxLength: 30 })),
    );
    fc.assert(
      fc.property(cases, fc.constantFrom(...ballotRules), fc.nat(), ([n, votes], rule, seed) => {
        const kind = votes[0]?.answer.kind ?? "yes_no";
        const poll: PollShape = { kind, rule, optionCount: n, dotsPerVoter: 6 };
        expect(tallyPoll(poll, [1, 2], shuffled(votes, seed))).toEqual(tallyPoll(poll, [1, 2], votes));
      }),
    );
  });

  it("counts every vote once: yes/no totals and voters equal the votes, regions add up to the overall", () => {
    fc.assert(
      fc.property(fc.array(yesNoVote, { maxLength: 40 }), fc.constantFrom(...ballotRules), (votes, rule) => {
        const tally = tallyPoll(yesNo(rule), [1, 2, 3, 4], votes);
        expect(sum(tally.overall.values)).toBe(votes.length);
        expect(tally.overall.voters).toBe(votes.length);
        for (const i of [0, 1, 2]) expect(sum(tally.regions.map((r) => r.values[i]!))).toBe(tally.overall.values[i]);
      }),
    );
  });

  it("hands out n(n−1)/2 Borda points per ballot; a ranked winner is a top option overall", () => {
    fc.assert(
      fc.property(fc.array(rankedVote(4), { maxLength: 30 }), (votes) => {
        const tally = tallyPoll(ranked("simple_majority", 4), [1, 2, 3, 4], votes);
        expect(sum(tally.overall.values)).toBe(votes.length * 6);
        const winner = tally.verdict?.winner;
        if (winner != null) expect(topOptions(tally.overall.values)).toEqual([winner]);
      }),
    );
  });

  it("totals dots per region up to the overall, never more than the voters could spend", () => {
    fc.assert(
      fc.property(fc.array(dotVote, { maxLength: 30 }), (votes) => {
        const tally = tallyPoll({ ...dots, dotsPerVoter: 6 }, [1, 2, 3, 4], votes);
        expect(sum(tally.overall.values)).toBeLessThanOrEqual(votes.length * 6);
        tally.overall.values.forEach((v, i) => expect(sum(tally.regions.map((r) => r.values[i]!))).toBe(v));
      }),
    );
  });

  it("orders the rules: what passes by consent passes by double majority, and that by simple majority", () => {
    const check = (poll: (rule: PollShape["rule"]) => PollShape, votes: RegionVote[]) => {
      const passes = (rule: PollShape["rule"]) => tallyPoll(poll(rule), [1, 2, 3], votes).verdict?.passes;
      if (passes("regional_consent")) expect(passes("double_majority")).toBe(true);
      if (passes("double_majority")) expect(passes("simple_majority")).toBe(true);
    };
    fc.assert(fc.property(fc.array(yesNoVote, { maxLength: 30 }), (votes) => check(yesNo, votes)));
    fc.assert(fc.property(fc.array(rankedVote(3), { maxLength: 30 }), (votes) => check(ranked, votes)));
  });
});
