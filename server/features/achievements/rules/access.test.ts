import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  canEditAchievement,
  canEnquire,
  canPostNeed,
  canSeeAchievement,
  canSeeEnquiry,
  canSeeNeed,
  publishedValue,
  visibleValue,
} from "./access";

const owner = { id: 1, role: "researcher" as const };
const stranger = { id: 2, role: "researcher" as const };
const admin = { id: 3, role: "admin" as const };
const moderator = { id: 4, role: "moderator" as const };

describe("achievement access", () => {
  it("shows a published achievement to everyone, a draft or withdrawn one to editors and admins only", () => {
    const published = { status: "published" as const, editorIds: [1] };
    expect([null, stranger, owner].map((v) => canSeeAchievement(published, v))).toEqual([true, true, true]);
    for (const status of ["draft", "withdrawn"] as const) {
      const facts = { status, editorIds: [1] };
      expect([null, stranger, moderator, owner, admin].map((v) => canSeeAchievement(facts, v))).toEqual([
        false,
        false,
        false,
        true,
        true,
      ]);
    }
  });

  it("lets editors and admins edit, and everyone signed in but the owners enquire", () => {
    const facts = { status: "published" as const, editorIds: [1] };
    expect([null, stranger, owner, admin].map((v) => canEditAchievement(facts, v))).toEqual([false, false, true, true]);
    expect([null, stranger, owner].map((v) => canEnquire(facts, v))).toEqual([false, true, false]);
    expect(canEnquire({ ...facts, status: "draft" }, stranger)).toBe(false);
  });

  it("keeps an enquiry to its asker, the editors and admins", () => {
    const facts = { askerId: 2, editorIds: [1] };
    expect([null, stranger, owner, admin, moderator].map((v) => canSeeEnquiry(facts, v))).toEqual([
      false,
      true,
      true,
      true,
      false,
    ]);
  });

  it("lets only enterprises (and admins) post needs; closed needs are the poster's", () => {
    expect(canPostNeed(stranger, "enterprise")).toBe(true);
    expect(canPostNeed(stranger, "university")).toBe(false);
    expect(canPostNeed(stranger, null)).toBe(false);
    expect(canPostNeed(null, "enterprise")).toBe(false);
    expect(canSeeNeed({ status: "closed", postedById: 2 }, owner)).toBe(false);
    expect(canSeeNeed({ status: "closed", postedById: 2 }, stranger)).toBe(true);
    expect(canSeeNeed({ status: "open", postedById: 2 }, null)).toBe(true);
  });
});

describe("transfer values", () => {
  it("publish a value only when both sides agreed, for every combination", () => {
    fc.assert(
      fc.property(fc.option(fc.integer({ min: 1 })), fc.boolean(), fc.boolean(), (value, seller, buyer) => {
        const facts = { valueYuan: value, sellerPublishesValue: seller, buyerPublishesValue: buyer };
        expect(publishedValue(facts)).toBe(seller && buyer ? value : null);
        expect(visibleValue(facts, true)).toBe(value);
        expect(visibleValue(facts, false)).toBe(publishedValue(facts));
      }),
    );
  });
});
