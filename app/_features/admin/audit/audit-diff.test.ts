import { describe, expect, it } from "vitest";
import { auditChanges } from "./audit-diff";

describe("auditChanges", () => {
  it("lists only the fields that differ, old → new", () => {
    expect(auditChanges({ role: "member", regionId: 3, email: "a@b.cn" }, { role: "moderator", regionId: 3 })).toEqual([
      { field: "role", before: "member", after: "moderator" },
      { field: "email", before: "a@b.cn", after: null },
    ]);
  });

  it("shows fields recorded on one side only, and nothing for an entry with no snapshots", () => {
    expect(auditChanges(null, { word: "spam", winnerPlanId: null })).toEqual([
      { field: "word", before: null, after: "spam" },
      { field: "winnerPlanId", before: null, after: "—" },
    ]);
    expect(auditChanges(null, null)).toEqual([]);
  });

  it("compares nested values by content and shows them as JSON", () => {
    expect(auditChanges({ owner: { id: 1 } }, { owner: { id: 1 } })).toEqual([]);
    expect(auditChanges({ owner: { id: 1 } }, { owner: { id: 2 } })).toEqual([
      { field: "owner", before: '{"id":1}', after: '{"id":2}' },
    ]);
  });
});
