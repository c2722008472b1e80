import { describe, expect, it } from "vitest";
import { callStatuses, type CallStatus } from "@/shared/fund-vocabulary";
import { acceptsSubmissions, callActions, callTransition, callVisible, nextCallAction } from "./call-lifecycle";

describe("call lifecycle", () => {
  it("walks draft → open → review → selection → awarded → closed and nothing else", () => {
    const walked: string[] = ["draft"];
    let status: CallStatus = callStatuses[0];
    for (let action = nextCallAction(status); action; action = nextCallAction(status)) {
      const step = callTransition(status, action);
      if (!step.ok) throw new Error(step.message);
      status = step.next;
      walked.push(status);
    }
    expect(walked).toEqual(["draft", "open", "review", "selection", "awarded", "closed"]);
  });

  it("refuses every action from every status but its own", () => {
    let allowed = 0;
    for (const status of callStatuses)
      for (const action of callActions) {
        const step = callTransition(status, action);
        if (step.ok) allowed += 1;
        else expect(step.message).toContain(status);
      }
    expect(allowed).toBe(callActions.length);
    expect(callTransition("awarded", "open").ok).toBe(false);
  });

  it("takes submissions only while open and up to the deadline", () => {
    const deadline = new Date("2026-12-31T16:00:00Z");
    expect(acceptsSubmissions("open", deadline, new Date("2026-12-31T15:59:59Z"))).toBe(true);
    expect(acceptsSubmissions("open", deadline, new Date("2026-12-31T16:00:01Z"))).toBe(false);
    expect(acceptsSubmissions("review", deadline, new Date("2026-01-01T00:00:00Z"))).toBe(false);
  });
});

describe("callVisible", () => {
  it("hides a draft from all but the fund's managers and shows every later stage to everyone", () => {
    expect(callVisible("draft", false)).toBe(false);
    expect(callVisible("draft", true)).toBe(true);
    for (const status of ["open", "review", "selection", "awarded", "closed"] as const)
      expect(callVisible(status, false)).toBe(true);
  });
});
