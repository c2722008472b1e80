import { describe, expect, it } from "vitest";
import { streamKey } from "@/server/domain/stream-access";
import type { LiveEvent } from "@/server/events/contract";
import { applyOpeningEvent, newerOpening, type LiveOpening } from "./ballot-opening";

const stream = streamKey({ kind: "project", id: 3 });
const at = "2026-02-01T08:00:00.000Z";
const consent = (regionId: number) => ({
  regionId,
  givenAt: at,
  by: { id: 10 + regionId, displayName: `M${regionId}` },
});
const changed = (seq: number, regions: number[]): LiveEvent => ({
  stream,
  seq,
  at,
  type: "consent:changed",
  payload: { projectId: 3, consents: regions.map(consent) },
});
const opening = (
  over: Partial<LiveOpening> = {},
): LiveOpening & { mayChair: boolean; consentRegionId: number | null } => ({
  consents: [],
  headSeq: 4,
  mayChair: false,
  consentRegionId: 2,
  ...over,
});

describe("applyOpeningEvent", () => {
  it("takes the pending consents a consent carries, dates as dates, and keeps the reader's own part", () => {
    const { view, refetch } = applyOpeningEvent(opening(), changed(5, [1, 2]));
    expect(refetch).toBe(false);
    expect(view).toEqual({
      consents: [
        { regionId: 1, givenAt: new Date(at), by: { id: 11, displayName: "M1" } },
        { regionId: 2, givenAt: new Date(at), by: { id: 12, displayName: "M2" } },
      ],
      headSeq: 5,
      mayChair: false,
      consentRegionId: 2,
    });
    // A withdrawal carries the shorter list.
    expect(applyOpeningEvent(view, changed(6, [1])).view.consents.map((c) => c.regionId)).toEqual([1]);
  });

  it("leaves none pending once a ballot opened with them", () => {
    const held = applyOpeningEvent(opening(), changed(5, [1])).view;
    const opened: LiveEvent = {
      stream,
      seq: 6,
      at,
      type: "ballot:opened",
      payload: { ballotId: 8, projectId: 3, round: 1, closesAt: at },
    };
    expect(applyOpeningEvent(held, opened)).toEqual({ view: { ...held, consents: [], headSeq: 6 }, refetch: false });
  });

  it("ignores what the read already holds, so a replay changes nothing", () => {
    const held = opening({ headSeq: 7 });
    expect(applyOpeningEvent(held, changed(7, [1])).view).toBe(held);
  });

  it("reads again only when an edit moves the project's regions (who may consent for which)", () => {
    const edit = (fields: string[]): LiveEvent => ({
      stream,
      seq: 5,
      at,
      type: "project:updated",
      payload: { projectId: 3, version: 2, fields },
    });
    expect(applyOpeningEvent(opening(), edit(["title"]))).toMatchObject({ refetch: false, view: { headSeq: 5 } });
    expect(applyOpeningEvent(opening(), edit(["partnerRegionIds"])).refetch).toBe(true);
  });

  it("keeps the held read when a consent's answer is older than what events brought", () => {
    const held = opening({ headSeq: 9 });
    expect(newerOpening(held, opening({ headSeq: 8 }))).toBe(held);
    const read = opening({ headSeq: 9 });
    expect(newerOpening(held, read)).toBe(read);
    expect(newerOpening(undefined, read)).toBe(read);
  });
});
