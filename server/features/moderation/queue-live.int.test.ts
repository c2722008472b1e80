import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { forumHoldSettings } from "@/db/schema";
import type { LiveEvent } from "@/server/events/contract";
import { applyQueueEvent } from "@/app/lib/live/moderation-queue";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  type TestAccount,
  type TestServices,
} from "@/server/testing/fixtures";

// Each event of the moderation stream carries its item's queue entry: applied to the queue a
// moderator holds, it gives what moderation.queue reads next.

let services: TestServices;
let forumId: number;
let moderator: TestAccount;
let admin: TestAccount;

beforeAll(async () => {
  services = await createTestServices();
  forumId = (await callerFor(services.deps, null).forums.list())[0]!.id;
  moderator = await createTestAccount(services.deps.db, { role: "moderator" });
  admin = await createTestAccount(services.deps.db, { role: "admin" });
});
afterAll(async () => {
  await services?.close();
});

const as = (who: TestAccount | null) => callerFor(services.deps, who?.user ?? null);
const person = (role: "member" | "researcher") => createTestAccount(services.deps.db, { role });

async function commentBy(writer: TestAccount) {
  const topic = await as(await person("researcher")).topics.create({ forumId, title: "A topic", body: "Opening." });
  return as(writer).comments.add({ threadId: topic.threadId, stance: "concern", body: "A sharp remark." });
}

describe("[LIVE] the moderation queue applies its stream's entries", () => {
  it("reports, a dismissal, a hide, a suspension and a held post: each applied equals the next read", async () => {
    const writer = await person("researcher");
    const first = await commentBy(writer);
    const second = await commentBy(writer);
    let held = { newest: await as(moderator).moderation.queue({ order: "newest" }) };
    let heldMost = await as(moderator).moderation.queue({ order: "most_reported" });
    const steps: [string, () => Promise<unknown>][] = [
      [
        "report",
        async () =>
          as(await person("member")).moderation.report({
            targetKind: "comment",
            targetId: first.id,
            reason: "abusive",
            note: "Rude",
          }),
      ],
      [
        "second report",
        async () =>
          as(await person("member")).moderation.report({
            targetKind: "comment",
            targetId: first.id,
            reason: "spam",
            note: "",
          }),
      ],
      [
        "other item",
        async () =>
          as(await person("member")).moderation.report({
            targetKind: "comment",
            targetId: second.id,
            reason: "spam",
            note: "",
          }),
      ],
      [
        "dismiss",
        () => as(moderator).moderation.dismiss({ targetKind: "comment", targetId: second.id, reason: "Fine" }),
      ],
      [
        "suspend",
        () => as(moderator).moderation.suspend({ accountId: writer.account.id, days: 3, reason: "Cool off" }),
      ],
      ["lift", () => as(moderator).moderation.lift({ accountId: writer.account.id, reason: "Done" })],
      ["hide", () => as(moderator).moderation.hide({ targetKind: "comment", targetId: first.id, reason: "Rude" })],
      [
        "held post",
        async () => {
          const topic = await as(await person("researcher")).topics.create({ forumId, title: "Open", body: "Yes." });
          await as(admin).admin.setHoldSettings({
            forumId,
            newAccountDays: 3,
            holdBlockedWords: false,
            holdLinks: false,
          });
          try {
            const newcomer = await person("researcher");
            await as(newcomer).comments.add({ threadId: topic.threadId, stance: "support", body: "First post." });
          } finally {
            await services.deps.db.delete(forumHoldSettings).where(eq(forumHoldSettings.forumId, forumId));
          }
        },
      ],
    ];
    for (const [name, act] of steps) {
      const from = services.deps.publisher.published.length;
      await act();
      const events = services.deps.publisher.published
        .slice(from)
        .filter((e): e is LiveEvent => e.stream === "moderation");
      expect(events.length, name).toBeGreaterThan(0);
      let newest = held.newest;
      let most = heldMost;
      for (const event of events) {
        const a = applyQueueEvent(newest, "newest", event);
        const b = applyQueueEvent(most, "most_reported", event);
        expect([a.refetch, b.refetch], name).toEqual([false, false]);
        newest = a.view;
        most = b.view;
      }
      const [nextNewest, nextMost] = [
        await as(moderator).moderation.queue({ order: "newest" }),
        await as(moderator).moderation.queue({ order: "most_reported" }),
      ];
      expect(newest, name).toEqual(nextNewest);
      expect(most, name).toEqual(nextMost);
      held = { newest };
      heldMost = most;
    }
    // The queue did change along the way: the hidden comment is gone, the held post waits.
    expect(held.newest.items.some((e) => e.targetId === first.id)).toBe(false);
    expect(held.newest.items.some((e) => e.held)).toBe(true);
  });
});
