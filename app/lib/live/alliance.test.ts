import { describe, expect, it } from "vitest";
import type { LiveEvent } from "@/server/events/contract";
import type { StreamKey } from "@/server/domain/stream-access";
import { applyAllianceEvent } from "./alliance";

const member = (id: number, status: "invited" | "accepted") => ({
  id,
  organisationId: id * 10,
  nameZh: "单位",
  nameEn: "Org",
  regionId: 1,
  chainRole: "design" as const,
  contribution: "",
  status,
});

const event = (seq: number, allianceId: number, members: ReturnType<typeof member>[]): LiveEvent => ({
  stream: `alliance:${allianceId}` as StreamKey,
  seq,
  type: "alliance:changed",
  payload: { allianceId, members, projects: [] },
  at: new Date(0).toISOString(),
});

describe("applyAllianceEvent", () => {
  const view = { id: 3, members: [member(1, "invited")], projects: [], headSeq: 4, nameEn: "kept" };

  it("replaces members and projects and moves the head", () => {
    const next = applyAllianceEvent(view, event(5, 3, [member(1, "accepted")]));
    expect(next.members[0]!.status).toBe("accepted");
    expect(next.headSeq).toBe(5);
    expect(next.nameEn).toBe("kept");
  });

  it("ignores an event already in the data", () => {
    expect(applyAllianceEvent(view, event(4, 3, []))).toBe(view);
  });
});
