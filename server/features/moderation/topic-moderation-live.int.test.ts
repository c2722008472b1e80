import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { forumHoldSettings } from "@/db/schema";
import type { LiveEvent } from "@/server/events/contract";
import { applyTopicPageEvent } from "@/app/lib/live/topic-page";
import type { ServiceDeps } from "@/server/infra/deps";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  type TestAccount,
  type TestServices,
} from "@/server/testing/fixtures";

// A topic hidden, restored or moved: each forum's stream carries its list's row and its stance picture
// as the next read shows them, and the topic's own stream what its page shows; nothing of a topic that
// is not visible reaches a forum's (possibly signed-out) followers.

let services: TestServices;
let forumId: number;
let otherForumId: number;
let moderator: TestAccount;
let member: TestAccount;

beforeAll(async () => {
  services = await createTestServices();
  const forums = await callerFor(services.deps, null).forums.list();
  forumId = forums[0]!.id;
  otherForumId = forums[1]!.id;
  moderator = await createTestAccount(services.deps.db, { role: "moderator" });
  member = await createTestAccount(services.deps.db, { role: "member", regionCode: "hangzhou" });
});
afterAll(async () => {
  await services?.close();
});

const as = (who: TestAccount | null, deps: ServiceDeps = services.deps) => callerFor(deps, who?.user ?? null);
const fresh = () => createTestAccount(services.deps.db, { role: "researcher" });

/** A topic whose thread holds a counted stance (a member's concern), so the forum's picture moves with it. */
async function discussedTopic(inForum = forumId) {
  const title = `Topic ${Math.random().toString(36).slice(2)}`;
  const created = await as(await fresh()).topics.create({
    forumId: inForum,
    title,
    body: "Text **only** for readers of a visible topic.",
  });
  const topic = { ...created, title };
  const voice = await createTestAccount(services.deps.db, { role: "member", regionCode: "suzhou" });
  await as(voice).comments.add({ threadId: topic.threadId, stance: "concern", body: "A worry." });
  return topic;
}

function recorder() {
  const from = services.deps.publisher.published.length;
  return (stream: string) => services.deps.publisher.published.slice(from).filter((e) => e.stream === stream);
}

/** The forum's list row for a topic as a signed-out reader gets it next, in the event's shape. */
async function listRow(ofForum: number, topicId: number) {
  const row = (await as(null).topics.list({ forumId: ofForum })).items.find((t) => t.id === topicId);
  if (!row) return undefined;
  const forum = (await as(null).forums.list()).find((f) => f.id === ofForum)!;
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    lastActivityAt: row.lastActivityAt.toISOString(),
    forum: { slug: forum.slug, titleZh: forum.titleZh, titleEn: forum.titleEn },
  };
}

/** The picture a signed-out reader reads next, and the head it stands at. */
const picture = (ofForum: number) => as(null).forums.stancePicture({ forumId: ofForum });

const only = (events: LiveEvent[], type: string) => {
  const matching = events.filter((e) => e.type === type);
  expect(matching).toHaveLength(1);
  return matching[0]!;
};

describe("[LIVE] topic moderation on the forum's and the topic's streams", () => {
  it("hidden: the forum gets the picture without the topic's comments, and no word of its text", async () => {
    const topic = await discussedTopic();
    const before = (await picture(forumId)).regions;
    const on = recorder();
    await as(moderator).moderation.hide({ targetKind: "topic", targetId: topic.id, reason: "Off topic" });
    const event = only(on(`forum:${forumId}`), "topic:hidden");
    const next = await picture(forumId);
    expect(event.payload).toEqual({
      targetKind: "topic",
      targetId: topic.id,
      reason: "Off topic",
      stancePicture: next.regions,
    });
    // The picture did change (the concern no longer counts), and the read stands at the event's seq.
    expect(next.regions).not.toEqual(before);
    expect(next.headSeq).toBe(event.seq);
    expect(JSON.stringify(event.payload)).not.toContain(topic.title);
  });

  it("restored: the forum gets the list row and the picture, the topic's page its title and text again", async () => {
    const topic = await discussedTopic();
    await as(moderator).moderation.hide({ targetKind: "topic", targetId: topic.id, reason: "Off topic" });
    const hiddenPage = await as(member).topics.byId({ topicId: topic.id });
    expect(hiddenPage.title).toBe("");
    const on = recorder();
    await as(moderator).moderation.restore({ targetKind: "topic", targetId: topic.id, reason: "On topic" });
    const onForum = only(on(`forum:${forumId}`), "topic:restored");
    const next = await picture(forumId);
    expect(onForum.payload).toEqual({
      targetKind: "topic",
      targetId: topic.id,
      topic: await listRow(forumId, topic.id),
      stancePicture: next.regions,
    });
    expect(next.headSeq).toBe(onForum.seq);
    const onTopic = only(on(`topic:${topic.id}`), "topic:restored");
    const page = await as(member).topics.byId({ topicId: topic.id });
    expect(onTopic.payload).toMatchObject({ shown: { title: page.title, bodyHtml: page.bodyHtml } });
    expect(page.bodyHtml).toContain("<strong>only</strong>");
  });

  it("moved: each forum's list and picture as read next; the topic's page its new forum and measures", async () => {
    const topic = await discussedTopic();
    const on = recorder();
    await as(moderator).moderation.move({ topicId: topic.id, forumId: otherForumId, reason: "Belongs there" });
    const left = only(on(`forum:${forumId}`), "topic:moved");
    const joined = only(on(`forum:${otherForumId}`), "topic:moved");
    const [leftPicture, joinedPicture] = [await picture(forumId), await picture(otherForumId)];
    expect(await listRow(forumId, topic.id)).toBeUndefined();
    expect(left.payload).toEqual({
      topicId: topic.id,
      toForumId: otherForumId,
      topic: null,
      stancePicture: leftPicture.regions,
    });
    expect(leftPicture.headSeq).toBe(left.seq);
    expect(joined.payload).toEqual({
      topicId: topic.id,
      fromForumId: forumId,
      topic: await listRow(otherForumId, topic.id),
      stancePicture: joinedPicture.regions,
    });
    expect(joinedPicture.headSeq).toBe(joined.seq);
    expect(joinedPicture.regions.some((r) => r.counts.concern > 0)).toBe(true);
    // The topic's page: the forum and its measures as topics.byId gives them next.
    const onTopic = only(on(`topic:${topic.id}`), "topic:moved");
    const page = await as(member).topics.byId({ topicId: topic.id });
    const { forum } = onTopic.payload as { forum: Record<string, unknown> };
    expect(forum).toEqual({
      ...page.forum,
      archivedAt: page.forum.archivedAt?.toISOString() ?? null,
      measures: page.measures,
    });
    expect(page.measures.length).toBeGreaterThan(0);
  });

  it("a hidden topic moved goes to neither forum's followers as a row, nor its text", async () => {
    const topic = await discussedTopic();
    await as(moderator).moderation.hide({ targetKind: "topic", targetId: topic.id, reason: "Held back" });
    const on = recorder();
    await as(moderator).moderation.move({ topicId: topic.id, forumId: otherForumId, reason: "Tidy" });
    const joined = only(on(`forum:${otherForumId}`), "topic:moved");
    expect(joined.payload).toMatchObject({ topic: null, stancePicture: (await picture(otherForumId)).regions });
    for (const event of [...on(`forum:${forumId}`), ...on(`forum:${otherForumId}`)])
      expect(JSON.stringify(event.payload)).not.toContain(topic.title);
    expect(await listRow(otherForumId, topic.id)).toBeUndefined();
  });

  it("a held topic moved stays out of the forum's payloads until approved", async () => {
    const admin = await createTestAccount(services.deps.db, { role: "admin" });
    await as(admin).admin.setHoldSettings({ forumId, newAccountDays: 3, holdBlockedWords: false, holdLinks: false });
    try {
      const newcomer = await createTestAccount(services.deps.db, { role: "researcher" });
      const held = await as(newcomer).topics.create({ forumId, title: "Waiting in review", body: "Not yet." });
      expect(held.held).toBe(true);
      const on = recorder();
      await as(moderator).moderation.move({ topicId: held.id, forumId: otherForumId, reason: "Tidy" });
      const joined = only(on(`forum:${otherForumId}`), "topic:moved");
      expect(joined.payload).toMatchObject({ topic: null });
      expect(JSON.stringify(joined.payload)).not.toContain("Waiting in review");
    } finally {
      await services.deps.db.delete(forumHoldSettings).where(eq(forumHoldSettings.forumId, forumId));
    }
  });

  it("the topic's page: each event applied to what a reader holds equals what topics.byId reads next for them", async () => {
    const writer = await fresh();
    const created = await as(writer).topics.create({ forumId, title: "Labs for all", body: "Open **them**." });
    const readers = [null, member, writer, await createTestAccount(services.deps.db, { role: "moderator" })];
    const read = (who: TestAccount | null) => as(who).topics.byId({ topicId: created.id });
    const held = await Promise.all(readers.map(read));
    const steps: [string, () => Promise<unknown>][] = [
      ["lock", () => as(moderator).moderation.lock({ threadId: created.threadId, locked: true, reason: "Pause" })],
      ["hide", () => as(moderator).moderation.hide({ targetKind: "topic", targetId: created.id, reason: "Check" })],
      ["move", () => as(moderator).moderation.move({ topicId: created.id, forumId: otherForumId, reason: "There" })],
      ["restore", () => as(moderator).moderation.restore({ targetKind: "topic", targetId: created.id, reason: "Ok" })],
      ["unlock", () => as(moderator).moderation.lock({ threadId: created.threadId, locked: false, reason: "Go" })],
    ];
    for (const [name, act] of steps) {
      const on = recorder();
      await act();
      const events = on(`topic:${created.id}`);
      expect(events.length, name).toBeGreaterThan(0);
      for (const [index, who] of readers.entries()) {
        let view = held[index]!;
        for (const event of events) {
          const applied = applyTopicPageEvent(view, event, who?.user ?? null);
          expect(applied.refetch, `${name} for reader ${index}`).toBe(false);
          view = applied.view;
        }
        expect(view, `${name} for reader ${index}`).toEqual(await read(who));
        held[index] = view;
      }
    }
    // Hidden, the readers other than its author held no text: the restore gave it back.
    expect(held.map((v) => v.title)).toEqual(["Labs for all", "Labs for all", "Labs for all", "Labs for all"]);
  });

  it("a comment with a stance hidden or restored: the forum gets its picture and the topic's row", async () => {
    const topic = await as(await fresh()).topics.create({ forumId, title: "Stances", body: "Where do you stand?" });
    const voice = await createTestAccount(services.deps.db, { role: "member", regionCode: "shenzhen" });
    const comment = await as(voice).comments.add({ threadId: topic.threadId, stance: "support", body: "Yes." });
    const counted = async () => (await picture(forumId)).regions.find((r) => r.regionId === voice.user.regionId);
    const supportBefore = (await counted())?.counts.support ?? 0;
    for (const [act, type] of [
      [() => as(moderator).moderation.hide({ targetKind: "comment", targetId: comment.id, reason: "x" }), "hidden"],
      [
        () => as(moderator).moderation.restore({ targetKind: "comment", targetId: comment.id, reason: "y" }),
        "restored",
      ],
    ] as const) {
      const on = recorder();
      await act();
      const event = only(on(`forum:${forumId}`), "thread:activity");
      const next = await picture(forumId);
      expect(event.payload).toEqual({
        threadId: topic.threadId,
        type: `comment:${type}`,
        topic: await listRow(forumId, topic.id),
        stancePicture: next.regions,
      });
      expect(next.headSeq).toBe(event.seq);
      expect((await counted())?.counts.support ?? 0).toBe(type === "hidden" ? supportBefore - 1 : supportBefore);
    }
  });
});
