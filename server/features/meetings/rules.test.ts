import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { meetingKinds, meetingStatuses, type MeetingStatus } from "@/shared/meetings-vocabulary";
import { roles } from "@/shared/vocabulary";
import {
  actionsFrom,
  agendaEditable,
  fromChinaLocal,
  itemTimer,
  meetingActions,
  meetingTransition,
  meetingVisibleTo,
  moveItem,
  presenceByRegion,
  registrationRefusal,
  suggestHostRegion,
  toChinaLocal,
} from "./rules";

const chair = { role: "member" as const, chair: true };
const admin = { role: "admin" as const, chair: false };
const member = { role: "member" as const, chair: false };
const researcher = { role: "researcher" as const, chair: false };

describe("meeting lifecycle", () => {
  it("runs draft → scheduled → in session → minutes pending → closed for a chair", () => {
    let status: MeetingStatus = "draft";
    for (const action of ["schedule", "start", "end", "approve_minutes"] as const) {
      const result = meetingTransition(status, action, chair);
      expect(result.ok).toBe(true);
      if (result.ok) status = result.to;
    }
    expect(status).toBe("closed");
  });

  it("cancels only before the meeting starts", () => {
    expect(meetingTransition("draft", "cancel", admin)).toEqual({ ok: true, to: "cancelled" });
    expect(meetingTransition("scheduled", "cancel", admin)).toEqual({ ok: true, to: "cancelled" });
    expect(meetingTransition("in_session", "cancel", admin)).toEqual({ ok: false, reason: "INVALID_TRANSITION" });
  });

  it("refuses every action to a member who is not chair, a researcher and a signed-out viewer", () => {
    for (const status of meetingStatuses)
      for (const action of meetingActions)
        for (const actor of [member, researcher, null])
          expect(meetingTransition(status, action, actor)).toEqual({ ok: false, reason: "TRANSITION_NOT_PERMITTED" });
  });

  it("state × action × actor: a move succeeds exactly when the actor runs meetings and the action is offered", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...meetingStatuses),
        fc.constantFrom(...meetingActions),
        fc.constantFrom(...roles),
        fc.boolean(),
        (status, action, role, isChair) => {
          const actor = { role, chair: isChair };
          const result = meetingTransition(status, action, actor);
          const runs = role === "admin" || (role === "member" && isChair);
          expect(result.ok).toBe(runs && actionsFrom(status).includes(action));
        },
      ),
    );
  });

  it("any sequence of actions: closed and cancelled are final, and closed is reached only through a session and its minutes", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...meetingActions), { maxLength: 30 }), (actions) => {
        let status: MeetingStatus = "draft";
        const visited: MeetingStatus[] = [status];
        for (const action of actions) {
          const result = meetingTransition(status, action, chair);
          if (status === "closed" || status === "cancelled") expect(result.ok).toBe(false);
          if (result.ok) {
            status = result.to;
            visited.push(status);
          }
        }
        if (status === "closed")
          expect(visited).toEqual(["draft", "scheduled", "in_session", "minutes_pending", "closed"]);
        expect(agendaEditable(status)).toBe(visited.length <= 2 && status !== "cancelled");
      }),
    );
  });
});

describe("meeting visibility", () => {
  const coordination = { kind: "coordination" as const, status: "scheduled" as const, publicPage: false };
  const forum = { kind: "forum" as const, status: "scheduled" as const, publicPage: false };

  it("keeps drafts to chairs and admins", () => {
    for (const kind of meetingKinds) {
      const draft = { kind, status: "draft" as const, publicPage: kind === "forum" };
      expect(meetingVisibleTo(draft, chair)).toBe(true);
      expect(meetingVisibleTo(draft, admin)).toBe(true);
      expect(meetingVisibleTo(draft, member)).toBe(false);
      expect(meetingVisibleTo(draft, null)).toBe(false);
    }
  });

  it("shows a coordination meeting to members and admins only", () => {
    expect(meetingVisibleTo(coordination, member)).toBe(true);
    expect(meetingVisibleTo(coordination, researcher)).toBe(false);
    expect(meetingVisibleTo(coordination, { role: "moderator", chair: false })).toBe(false);
    expect(meetingVisibleTo(coordination, null)).toBe(false);
  });

  it("shows a forum to signed-in accounts, and to everyone when its page is public", () => {
    expect(meetingVisibleTo(forum, researcher)).toBe(true);
    expect(meetingVisibleTo(forum, null)).toBe(false);
    expect(meetingVisibleTo({ ...forum, publicPage: true }, null)).toBe(true);
  });

  it("lets members register for coordination meetings and researchers too for forums, while open", () => {
    expect(registrationRefusal(coordination, "member")).toBeNull();
    expect(registrationRefusal(coordination, "researcher")).toBe("MEETING_NOT_FOR_ROLE");
    expect(registrationRefusal(forum, "researcher")).toBeNull();
    expect(registrationRefusal(forum, "admin")).toBe("MEETING_NOT_FOR_ROLE");
    expect(registrationRefusal({ ...forum, status: "closed" }, "member")).toBe("MEETING_NOT_OPEN");
    expect(registrationRefusal({ ...forum, status: "in_session" }, "member")).toBeNull();
  });
});

describe("quorum per region", () => {
  it("uses the ballot rule: half of the expected, rounded up, at least one", () => {
    const { regions, shortOfQuorum } = presenceByRegion([
      { regionId: 1, expected: 3, present: 2 },
      { regionId: 2, expected: 4, present: 1 },
      { regionId: 3, expected: 0, present: 0 },
    ]);
    expect(regions.map((r) => [r.quorum, r.met])).toEqual([
      [2, true],
      [2, false],
      [1, false],
    ]);
    expect(shortOfQuorum).toEqual([2, 3]);
  });

  it("is met exactly when presence reaches the quorum", () => {
    fc.assert(
      fc.property(fc.nat(50), fc.nat(50), (expected, present) => {
        const [row] = presenceByRegion([{ regionId: 7, expected, present }]).regions;
        expect(row!.met).toBe(present >= Math.max(1, Math.ceil(expected / 2)));
      }),
    );
  });
});

describe("host rotation", () => {
  it("suggests a region that never hosted, else the least recent host", () => {
    const last = new Map([
      [1, new Date("2026-03-01")],
      [2, new Date("2026-01-01")],
    ]);
    expect(suggestHostRegion([1, 2, 3], last)).toBe(3);
    expect(suggestHostRegion([1, 2], last)).toBe(2);
    expect(suggestHostRegion([], last)).toBeNull();
  });
});

describe("agenda order", () => {
  it("moves one item by one place and keeps the same ids", () => {
    expect(moveItem([1, 2, 3], 3, "up")).toEqual([1, 3, 2]);
    expect(moveItem([1, 2, 3], 1, "up")).toEqual([1, 2, 3]);
    expect(moveItem([1, 2, 3], 3, "down")).toEqual([1, 2, 3]);
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(1000), { minLength: 1 }), fc.nat(), fc.boolean(), (ids, pick, up) => {
        const id = ids[pick % ids.length]!;
        const moved = moveItem(ids, id, up ? "up" : "down");
        expect([...moved].sort()).toEqual([...ids].sort());
        expect(moveItem(moved, id, up ? "down" : "up")).toEqual(
          moved.indexOf(id) === ids.indexOf(id) ? moveItem(ids, id, up ? "down" : "up") : ids,
        );
      }),
    );
  });

  it("times the current item against its box", () => {
    const start = new Date("2026-05-01T02:00:00Z");
    expect(itemTimer(start, 10, new Date("2026-05-01T02:04:00Z"))).toEqual({
      elapsedMs: 240_000,
      remainingMs: 360_000,
      overrun: false,
    });
    expect(itemTimer(start, 10, new Date("2026-05-01T02:11:00Z")).overrun).toBe(true);
  });
});

describe("China time", () => {
  it("reads a wall-clock time as UTC+8 and writes it back", () => {
    expect(fromChinaLocal("2026-05-01T09:30")?.toISOString()).toBe("2026-05-01T01:30:00.000Z");
    expect(toChinaLocal(new Date("2026-12-31T17:00:00Z"))).toBe("2027-01-01T01:00");
    expect(fromChinaLocal("2026-02-31T09:00")).toBeNull();
    expect(fromChinaLocal("2026-05-01 09:30")).toBeNull();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000 }), (minutes) => {
        const instant = new Date(minutes * 60_000);
        expect(fromChinaLocal(toChinaLocal(instant))?.getTime()).toBe(instant.getTime());
      }),
    );
  });
});
