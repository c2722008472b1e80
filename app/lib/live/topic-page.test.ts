import { describe, expect, it } from "vitest";
import { streamKey } from "@/server/domain/stream-access";
import type { LiveEvent } from "@/server/events/contract";
import { applyTopicPageEvent, type TopicPageView } from "./topic-page";

const stream = streamKey({ kind: "topic", id: 5 });
const at = "2026-01-01T10:00:00.000Z";
const author = { id: 3, role: "researcher" as const };
const reader = { id: 4, role: "member" as const };
const moderator = { id: 6, role: "moderator" as const };

const view = (over: Partial<TopicPageView> = {}): TopicPageView => ({
  id: 5,
  threadId: 50,
  state: "visible",
  hiddenReason: null,
  title: "Shared labs",
  bodyHtml: "<p>Open the labs.</p>",
  lockedAt: null,
  forum: { id: 1, slug: "f", titleZh: "论坛", titleEn: "Forum", archivedAt: null, recommendationId: 1 },
  measures: [{ id: 11, code: "4.1.1", titleZh: "措施", titleEn: "Measure" }],
  author: { id: 3 },
  headSeq: 4,
  ...over,
});
const event = (seq: number, type: LiveEvent["type"], payload: unknown) =>
  ({ stream, seq, at, type, payload }) as LiveEvent;
const hidden = (seq = 5, targetId = 5) =>
  event(seq, "topic:hidden", { targetKind: "topic", targetId, reason: "Off topic" });

describe("applyTopicPageEvent", () => {
  it("hides the text from readers and moderators, who get the notice and the reason; its author keeps it", () => {
    for (const viewer of [reader, moderator, null]) {
      expect(applyTopicPageEvent(view(), hidden(), viewer)).toEqual({
        view: view({ state: "hidden", hiddenReason: "Off topic", title: "", bodyHtml: "", headSeq: 5 }),
        refetch: false,
      });
    }
    expect(applyTopicPageEvent(view(), hidden(), author).view).toEqual(
      view({ state: "hidden", hiddenReason: "Off topic", headSeq: 5 }),
    );
  });

  it("restores the text from the event, and reads again for a restore without it unless the reader had it", () => {
    const hiddenView = view({ state: "hidden", hiddenReason: "Off topic", title: "", bodyHtml: "" });
    const shown = { title: "Shared labs", bodyHtml: "<p>Open the labs.</p>" };
    const restored = (payload: object) => event(5, "topic:restored", { targetKind: "topic", targetId: 5, ...payload });
    expect(applyTopicPageEvent(hiddenView, restored({ shown }), reader)).toEqual({
      view: view({ headSeq: 5 }),
      refetch: false,
    });
    expect(applyTopicPageEvent(hiddenView, restored({}), reader).refetch).toBe(true);
    const authorsView = view({ state: "hidden", hiddenReason: "Off topic" });
    expect(applyTopicPageEvent(authorsView, restored({}), author)).toEqual({
      view: view({ headSeq: 5 }),
      refetch: false,
    });
  });

  it("locks and unlocks the topic's own thread only", () => {
    const locked = applyTopicPageEvent(view(), event(5, "thread:locked", { threadId: 50, lockedAt: at }), reader);
    expect(locked).toEqual({ view: view({ lockedAt: new Date(at), headSeq: 5 }), refetch: false });
    const unlocked = applyTopicPageEvent(locked.view, event(6, "thread:unlocked", { threadId: 50 }), reader);
    expect(unlocked.view).toEqual(view({ headSeq: 6 }));
    expect(applyTopicPageEvent(view(), event(5, "thread:locked", { threadId: 99 }), reader).view.lockedAt).toBeNull();
  });

  it("takes the forum a topic moved to, with its measures; reads again for a move without it", () => {
    const forum = {
      id: 2,
      slug: "g",
      titleZh: "新论坛",
      titleEn: "New forum",
      archivedAt: null,
      recommendationId: 2,
      measures: [{ id: 21, code: "4.2.1", titleZh: "新措施", titleEn: "New measure" }],
    };
    const { measures, ...rest } = forum;
    expect(applyTopicPageEvent(view(), event(5, "topic:moved", { topicId: 5, toForumId: 2, forum }), reader)).toEqual({
      view: view({ forum: rest, measures, headSeq: 5 }),
      refetch: false,
    });
    expect(applyTopicPageEvent(view(), event(5, "topic:moved", { topicId: 5, toForumId: 2 }), reader)).toEqual({
      view: view({ headSeq: 5 }),
      refetch: true,
    });
  });

  it("skips what the page already holds and events about something else", () => {
    const before = view();
    expect(applyTopicPageEvent(before, hidden(4), reader)).toEqual({ view: before, refetch: false });
    expect(applyTopicPageEvent(before, hidden(5, 8), reader)).toEqual({ view: view({ headSeq: 5 }), refetch: false });
    const comment = event(5, "comment:hidden", { targetKind: "comment", targetId: 77, reason: "x" });
    expect(applyTopicPageEvent(before, comment, reader)).toEqual({ view: view({ headSeq: 5 }), refetch: false });
  });
});
