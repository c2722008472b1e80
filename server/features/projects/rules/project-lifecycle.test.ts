import { describe, expect, it } from "vitest";
import {
  allowedActions,
  isEditable,
  isOpenForComments,
  projectActions,
  projectStatuses,
  transition,
  type LifecycleActor,
  type LifecycleRole,
  type ProjectAction,
  type ProjectStatus,
} from "./project-lifecycle";
import { roles } from "@/shared/vocabulary";

/**
 * The lifecycle written out independently of the implementation, as the issue states it: the
 * test walks every state × action × role × relation to the project and compares.
 */
const edges: ReadonlyArray<{
  from: ProjectStatus;
  action: ProjectAction;
  to: ProjectStatus;
  by: (actor: LifecycleActor) => boolean;
}> = [
  { from: "draft", action: "submit", to: "submitted", by: (a) => a.isProposer && a.role !== "system" },
  { from: "draft", action: "withdraw", to: "withdrawn", by: (a) => a.isProposer && a.role !== "system" },
  { from: "submitted", action: "withdraw", to: "withdrawn", by: (a) => a.isProposer && a.role !== "system" },
  { from: "submitted", action: "openVoting", to: "voting", by: (a) => a.role === "member" || a.role === "admin" },
  { from: "voting", action: "approve", to: "approved", by: (a) => a.role === "system" },
  { from: "voting", action: "reject", to: "rejected", by: (a) => a.role === "system" },
  { from: "approved", action: "archive", to: "archived", by: (a) => a.role === "admin" },
  { from: "rejected", action: "archive", to: "archived", by: (a) => a.role === "admin" },
];

const allRoles: readonly LifecycleRole[] = [...roles, "system"];

function actors(): LifecycleActor[] {
  const list: LifecycleActor[] = [];
  for (const role of allRoles) {
    for (const isProposer of [false, true]) {
      for (const isCoauthor of [false, true]) {
        // The platform is never a person on the project; a proposer is not also their own co-author.
        if (role === "system" && (isProposer || isCoauthor)) continue;
        if (isProposer && isCoauthor) continue;
        list.push({ role, isProposer, isCoauthor });
      }
    }
  }
  return list;
}

const label = (a: LifecycleActor) => `${a.role}${a.isProposer ? " proposer" : ""}${a.isCoauthor ? " co-author" : ""}`;

describe("project lifecycle: every state × action × actor", () => {
  const combos = projectStatuses.flatMap((state) =>
    projectActions.flatMap((action) => actors().map((actor) => ({ state, action, actor }))),
  );

  it("covers 7 states × 6 actions × 13 kinds of actor", () => {
    expect(projectStatuses).toHaveLength(7);
    expect(projectActions).toHaveLength(6);
    expect(actors()).toHaveLength(13);
    expect(combos).toHaveLength(7 * 6 * 13);
  });

  it.each(combos.map((c) => [c.state, c.action, label(c.actor), c] as const))(
    "%s · %s · %s",
    (_s, _a, _l, { state, action, actor }) => {
      const edge = edges.find((e) => e.from === state && e.action === action);
      const result = transition(state, action, actor);
      if (!edge) {
        expect(result).toMatchObject({ ok: false, reason: "INVALID_TRANSITION" });
        // The refusal names the state the project is in.
        if (!result.ok) expect(result.message).toContain(`status "${state}"`);
      } else if (edge.by(actor)) {
        expect(result).toEqual({ ok: true, next: edge.to });
      } else {
        expect(result).toMatchObject({ ok: false, reason: "TRANSITION_NOT_PERMITTED" });
        if (!result.ok) expect(result.message).toMatch(/^Only /);
      }
    },
  );
});

describe("project lifecycle: the shape of the graph", () => {
  const proposer: LifecycleActor = { role: "researcher", isProposer: true, isCoauthor: false };
  const coauthor: LifecycleActor = { role: "researcher", isProposer: false, isCoauthor: true };
  const member: LifecycleActor = { role: "member", isProposer: false, isCoauthor: false };
  const admin: LifecycleActor = { role: "admin", isProposer: false, isCoauthor: false };
  const system: LifecycleActor = { role: "system", isProposer: false, isCoauthor: false };

  it("walks the happy path draft → submitted → voting → approved → archived", () => {
    let state: ProjectStatus = "draft";
    for (const [action, actor, next] of [
      ["submit", proposer, "submitted"],
      ["openVoting", member, "voting"],
      ["approve", system, "approved"],
      ["archive", admin, "archived"],
    ] as const) {
      const result = transition(state, action, actor);
      expect(result).toEqual({ ok: true, next });
      state = next;
    }
  });

  it("archived and withdrawn are final: nothing leads out of them", () => {
    for (const state of ["archived", "withdrawn"] as const) {
      for (const action of projectActions) {
        for (const actor of actors()) expect(transition(state, action, actor).ok).toBe(false);
      }
    }
  });

  it("a co-author may not submit or withdraw, and a member who proposed may also open voting", () => {
    expect(transition("draft", "submit", coauthor)).toMatchObject({
      ok: false,
      message: "Only the proposer can submit this project",
    });
    expect(transition("submitted", "withdraw", coauthor)).toMatchObject({
      ok: false,
      reason: "TRANSITION_NOT_PERMITTED",
    });
    expect(transition("submitted", "openVoting", { role: "member", isProposer: true, isCoauthor: false })).toEqual({
      ok: true,
      next: "voting",
    });
  });

  it("only the ballot's close decides: an admin cannot approve or reject", () => {
    expect(transition("voting", "approve", admin)).toMatchObject({
      ok: false,
      message: "Only the close of its ballot can approve this project",
    });
    expect(transition("voting", "reject", admin)).toMatchObject({ ok: false, reason: "TRANSITION_NOT_PERMITTED" });
  });

  it("a refused transition explains the current state in words", () => {
    const result = transition("voting", "submit", proposer);
    expect(result).toEqual({
      ok: false,
      reason: "INVALID_TRANSITION",
      message:
        'This project cannot be submitted: it is being voted on (status "voting"), and only draft projects can be submitted',
    });
    expect(transition("draft", "openVoting", admin)).toMatchObject({
      message: expect.stringContaining(
        'still a draft (status "draft"), and only submitted projects can be put to a vote',
      ),
    });
  });

  it("allowedActions lists exactly the transitions that would succeed", () => {
    expect(allowedActions("draft", proposer)).toEqual(["submit", "withdraw"]);
    expect(allowedActions("submitted", proposer)).toEqual(["withdraw"]);
    expect(allowedActions("submitted", { role: "admin", isProposer: true, isCoauthor: false })).toEqual([
      "withdraw",
      "openVoting",
    ]);
    expect(allowedActions("voting", system)).toEqual(["approve", "reject"]);
    expect(allowedActions("rejected", admin)).toEqual(["archive"]);
    expect(allowedActions("submitted", coauthor)).toEqual([]);
    for (const state of projectStatuses) {
      for (const actor of actors()) {
        expect(allowedActions(state, actor)).toEqual(
          projectActions.filter((action) => transition(state, action, actor).ok),
        );
      }
    }
  });

  it("edits before voting, comments while before the regions", () => {
    expect(projectStatuses.filter(isEditable)).toEqual(["draft", "submitted"]);
    expect(projectStatuses.filter(isOpenForComments)).toEqual(["submitted", "voting"]);
  });
});
