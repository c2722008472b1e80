import { describe, expect, it } from "vitest";
import { streamKey } from "@/server/domain/stream-access";
import type { LiveEvent } from "@/server/events/contract";
import { applyThreadEvent } from "./thread";

const stream = streamKey({ kind: "topic", id: 2 });
const at = "2026-01-01T00:00:00.000Z";
const comment = (id: number) => ({
  id,
  state: "visible",
  bodyHtml: `<p>${id}</p>`,
  body: null,
  amendment: null,
  reactions: { agree: 0, disagree: 0, pass: 0 },
});
const pages = () => [
  { items: [comment(1), comment(2)], nextCursor: "c", headSeq: 4 },
  { items: [comment(3)], nextCursor: null, headSeq: 6 },
];

describe("applyThreadEvent", () => {
  it("applies a reaction's counts to its comment on whichever page it is", () => {
    const event: LiveEvent = {
      stream,
      seq: 5,
      at,
      type: "reaction:changed",
      payload: { commentId: 3, counts: { agree: 2, disagree: 1, pass: 0 } },
    };
    const { pages: next, refetch } = applyThreadEvent(pages(), event);
    expect(refetch).toBe(false);
    expect(next[1]?.items[0]?.reactions).toEqual({ agree: 2, disagree: 1, pass: 0 });
    expect(next[0]?.headSeq).toBe(5);
  });

  it("blanks a withdrawn comment's text for everyone", () => {
    const event: LiveEvent = { stream, seq: 5, at, type: "comment:withdrawn", payload: { commentId: 2 } };
    expect(applyThreadEvent(pages(), event).pages[0]?.items[1]).toMatchObject({
      id: 2,
      state: "withdrawn",
      bodyHtml: null,
    });
  });

  it("reads again for news the payload lacks, and skips what the first page already holds", () => {
    const added: LiveEvent = { stream, seq: 5, at, type: "comment:added", payload: { commentId: 9, parentId: null } };
    expect(applyThreadEvent(pages(), added).refetch).toBe(true);
    const old: LiveEvent = { ...added, seq: 4 };
    const held = pages();
    expect(applyThreadEvent(held, old)).toEqual({ pages: held, refetch: false });
    const projectNews: LiveEvent = {
      stream,
      seq: 5,
      at,
      type: "project:updated",
      payload: { projectId: 1, version: 2, fields: ["title"] },
    };
    expect(applyThreadEvent(pages(), projectNews)).toMatchObject({
      refetch: false,
      pages: [{ headSeq: 5 }, { headSeq: 6 }],
    });
  });
});
