import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calendarFeedScopes } from "@/shared/calendar-feed-vocabulary";
import { meetingKinds, meetingStatuses } from "@/shared/meetings-vocabulary";
import { roles } from "@/shared/vocabulary";
import { meetingVisibleTo } from "../meetings/rules";
import { feedIncludes, feedRefusal, lastUseDue, tokenFromSegment } from "./rules";

const meeting = fc.record({
  kind: fc.constantFrom(...meetingKinds),
  status: fc.constantFrom(...meetingStatuses),
  publicPage: fc.boolean(),
  createdById: fc.integer({ min: 1, max: 4 }),
  hostRegionId: fc.integer({ min: 1, max: 3 }),
});
const owner = fc.record({
  id: fc.integer({ min: 1, max: 4 }),
  role: fc.constantFrom(...roles),
  chair: fc.boolean(),
  regionId: fc.integer({ min: 1, max: 3 }),
});
const links = fc.record({ ownerRegistered: fc.boolean(), regionRegistered: fc.boolean() });
const feed = fc.record({
  scope: fc.constantFrom(...calendarFeedScopes),
  regionId: fc.integer({ min: 1, max: 3 }),
});

describe("calendar feed rules", () => {
  it("a feed never holds a meeting its owner may not see, nor a draft", () => {
    fc.assert(
      fc.property(feed, meeting, owner, links, (f, m, o, l) => {
        if (!feedIncludes(f, m, o, l)) return;
        expect(m.status).not.toBe("draft");
        expect(meetingVisibleTo(m, f.scope === "public_forums" ? null : o)).toBe(true);
      }),
    );
  });

  it("a coordination meeting is never in a researcher's feed, whatever links it", () => {
    fc.assert(
      fc.property(feed, meeting, owner, links, (f, m, o, l) => {
        expect(feedIncludes(f, { ...m, kind: "coordination" }, { ...o, role: "researcher" }, l)).toBe(false);
      }),
    );
  });

  it("the public forums feed is the same for every owner", () => {
    fc.assert(
      fc.property(meeting, owner, owner, links, links, (m, o1, o2, l1, l2) => {
        const f = { scope: "public_forums" as const, regionId: null };
        expect(feedIncludes(f, m, o1, l1)).toBe(feedIncludes(f, m, o2, l2));
      }),
    );
  });

  it("personal feeds hold what the owner created or registered for; region feeds the region's", () => {
    const forum = { kind: "forum" as const, status: "scheduled" as const, publicPage: false, hostRegionId: 1 };
    const researcher = { id: 7, role: "researcher" as const, chair: false, regionId: 1 };
    const none = { ownerRegistered: false, regionRegistered: false };
    const personal = { scope: "personal" as const, regionId: null };
    expect(feedIncludes(personal, { ...forum, createdById: 1 }, researcher, none)).toBe(false);
    expect(feedIncludes(personal, { ...forum, createdById: 7 }, researcher, none)).toBe(true);
    expect(feedIncludes(personal, { ...forum, createdById: 1 }, researcher, { ...none, ownerRegistered: true })).toBe(
      true,
    );
    const region2 = { scope: "region" as const, regionId: 2 };
    expect(feedIncludes(region2, { ...forum, createdById: 1 }, researcher, none)).toBe(false);
    expect(feedIncludes(region2, { ...forum, createdById: 1, hostRegionId: 2 }, researcher, none)).toBe(true);
    expect(feedIncludes(region2, { ...forum, createdById: 1 }, researcher, { ...none, regionRegistered: true })).toBe(
      true,
    );
    expect(feedIncludes(region2, { ...forum, createdById: 1, status: "cancelled" }, researcher, none)).toBe(false);
  });

  it("only admins open a region feed for another region", () => {
    fc.assert(
      fc.property(fc.constantFrom(...roles), fc.nat(3), fc.nat(3), (role, own, asked) => {
        const refusal = feedRefusal({ role, regionId: own }, { scope: "region", regionId: asked });
        expect(refusal === null).toBe(role === "admin" || own === asked);
        expect(feedRefusal({ role, regionId: own }, { scope: "personal" })).toBeNull();
      }),
    );
  });

  it("reads the token from '<token>.ics' and nothing else", () => {
    const token = "a".repeat(40) + "-_Z";
    expect(tokenFromSegment(`${token}.ics`)).toBe(token);
    expect(tokenFromSegment(token)).toBe(token);
    expect(tokenFromSegment(`${token}x.ics`)).toBeNull();
    expect(tokenFromSegment("../etc.ics")).toBeNull();
    expect(tokenFromSegment(`${"a".repeat(42)}%.ics`)).toBeNull();
  });

  it("writes last use at most once a minute", () => {
    const now = new Date("2026-12-06T08:00:00Z");
    expect(lastUseDue(null, now)).toBe(true);
    expect(lastUseDue(new Date(now.getTime() - 59_999), now)).toBe(false);
    expect(lastUseDue(new Date(now.getTime() - 60_000), now)).toBe(true);
  });
});
