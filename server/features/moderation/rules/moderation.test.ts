import { describe, expect, it } from "vitest";
import {
  accountActionRefusal,
  containsLink,
  contentActionRefusal,
  groupReports,
  holdCauses,
  isIndefinite,
  indefiniteSuspensionUntil,
  matchedBlockedWords,
  type OpenReport,
} from "./moderation";

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 1, 12, minutes));
const report = (targetId: number, minutes: number, reason: OpenReport["reason"] = "abusive"): OpenReport => ({
  targetKind: "comment",
  targetId,
  reason,
  createdAt: at(minutes),
  reporterId: minutes,
});

describe("who may act", () => {
  it("lets moderators and admins act on others' content only", () => {
    expect(contentActionRefusal({ id: 1, role: "moderator" }, 2)).toBeNull();
    expect(contentActionRefusal({ id: 1, role: "admin" }, 2)).toBeNull();
    expect(contentActionRefusal({ id: 1, role: "moderator" }, 1)).toBe("OWN_CONTENT");
    expect(contentActionRefusal({ id: 1, role: "member" }, 2)).toBe("NOT_MODERATOR");
    expect(contentActionRefusal({ id: 1, role: "researcher" }, 2)).toBe("NOT_MODERATOR");
  });
  it("keeps a party to a private negotiation off the other side's messages, moderator or admin", () => {
    expect(contentActionRefusal({ id: 1, role: "moderator" }, 2, [1, 2])).toBe("PRIVATE_PARTY");
    expect(contentActionRefusal({ id: 1, role: "admin" }, 2, [2, 1])).toBe("PRIVATE_PARTY");
    expect(contentActionRefusal({ id: 3, role: "moderator" }, 2, [1, 2])).toBeNull();
    expect(contentActionRefusal({ id: 1, role: "moderator" }, 2, null)).toBeNull();
  });
  it("reserves accounts of moderators and admins for admins, and nobody acts on themselves", () => {
    expect(accountActionRefusal({ id: 1, role: "moderator" }, { id: 2, role: "member" })).toBeNull();
    expect(accountActionRefusal({ id: 1, role: "moderator" }, { id: 2, role: "researcher" })).toBeNull();
    expect(accountActionRefusal({ id: 1, role: "moderator" }, { id: 2, role: "moderator" })).toBe("ADMIN_REQUIRED");
    expect(accountActionRefusal({ id: 1, role: "moderator" }, { id: 2, role: "admin" })).toBe("ADMIN_REQUIRED");
    expect(accountActionRefusal({ id: 1, role: "admin" }, { id: 2, role: "moderator" })).toBeNull();
    expect(accountActionRefusal({ id: 1, role: "admin" }, { id: 1, role: "admin" })).toBe("OWN_ACCOUNT");
    expect(accountActionRefusal({ id: 1, role: "member" }, { id: 2, role: "member" })).toBe("NOT_MODERATOR");
  });
});

describe("queue grouping and order", () => {
  const reports = [report(1, 1), report(2, 2), report(1, 3, "spam"), report(3, 9), report(1, 4)];
  it("groups reports by item with counts per reason", () => {
    const groups = groupReports(reports, "newest");
    expect(groups.map((g) => g.key)).toEqual(["comment:3", "comment:1", "comment:2"]);
    expect(groups[1]).toMatchObject({ count: 3, reasons: { abusive: 2, spam: 1 }, newestAt: at(4) });
    expect(groups[1]!.reports.map((r) => r.createdAt)).toEqual([at(4), at(3), at(1)]);
  });
  it("orders most-reported first, newest breaking ties", () => {
    expect(groupReports(reports, "most_reported").map((g) => g.key)).toEqual(["comment:1", "comment:3", "comment:2"]);
  });
  it("marks held entries", () => {
    expect(groupReports([report(5, 1, "held")], "newest")[0]!.held).toBe(true);
  });
});

describe("hold for review", () => {
  const now = at(0);
  const young = { role: "researcher" as const, createdAt: new Date(now.getTime() - 86_400_000) };
  const old = { role: "researcher" as const, createdAt: new Date(now.getTime() - 30 * 86_400_000) };
  const all = { newAccountDays: 7, holdBlockedWords: true, holdLinks: true };
  it("holds young accounts, blocked words and links, each only when the forum asks", () => {
    expect(holdCauses(all, young, "hello", [], now)).toEqual(["new_account"]);
    expect(holdCauses(all, old, "see https://x.cn", [], now)).toEqual(["link"]);
    expect(holdCauses(all, old, "这是机密文件", ["机密"], now)).toEqual(["blocked_word"]);
    expect(holdCauses({ ...all, holdLinks: false }, old, "www.example.com", [], now)).toEqual([]);
    expect(holdCauses(null, young, "https://x.cn", ["x"], now)).toEqual([]);
  });
  it("never holds moderators or admins", () => {
    expect(holdCauses(all, { ...young, role: "moderator" }, "https://x.cn", [], now)).toEqual([]);
    expect(holdCauses(all, { ...young, role: "admin" }, "https://x.cn", [], now)).toEqual([]);
  });
  it("matches blocked words case- and width-insensitively", () => {
    expect(matchedBlockedWords("ＳＰＡＭ here", ["spam"])).toEqual(["spam"]);
    expect(matchedBlockedWords("nothing", ["spam"])).toEqual([]);
  });
  it("finds links in plain and Markdown forms", () => {
    expect(containsLink("[site](http://a.b)")).toBe(true);
    expect(containsLink("mailto:a@b.cn")).toBe(true);
    expect(containsLink("no link here.")).toBe(false);
  });
  it("treats the far-future instant as until lifted", () => {
    expect(isIndefinite(indefiniteSuspensionUntil)).toBe(true);
    expect(isIndefinite(at(5))).toBe(false);
    expect(isIndefinite(null)).toBe(false);
  });
});
