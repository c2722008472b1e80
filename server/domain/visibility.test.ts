import { describe, expect, it } from "vitest";
import {
  commentVisibility,
  isPublicProject,
  isSubmittedProject,
  projectVisibility,
  topicVisibility,
} from "./visibility";

const at = new Date("2026-01-01T00:00:00Z");
const stranger = { id: 99, role: "member" as const };
const none = { isProposer: false, coauthorStatus: null };

describe("project visibility", () => {
  it("is public once submitted and never because a draft was withdrawn", () => {
    expect(isSubmittedProject({ status: "draft", submittedAt: null })).toBe(false);
    expect(isSubmittedProject({ status: "withdrawn", submittedAt: null })).toBe(false);
    expect(isSubmittedProject({ status: "withdrawn", submittedAt: at })).toBe(true);
    expect(isSubmittedProject({ status: "voting", submittedAt: null })).toBe(true);
    expect(isPublicProject({ status: "submitted", submittedAt: at, hiddenAt: at })).toBe(false);
    expect(projectVisibility({ status: "withdrawn", submittedAt: null, hiddenAt: null }, stranger, none)).toBe("none");
    expect(projectVisibility({ status: "withdrawn", submittedAt: null, hiddenAt: null }, null, none)).toBe("none");
  });

  it("lets invited and accepted co-proposers read a draft, never declined ones", () => {
    const draft = { status: "draft" as const, submittedAt: null, hiddenAt: null };
    expect(projectVisibility(draft, stranger, { isProposer: false, coauthorStatus: "invited" })).toBe("full");
    expect(projectVisibility(draft, stranger, { isProposer: false, coauthorStatus: "accepted" })).toBe("full");
    expect(projectVisibility(draft, stranger, { isProposer: false, coauthorStatus: "declined" })).toBe("none");
    expect(projectVisibility(draft, { id: 1, role: "admin" }, none)).toBe("full");
  });

  it("withholds hidden text from everyone but its authors", () => {
    const hidden = { status: "submitted" as const, submittedAt: at, hiddenAt: at };
    expect(projectVisibility(hidden, null, none)).toBe("notice");
    expect(projectVisibility(hidden, { id: 1, role: "admin" }, none)).toBe("notice");
    expect(projectVisibility(hidden, stranger, { isProposer: false, coauthorStatus: "invited" })).toBe("notice");
    expect(projectVisibility(hidden, stranger, { isProposer: false, coauthorStatus: "accepted" })).toBe("full");
    expect(projectVisibility(hidden, stranger, { isProposer: true, coauthorStatus: null })).toBe("full");
  });
});

describe("post visibility", () => {
  it("shows held posts to their author and moderators only", () => {
    const held = { state: "held" as const, authorId: 7 };
    expect(commentVisibility(held, null)).toBe("none");
    expect(commentVisibility(held, stranger)).toBe("none");
    expect(commentVisibility(held, { id: 7, role: "researcher" })).toBe("full");
    expect(topicVisibility(held, { id: 1, role: "moderator" })).toBe("full");
  });

  it("keeps a withdrawn comment as a marker and a withdrawn topic as nothing", () => {
    expect(commentVisibility({ state: "withdrawn", authorId: 7 }, { id: 7, role: "member" })).toBe("notice");
    expect(topicVisibility({ state: "withdrawn", authorId: 7 }, { id: 7, role: "member" })).toBe("none");
    expect(commentVisibility({ state: "hidden", authorId: 7 }, { id: 1, role: "admin" })).toBe("notice");
  });
});
