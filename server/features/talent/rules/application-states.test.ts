import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applicationActions, applicationStatuses, type ApplicationStatus } from "@/shared/talent-vocabulary";
import {
  allowedApplicationActions,
  isActiveApplicationStatus,
  isFinalApplicationStatus,
  nextApplicationStatus,
  type ApplicationActor,
} from "./application-states";

const actors: readonly ApplicationActor[] = ["host", "applicant"];
const step = fc.record({
  action: fc.constantFrom(...applicationActions),
  actor: fc.constantFrom(...actors),
});

/** Walks a random sequence of attempts from "applied", applying only the allowed ones. */
function walk(attempts: { action: (typeof applicationActions)[number]; actor: ApplicationActor }[]) {
  const path: ApplicationStatus[] = ["applied"];
  const takenBy: { actor: ApplicationActor; to: ApplicationStatus }[] = [];
  for (const { action, actor } of attempts) {
    const next = nextApplicationStatus(path.at(-1)!, action, actor);
    if (next) {
      path.push(next);
      takenBy.push({ actor, to: next });
    }
  }
  return { path, takenBy };
}

const forwardRank: Partial<Record<ApplicationStatus, number>> = {
  applied: 0,
  shortlisted: 1,
  offered: 2,
  accepted: 3,
  completed: 4,
};

describe("the application pipeline", () => {
  it("walks the happy path: host shortlists and offers, applicant accepts, host completes", () => {
    expect(nextApplicationStatus("applied", "shortlist", "host")).toBe("shortlisted");
    expect(nextApplicationStatus("shortlisted", "offer", "host")).toBe("offered");
    expect(nextApplicationStatus("offered", "accept", "applicant")).toBe("accepted");
    expect(nextApplicationStatus("accepted", "complete", "host")).toBe("completed");
  });

  it("lets neither side take the other's step", () => {
    expect(nextApplicationStatus("applied", "shortlist", "applicant")).toBeNull();
    expect(nextApplicationStatus("shortlisted", "offer", "applicant")).toBeNull();
    expect(nextApplicationStatus("offered", "accept", "host")).toBeNull();
    expect(nextApplicationStatus("applied", "withdraw", "host")).toBeNull();
    expect(nextApplicationStatus("accepted", "complete", "applicant")).toBeNull();
    // Once an offer is out, only the applicant answers it.
    expect(nextApplicationStatus("offered", "decline", "host")).toBeNull();
    expect(nextApplicationStatus("offered", "decline", "applicant")).toBe("declined");
  });

  it("ends for good in declined, withdrawn and completed", () => {
    for (const status of ["declined", "withdrawn", "completed"] as const) {
      expect(isFinalApplicationStatus(status)).toBe(true);
      expect(isActiveApplicationStatus(status)).toBe(false);
      for (const actor of actors) expect(allowedApplicationActions(status, actor)).toEqual([]);
    }
  });

  it("offers exactly the actions the table allows (what the page shows is what the server takes)", () => {
    for (const status of applicationStatuses)
      for (const actor of actors)
        for (const action of applicationActions)
          expect(allowedApplicationActions(status, actor).includes(action)).toBe(
            nextApplicationStatus(status, action, actor) !== null,
          );
  });

  it("property: any sequence of attempts only moves forward, and leaves a final state alone", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (attempts) => {
        const { path } = walk(attempts);
        for (let i = 1; i < path.length; i += 1) {
          const before = path[i - 1]!;
          const after = path[i]!;
          expect(isFinalApplicationStatus(before)).toBe(false);
          const a = forwardRank[before];
          const b = forwardRank[after];
          if (a !== undefined && b !== undefined) expect(b).toBe(a + 1);
        }
        // Every status is visited at most once: no cycles.
        expect(new Set(path).size).toBe(path.length);
      }),
    );
  });

  it("property: accepted only by the applicant after an offer; completed only by the host after acceptance", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (attempts) => {
        const { path, takenBy } = walk(attempts);
        const accepted = path.indexOf("accepted");
        if (accepted >= 0) {
          expect(path[accepted - 1]).toBe("offered");
          expect(takenBy[accepted - 1]!.actor).toBe("applicant");
        }
        const completed = path.indexOf("completed");
        if (completed >= 0) {
          expect(path[completed - 1]).toBe("accepted");
          expect(takenBy[completed - 1]!.actor).toBe("host");
        }
        for (const { actor, to } of takenBy) {
          if (to === "shortlisted" || to === "offered") expect(actor).toBe("host");
          if (to === "withdrawn") expect(actor).toBe("applicant");
        }
      }),
    );
  });

  it("property: the host can never reach acceptance on the applicant's behalf", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...applicationActions), { maxLength: 20 }), (actions) => {
        const { path } = walk(actions.map((action) => ({ action, actor: "host" as const })));
        expect(path).not.toContain("accepted");
        expect(path).not.toContain("withdrawn");
      }),
    );
  });
});
