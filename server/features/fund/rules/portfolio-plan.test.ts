import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { centralFunder } from "./cost-split";
import { exactPortfolio, greedyPortfolio, withinCaps, type Candidate, type Funder } from "./portfolio";
import { planProblems, portfolioPlan } from "./portfolio-plan";

/** A call with the centre and three regions; each project asks money of the centre and one or two regions. */
const callArb = fc
  .record({
    caps: fc.array(fc.integer({ min: 0, max: 3_000 }), { minLength: 4, maxLength: 4 }),
    projects: fc.array(
      fc.record({
        central: fc.integer({ min: 0, max: 800 }),
        regional: fc.array(
          fc.record({ region: fc.integer({ min: 1, max: 3 }), yuan: fc.integer({ min: 1, max: 800 }) }),
          {
            minLength: 1,
            maxLength: 2,
          },
        ),
        score: fc.integer({ min: 1, max: 500 }),
      }),
      { maxLength: 10 },
    ),
  })
  .map(({ caps, projects }) => {
    const funders: Funder[] = [centralFunder, 1, 2, 3].map((id, d) => ({ id, capYuan: caps[d]! }));
    const candidates: Candidate[] = projects.map((p, i) => {
      const regional = new Map<number, number>();
      for (const r of p.regional) regional.set(r.region, (regional.get(r.region) ?? 0) + r.yuan);
      return {
        id: i + 1,
        score: p.score,
        parts: [
          { funderId: centralFunder, yuan: p.central },
          ...[...regional].map(([funderId, yuan]) => ({ funderId, yuan })),
        ],
      };
    });
    return { funders, candidates };
  });

describe("portfolio plan", () => {
  it("freezes what the solver chose: its projects, score and money per funder, and nothing is wrong with it", () => {
    fc.assert(
      fc.property(callArb, ({ funders, candidates }) => {
        for (const portfolio of [exactPortfolio(funders, candidates), greedyPortfolio(funders, candidates)]) {
          const plan = portfolioPlan("exact", funders, candidates, portfolio.selected);
          expect(plan.projects.map((p) => p.id)).toEqual(portfolio.selected);
          expect(plan.totalScore).toBe(portfolio.totalScore);
          expect(plan.funders.map((f) => ({ funderId: f.funderId, yuan: f.spentYuan }))).toEqual(portfolio.spent);
          for (const f of plan.funders) expect(f.spentYuan).toBeLessThanOrEqual(f.capYuan);
          expect(planProblems(plan, funders, candidates)).toEqual([]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("is stale once a chosen project's score or cost split changed, or it is gone, naming exactly those", () => {
    fc.assert(
      fc.property(
        callArb,
        fc.nat(),
        fc.constantFrom("score", "cost", "gone"),
        ({ funders, candidates }, pick, change) => {
          const plan = portfolioPlan("greedy", funders, candidates, greedyPortfolio(funders, candidates).selected);
          fc.pre(plan.projects.length > 0);
          const target = plan.projects[pick % plan.projects.length]!.id;
          const changed =
            change === "gone"
              ? candidates.filter((c) => c.id !== target)
              : candidates.map((c) =>
                  c.id !== target
                    ? c
                    : change === "score"
                      ? { ...c, score: c.score + 1 }
                      : { ...c, parts: c.parts.map((p, k) => (k === 0 ? { ...p, yuan: p.yuan + 1 } : p)) },
                );
          const [first] = planProblems(plan, funders, changed);
          expect(first).toEqual({ reason: "PORTFOLIO_STALE", projectIds: [target] });
          // A change to a project outside the plan does not matter.
          const outside = candidates.map((c) =>
            plan.projects.some((p) => p.id === c.id) ? c : { ...c, score: c.score + 7 },
          );
          expect(planProblems(plan, funders, outside)).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("is over a cap exactly when some funder's contribution fell below what the plan takes of it", () => {
    fc.assert(
      fc.property(callArb, fc.nat(), fc.integer({ min: 1, max: 500 }), ({ funders, candidates }, pick, cut) => {
        const plan = portfolioPlan("exact", funders, candidates, exactPortfolio(funders, candidates).selected);
        const d = pick % funders.length;
        const lowered = funders.map((f, k) => (k === d ? { ...f, capYuan: Math.max(0, f.capYuan - cut) } : f));
        const problems = planProblems(plan, lowered, candidates);
        const fits = withinCaps(
          lowered,
          candidates,
          plan.projects.map((p) => p.id),
        ).ok;
        expect(problems.length === 0).toBe(fits);
        if (!fits) expect(problems).toEqual([{ reason: "PORTFOLIO_OVER_CAP", funderIds: [funders[d]!.id] }]);
      }),
      { numRuns: 200 },
    );
  });

  it("does not depend on the order the proposals or the selection come in", () => {
    fc.assert(
      fc.property(callArb, ({ funders, candidates }) => {
        const selected = greedyPortfolio(funders, candidates).selected;
        expect(portfolioPlan("greedy", funders, [...candidates].reverse(), [...selected].reverse())).toEqual(
          portfolioPlan("greedy", funders, candidates, selected),
        );
      }),
      { numRuns: 100 },
    );
  });
});
