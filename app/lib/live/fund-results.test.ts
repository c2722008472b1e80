import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DecidedRevisionState } from "@/server/features/ballots/events";
import {
  funderTotals,
  withDecidedRevision,
  withPayment,
  withProposedRevision,
  type LiveResults,
  type LiveResultsProject,
} from "./fund-results";

const decidedAt = new Date("2026-05-06T07:08:09.000Z");
const proposedAt = new Date("2026-05-01T00:00:00.000Z");
const names = (funderId: number) =>
  funderId === 0 ? { nameZh: null, nameEn: null } : { nameZh: `地区${funderId}`, nameEn: `Region ${funderId}` };
const money = (rows: Array<[number, number, number]>) =>
  rows.map(([funderId, plannedYuan, paidYuan]) => ({ funderId, ...names(funderId), plannedYuan, paidYuan }));
const drift = (revisionDue: boolean, plannedBp: number) => ({
  paidYuan: 100,
  maxDriftBp: Math.abs(10_000 - plannedBp),
  revisionDue,
  regions: [{ regionId: 1, ...names(1), plannedBp, actualBp: 10_000, driftBp: 10_000 - plannedBp }],
});
type Project = LiveResultsProject & { title: string; revisions: Array<{ round: number; proposedAt: Date }> };
const project = (id: number, ballotId: number, over: Partial<Project> = {}): Project => ({
  id,
  title: `Project ${id}`,
  money: money([
    [0, 200, 0],
    [1, 480, 100],
    [2, 320, 0],
  ]),
  drift: drift(true, 6000),
  mayReport: true,
  mayProposeRevision: false,
  revisions: [{ ballotId, round: 2, proposedAt, outcome: null, decidedAt: null, status: "open" }],
  ...over,
});
const results = (projects: Project[]): LiveResults<Project> & { manager: boolean } => ({
  manager: false,
  projects,
  funders: funderTotals(projects),
});
const decided = (over: Partial<DecidedRevisionState<Date>> = {}): DecidedRevisionState<Date> => ({
  submissionId: 1,
  outcome: "revised",
  decidedAt,
  money: money([
    [0, 200, 0],
    [1, 360, 100],
    [2, 440, 0],
  ]),
  drift: drift(true, 4500),
  ...over,
});
const ballot = (revision: DecidedRevisionState<Date> | null, status = "closed", id = 40) => ({ id, status, revision });

describe("withDecidedRevision", () => {
  it("decides the revision and takes the project's money and drift from the close, moving the funders' totals", () => {
    const held = results([project(1, 40), project(2, 41)]);
    const { results: next, refetch } = withDecidedRevision(held, ballot(decided()));
    expect(refetch).toBe(false);
    expect(next.projects[0]).toEqual({
      ...held.projects[0],
      money: decided().money,
      drift: decided().drift,
      revisions: [{ ballotId: 40, round: 2, proposedAt, outcome: "revised", decidedAt, status: "closed" }],
      // Still past the threshold, and nothing pending: the team may propose again.
      mayProposeRevision: true,
    });
    expect(next.projects[1]).toBe(held.projects[1]);
    expect(next.funders).toEqual([
      { funderId: 0, nameZh: null, nameEn: null, plannedYuan: 400, paidYuan: 0 },
      { funderId: 1, ...names(1), plannedYuan: 840, paidYuan: 200 },
      { funderId: 2, ...names(2), plannedYuan: 760, paidYuan: 0 },
    ]);
    expect(next.manager).toBe(false);
  });

  it("offers the proposal form only to the team or a manager, and only while the drift passes the threshold", () => {
    const outsider = results([project(1, 40, { mayReport: false })]);
    expect(withDecidedRevision(outsider, ballot(decided())).results.projects[0]!.mayProposeRevision).toBe(false);
    const within = decided({ outcome: "kept", drift: drift(false, 6000) });
    expect(withDecidedRevision(results([project(1, 40)]), ballot(within)).results.projects[0]!.mayProposeRevision).toBe(
      false,
    );
  });

  it("changes nothing for an open ballot, a revision already decided, or a ballot no project lists", () => {
    const held = results([project(1, 40)]);
    expect(withDecidedRevision(held, ballot(null, "open"))).toEqual({ results: held, refetch: false });
    expect(withDecidedRevision(held, ballot(decided(), "closed", 99)).results).toBe(held);
    const once = withDecidedRevision(held, ballot(decided())).results;
    expect(withDecidedRevision(once, ballot(decided({ outcome: "kept" }))).results).toBe(once);
  });

  it("asks for one read when the close does not carry the project (written before it did)", () => {
    const held = results([project(1, 40)]);
    expect(withDecidedRevision(held, ballot(null))).toEqual({ results: held, refetch: true });
  });

  it("property: only the ballot's project moves, once; the funders' totals are always the projects' sums", () => {
    const row = fc.tuple(fc.integer({ min: 0, max: 4 }), fc.nat(10_000), fc.nat(10_000));
    const rows = fc.uniqueArray(row, { selector: (r) => r[0], maxLength: 4 });
    fc.assert(
      fc.property(
        fc.array(fc.record({ money: rows, decided: fc.boolean(), mayReport: fc.boolean() }), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.nat(),
        rows,
        fc.boolean(),
        (specs, pick, after, due) => {
          const projects = specs.map((s, i) =>
            project(i + 1, 100 + i, {
              money: money(s.money),
              mayReport: s.mayReport,
              revisions: [
                {
                  ballotId: 100 + i,
                  round: 2,
                  proposedAt,
                  outcome: s.decided ? "kept" : null,
                  decidedAt: s.decided ? decidedAt : null,
                  status: s.decided ? "closed" : "open",
                },
              ],
            }),
          );
          const held = results(projects);
          const target = pick % projects.length;
          const close = ballot(
            decided({ submissionId: target + 1, money: money(after), drift: drift(due, 5000) }),
            "closed",
            100 + target,
          );
          const once = withDecidedRevision(held, close).results;
          expect(withDecidedRevision(once, close).results).toBe(once);
          expect(once.funders).toEqual(funderTotals(once.projects));
          once.projects.forEach((p, i) => {
            if (i !== target || specs[i]!.decided) expect(p).toBe(held.projects[i]);
            else {
              expect(p.money).toEqual(money(after));
              expect(p.revisions[0]!.outcome).toBe("revised");
              expect(p.mayProposeRevision).toBe(specs[i]!.mayReport && due);
            }
          });
        },
      ),
    );
  });
});

describe("withPayment", () => {
  const paid = (submissionId: number, shenzhenPaid: number, due: boolean) => ({
    submissionId,
    money: money([
      [0, 200, 0],
      [1, 480, shenzhenPaid],
      [2, 320, 0],
    ]),
    drift: drift(due, 6000),
  });

  it("takes the project's money and drift from the payment, moving the funders' totals and the form", () => {
    const held = results([project(1, 40, { drift: drift(false, 6000) }), project(2, 41)]);
    const next = withPayment(held, paid(1, 300, true));
    expect(next.projects[0]).toEqual({
      ...held.projects[0],
      money: paid(1, 300, true).money,
      drift: drift(true, 6000),
      // The open revision (ballot 40) is still pending: no form yet.
      mayProposeRevision: false,
    });
    expect(next.projects[1]).toBe(held.projects[1]);
    expect(next.funders).toEqual(funderTotals(next.projects));
    expect(next.funders.find((f) => f.funderId === 1)!.paidYuan).toBe(400);
    const settled = results([project(1, 40, { revisions: [] })]);
    expect(withPayment(settled, paid(1, 300, true)).projects[0]!.mayProposeRevision).toBe(true);
    expect(withPayment(settled, paid(1, 300, false)).projects[0]!.mayProposeRevision).toBe(false);
  });

  it("changes nothing for a project the results do not list, or an answer showing less paid than held", () => {
    const held = results([project(1, 40)]);
    expect(withPayment(held, paid(9, 300, true))).toBe(held);
    const later = withPayment(held, paid(1, 500, true));
    expect(withPayment(later, paid(1, 300, true))).toBe(later);
  });

  it("property: whatever order the answers arrive in, the results end as the last payment left them", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 101, max: 10_000 }), { minLength: 1, maxLength: 6 }), (totals) => {
        const answers = totals.map((t) => paid(1, t, t > 5000));
        const held = results([project(1, 40, { revisions: [] })]);
        const applied = answers.reduce((r, a) => withPayment(r, a), held);
        const last = [...answers].sort((a, b) => a.money[1]!.paidYuan - b.money[1]!.paidYuan).at(-1)!;
        expect(applied).toEqual(withPayment(held, last));
        expect(applied.funders).toEqual(funderTotals(applied.projects));
      }),
    );
  });
});

describe("withProposedRevision", () => {
  const decidedRow = (ballotId: number) => ({
    ballotId,
    round: 2,
    proposedAt,
    outcome: "kept" as const,
    decidedAt,
    status: "closed",
  });
  const proposal = (submissionId: number, ballotId: number) => ({
    submissionId,
    ballotId,
    round: 3,
    proposedAt: decidedAt,
    outcome: null,
    decidedAt: null,
    status: "open",
  });

  it("lists the proposal first in its project's revisions and withdraws the form while it is pending", () => {
    const held = results([
      project(1, 40, { revisions: [decidedRow(40)], mayProposeRevision: true }),
      project(2, 41, { revisions: [decidedRow(41)], mayProposeRevision: true }),
    ]);
    const next = withProposedRevision(held, proposal(1, 50));
    expect(next.projects[0]).toEqual({
      ...held.projects[0],
      revisions: [proposal(1, 50), decidedRow(40)],
      mayProposeRevision: false,
    });
    expect(next.projects[1]).toBe(held.projects[1]);
    expect(next.funders).toBe(held.funders);
    expect(next.manager).toBe(false);
  });

  it("changes nothing for a revision already listed or a project the results do not list", () => {
    const held = results([project(1, 40, { revisions: [decidedRow(40)], mayProposeRevision: true })]);
    const once = withProposedRevision(held, proposal(1, 50));
    expect(withProposedRevision(once, proposal(1, 50))).toBe(once);
    expect(withProposedRevision(held, proposal(9, 51))).toBe(held);
  });

  it("property: only the proposal's project moves, once, and offers no form while the proposal is pending", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ decided: fc.boolean(), mayReport: fc.boolean(), due: fc.boolean() }), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.nat(),
        (specs, pick) => {
          const projects = specs.map((s, i) => {
            const revisions = [s.decided ? decidedRow(100 + i) : { ...proposal(i + 1, 100 + i), round: 2 }];
            const shown = { mayReport: s.mayReport, drift: drift(s.due, 6000), revisions };
            return project(i + 1, 100 + i, { ...shown, mayProposeRevision: s.mayReport && s.due && s.decided });
          });
          const held = results(projects);
          const target = pick % projects.length;
          const added = proposal(target + 1, 200);
          const once = withProposedRevision(held, added);
          expect(withProposedRevision(once, added)).toBe(once);
          once.projects.forEach((p, i) => {
            if (i !== target) expect(p).toBe(held.projects[i]);
            else {
              expect(p.revisions).toEqual([added, ...held.projects[i]!.revisions]);
              expect(p.mayProposeRevision).toBe(false);
            }
          });
        },
      ),
    );
  });
});

describe("funderTotals", () => {
  it("sums each funder's planned and paid money over the projects, by funder id", () => {
    expect(
      funderTotals([
        { money: money([[2, 5, 1]]) },
        {
          money: money([
            [0, 3, 0],
            [2, 1, 1],
          ]),
        },
      ]),
    ).toEqual([
      { funderId: 0, nameZh: null, nameEn: null, plannedYuan: 3, paidYuan: 0 },
      { funderId: 2, ...names(2), plannedYuan: 6, paidYuan: 2 },
    ]);
    expect(funderTotals([])).toEqual([]);
  });
});
