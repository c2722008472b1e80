import { describe, expect, it } from "vitest";
import { streamKey } from "@/server/domain/stream-access";
import type { LiveEvent } from "@/server/events/contract";
import type { PublishedComment } from "@/server/features/deliberation/events";
import { applyThreadEvent, listItemFromEvent, type ThreadViewer } from "./thread";

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

  describe("with the comment in the payload", () => {
    const published = (id: number, over: Partial<PublishedComment> = {}): PublishedComment => ({
      id,
      threadId: 1,
      parentId: null,
      rootId: id,
      depth: 0,
      state: "visible",
      stance: "support",
      amendment: null,
      bodyHtml: `<p>new ${id}</p>`,
      hiddenReason: null,
      edited: false,
      editedAt: null,
      createdAt: at,
      author: { id: 7, displayName: "Wang", role: "member", organisation: "" },
      region: { id: 1, code: "SH", nameZh: "上海", nameEn: "Shanghai" },
      reactions: { agree: 0, disagree: 0, pass: 0 },
      ...over,
    });
    const reader: ThreadViewer = { id: 3, reviews: false };
    const item = (id: number, over: Record<string, unknown> = {}) => ({
      ...listItemFromEvent(published(id), reader),
      ...over,
    });
    type Item = ReturnType<typeof item>;
    const loaded = (nextCursor: string | null = null) => [
      { items: [item(1), item(2, { parentId: 1, rootId: 1, depth: 1 })], nextCursor: "c", headSeq: 4 },
      { items: [item(3)], nextCursor, headSeq: 6 },
    ];
    const context = (viewer: ThreadViewer | null = reader) => ({ viewer, toItem: listItemFromEvent });
    const apply = (pages: ReturnType<typeof loaded>, event: LiveEvent, viewer?: ThreadViewer | null) =>
      applyThreadEvent<Item, (typeof pages)[number]>(pages, event, context(viewer));
    const added = (comment: PublishedComment | null, seq = 5): LiveEvent => ({
      stream,
      seq,
      at,
      type: "comment:added",
      payload: { commentId: comment?.id ?? 99, parentId: comment?.parentId ?? null, comment },
    });

    it("appends a new top-level comment to the last page once it is the end, without reading", () => {
      const { pages: next, refetch } = apply(loaded(), added(published(9)));
      expect(refetch).toBe(false);
      expect(next[1]?.items.map((c) => c.id)).toEqual([3, 9]);
      expect(next[1]?.items[1]).toMatchObject({ bodyHtml: "<p>new 9</p>", isAuthor: false, body: null });
      expect(next[1]?.items[1]?.createdAt).toEqual(new Date(at));
      expect(next[0]?.headSeq).toBe(5);
      // Not loaded to the end yet: it arrives with "load more", and nothing is read now.
      const partial = apply(loaded("more"), added(published(9)));
      expect(partial.refetch).toBe(false);
      expect(partial.pages[1]?.items.map((c) => c.id)).toEqual([3]);
    });

    it("puts a reply on the page of its thread, and applies each event once", () => {
      const reply = published(10, { parentId: 2, rootId: 1, depth: 2 });
      const once = apply(loaded(), added(reply));
      expect(once.pages[0]?.items.map((c) => c.id)).toEqual([1, 2, 10]);
      expect(apply(once.pages, added(reply, 5)).pages).toBe(once.pages);
    });

    it("moves only the head for a held comment, and reads back its author's own", () => {
      const held = apply(loaded(), added(null));
      expect(held).toMatchObject({ refetch: false, pages: [{ headSeq: 5 }, { headSeq: 6 }] });
      expect(held.pages.flatMap((p) => p.items).map((c) => c.id)).toEqual([1, 2, 3]);
      expect(apply(loaded(), added(published(9)), { id: 7, reviews: false }).refetch).toBe(true);
    });

    it("replaces an edited comment's text, keeping the reader's reaction", () => {
      const pages = loaded();
      pages[1]!.items[0] = { ...item(3), myReaction: "agree" };
      const edited: LiveEvent = {
        stream,
        seq: 7,
        at,
        type: "comment:edited",
        payload: {
          commentId: 3,
          state: "visible",
          comment: published(3, {
            bodyHtml: "<p>changed</p>",
            edited: true,
            editedAt: at,
            reactions: { agree: 2, disagree: 0, pass: 0 },
          }),
        },
      };
      const { pages: next, refetch } = apply(pages, edited);
      expect(refetch).toBe(false);
      expect(next[1]?.items[0]).toMatchObject({
        bodyHtml: "<p>changed</p>",
        edited: true,
        myReaction: "agree",
        reactions: { agree: 2, disagree: 0, pass: 0 },
      });
    });

    it("drops a comment an edit sent back to review, except for reviewers, who read it again", () => {
      const heldAgain: LiveEvent = {
        stream,
        seq: 7,
        at,
        type: "comment:edited",
        payload: { commentId: 3, state: "held", comment: null },
      };
      const gone = apply(loaded(), heldAgain);
      expect(gone.refetch).toBe(false);
      expect(gone.pages[1]?.items).toEqual([]);
      expect(apply(loaded(), heldAgain, { id: 4, reviews: true }).refetch).toBe(true);
    });

    it("shows a hidden comment's public reason without its text, except to its author", () => {
      const hidden: LiveEvent = {
        stream,
        seq: 7,
        at,
        type: "comment:hidden",
        payload: { targetKind: "comment", targetId: 3, reason: "off topic" },
      };
      const { pages: next, refetch } = apply(loaded(), hidden);
      expect(refetch).toBe(false);
      expect(next[1]?.items[0]).toMatchObject({ state: "hidden", hiddenReason: "off topic", bodyHtml: null });
      const own = loaded();
      own[1]!.items[0] = { ...item(3), isAuthor: true };
      expect(apply(own, hidden).pages[1]?.items[0]).toMatchObject({
        state: "hidden",
        hiddenReason: "off topic",
        bodyHtml: "<p>new 3</p>",
      });
    });
  });
});
