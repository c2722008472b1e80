import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { comments, forumHoldSettings, reports, threads } from "@/db/schema";
import type { LiveEvent } from "@/server/events/contract";
import { applyQueueEvent, type QueueView } from "@/app/lib/live/moderation-queue";
import { maxQueueEntries } from "./rules/moderation";
import { announceRename } from "./queue-outside-changes";
import { updateProfile } from "@/server/features/accounts/profile";
import { lockStreamHead } from "@/server/infra/transact";
import { streamKey } from "@/server/domain/stream-access";
import { queryRows } from "@/db/sql";
import { proposalInput, startProject } from "@/server/testing/projects";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  regionIdsByCode,
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
const queueIn = (order: "newest" | "most_reported") => as(moderator).moderation.queue({ order });

/**
 * Runs each step from the queue a moderator holds in either order: every event it publishes on the
 * moderation stream, applied without asking for a read, gives what moderation.queue reads next.
 */
async function expectEachAppliedEqualsRead(
  fromNewest: QueueView,
  fromMost: QueueView,
  steps: [string, () => Promise<unknown>][],
  check?: (name: string, events: LiveEvent[], newest: QueueView) => void,
) {
  let [newest, most] = [fromNewest, fromMost];
  for (const [name, act] of steps) {
    const from = services.deps.publisher.published.length;
    await act();
    const events = services.deps.publisher.published
      .slice(from)
      .filter((e): e is LiveEvent => e.stream === "moderation");
    expect(events.length, name).toBeGreaterThan(0);
    for (const event of events) {
      const a = applyQueueEvent(newest, "newest", event);
      const b = applyQueueEvent(most, "most_reported", event);
      expect([a.refetch, b.refetch], name).toEqual([false, false]);
      newest = a.view;
      most = b.view;
    }
    expect(newest, name).toEqual(await queueIn("newest"));
    expect(most, name).toEqual(await queueIn("most_reported"));
    check?.(name, events, newest);
  }
}
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
    const heldMost = await as(moderator).moderation.queue({ order: "most_reported" });
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
    await expectEachAppliedEqualsRead(held.newest, heldMost, steps);
    held = { newest: await as(moderator).moderation.queue({ order: "newest" }) };
    // The queue did change along the way: the hidden comment is gone, the held post waits.
    expect(held.newest.items.some((e) => e.targetId === first.id)).toBe(false);
    expect(held.newest.items.some((e) => e.held)).toBe(true);
  });
});

describe("[LIVE] moderator actions that close no entry still reach the queue", () => {
  it("hide, restore, lock, unlock, move and approve: the author's history and the entries showing the item", async () => {
    const writer = await person("researcher");
    const forums = await callerFor(services.deps, null).forums.list();
    const topic = await as(writer).topics.create({ forumId, title: "The writer's topic", body: "Opening." });
    const reported = await as(writer).comments.add({ threadId: topic.threadId, stance: "concern", body: "Reported." });
    const next = await as(writer).comments.add({ threadId: topic.threadId, stance: "support", body: "Next to it." });
    await as(await person("member")).moderation.report({
      targetKind: "comment",
      targetId: reported.id,
      reason: "abusive",
      note: "",
    });
    const entryOf = (view: QueueView) => view.items.find((e) => e.key === `comment:${reported.id}`);
    let heldId = 0;
    const steps: [string, () => Promise<unknown>][] = [
      [
        "hide a comment without reports",
        () => as(moderator).moderation.hide({ targetKind: "comment", targetId: next.id, reason: "Off topic" }),
      ],
      [
        "restore it",
        () => as(moderator).moderation.restore({ targetKind: "comment", targetId: next.id, reason: "On reflection" }),
      ],
      ["lock", () => as(moderator).moderation.lock({ threadId: topic.threadId, locked: true, reason: "Heated" })],
      ["unlock", () => as(moderator).moderation.lock({ threadId: topic.threadId, locked: false, reason: "Calm" })],
      [
        "move",
        () => as(moderator).moderation.move({ topicId: topic.id, forumId: forums[1]!.id, reason: "Belongs there" }),
      ],
      ["hide the topic", () => as(moderator).moderation.hide({ targetKind: "topic", targetId: topic.id, reason: "x" })],
      [
        "restore the topic",
        () => as(moderator).moderation.restore({ targetKind: "topic", targetId: topic.id, reason: "y" }),
      ],
      [
        "a held post",
        async () => {
          await as(admin).admin.setHoldSettings({
            forumId: forums[1]!.id,
            newAccountDays: 3,
            holdBlockedWords: false,
            holdLinks: false,
          });
          try {
            const newcomer = await person("researcher");
            heldId = (await as(newcomer).comments.add({ threadId: topic.threadId, stance: "support", body: "Held." }))
              .id;
          } finally {
            await services.deps.db.delete(forumHoldSettings).where(eq(forumHoldSettings.forumId, forums[1]!.id));
          }
        },
      ],
      [
        "approve it",
        () => as(moderator).moderation.restore({ targetKind: "comment", targetId: heldId, reason: "Fine" }),
      ],
      [
        "an admin makes the writer a moderator",
        () => as(admin).admin.updateAccount({ accountId: writer.account.id, role: "moderator", reason: "Trusted" }),
      ],
    ];
    const seen: Record<string, { types: string[]; entry: ReturnType<typeof entryOf> }> = {};
    await expectEachAppliedEqualsRead(await queueIn("newest"), await queueIn("most_reported"), steps, (name, e, v) => {
      seen[name] = { types: e.map((x) => x.type), entry: entryOf(v) };
    });
    // What the queue shows did change at each step, and the actions without reports said so.
    expect(seen["hide a comment without reports"]?.types).toEqual(["queue:changed"]);
    const afterHide = seen["hide a comment without reports"]!.entry!;
    expect(afterHide.author?.history.actions[0]).toMatchObject({ action: "hide", targetId: next.id });
    expect(afterHide.context.entries.find((c) => c.id === next.id)?.state).toBe("hidden");
    expect(seen["restore it"]!.entry!.context.entries.find((c) => c.id === next.id)?.state).toBe("visible");
    expect(seen["lock"]?.types).toEqual(["queue:changed"]);
    expect(seen["lock"]!.entry!.author?.history.actions[0]).toMatchObject({ action: "lock" });
    expect(seen["unlock"]!.entry!.author?.history.actions[0]).toMatchObject({ action: "unlock" });
    expect(seen["move"]!.entry!.context.where).toContain(forums[1]!.titleEn);
    expect(seen["hide the topic"]!.entry!.author?.history.actions[0]).toMatchObject({
      action: "hide",
      targetType: "topic",
    });
    expect(seen["approve it"]?.types).toContain("queue:resolved");
    expect(seen["approve it"]!.entry!.context.entries.find((c) => c.id === heldId)?.state).toBe("visible");
    expect(seen["an admin makes the writer a moderator"]!.entry!.author?.role).toBe("moderator");
  });

  it("an entry leaving a full queue: the order's last entry fills its place", async () => {
    const writer = await person("researcher");
    const topic = await as(writer).topics.create({ forumId, title: "Many reported", body: "Opening." });
    const [first, second] = [await person("member"), await person("member")];
    const base = Date.UTC(2026, 0, 1);
    // Enough open entries to fill the queue, written directly: the held queue starts from a read.
    const rows = await services.deps.db
      .insert(comments)
      .values(
        Array.from({ length: maxQueueEntries + 4 }, (_, i) => ({
          threadId: topic.threadId,
          authorId: writer.account.id,
          authorRegionId: writer.account.regionId,
          body: `Comment ${i}`,
          bodyHtml: `<p>Comment ${i}</p>`,
          createdAt: new Date(base + i * 60_000),
        })),
      )
      .returning({ id: comments.id });
    await services.deps.db.insert(reports).values(
      rows.flatMap((row, i) =>
        [first, ...(i % 3 === 0 ? [second] : [])].map((by) => ({
          targetKind: "comment" as const,
          targetId: row.id,
          targetAuthorId: writer.account.id,
          reporterId: by.account.id,
          reason: "spam" as const,
          createdAt: new Date(base + i * 60_000 + 1000),
        })),
      ),
    );
    const newest = await queueIn("newest");
    const most = await queueIn("most_reported");
    expect(newest.items).toHaveLength(maxQueueEntries);
    const shown = (i: number) => newest.items[i]!.targetId;
    const [dismissed, hidden] = [shown(3), shown(maxQueueEntries - 1)];
    await expectEachAppliedEqualsRead(newest, most, [
      ["dismiss", () => as(moderator).moderation.dismiss({ targetKind: "comment", targetId: dismissed, reason: "ok" })],
      ["hide the last", () => as(moderator).moderation.hide({ targetKind: "comment", targetId: hidden, reason: "x" })],
    ]);
    // Six reads of a full queue in both orders, each entry with its context: slow on a busy machine.
  }, 120_000);
});

describe("[LIVE] changes people make outside moderation reach the queue", () => {
  const rename = (who: TestAccount, displayName: string) =>
    as(who).account.updateProfile({ displayName, organisation: who.account.organisation, locale: "en" });

  it("edits, withdrawals, new comments, new names and a project's edit: each applied equals the next read", async () => {
    const [writer, neighbour, proposer] = [
      await person("researcher"),
      await person("researcher"),
      await person("researcher"),
    ];
    const reporter = await person("member");
    const actor = await createTestAccount(services.deps.db, { role: "moderator" });
    const topic = await as(writer).topics.create({ forumId, title: "Edited under review", body: "Opening." });
    const reported = await as(writer).comments.add({ threadId: topic.threadId, stance: "concern", body: "Harsh." });
    const next = await as(neighbour).comments.add({ threadId: topic.threadId, stance: "support", body: "Agreed." });
    const report = (targetKind: "comment" | "topic" | "project", targetId: number) =>
      as(reporter).moderation.report({ targetKind, targetId, reason: "abusive", note: "" });
    await report("comment", reported.id);
    await report("topic", topic.id);
    // The moderator who will rename shows in the writer's history.
    const aside = await commentBy(writer);
    await as(actor).moderation.hide({ targetKind: "comment", targetId: aside.id, reason: "Off topic" });
    const project = await startProject(services.deps, proposer, proposalInput(await regionIdsByCode(services.deps.db)));
    await report("project", project.id);
    const projectComment = await as(neighbour).comments.add({
      threadId: project.threadId,
      stance: "concern",
      body: "On the project.",
    });
    await report("comment", projectComment.id);

    let added = 0;
    const steps: [string, () => Promise<unknown>][] = [
      [
        "the writer edits the reported comment",
        () => as(writer).comments.edit({ commentId: reported.id, stance: "concern", body: "Softer now." }),
      ],
      [
        "a new comment lands in its context",
        async () => {
          added = (await as(neighbour).comments.add({ threadId: topic.threadId, stance: "support", body: "Late." })).id;
        },
      ],
      [
        "a neighbour edits a comment its context shows",
        () => as(neighbour).comments.edit({ commentId: next.id, stance: "support", body: "Agreed, edited." }),
      ],
      ["the neighbour withdraws it", () => as(neighbour).comments.withdraw({ commentId: next.id })],
      ["the writer renames", () => rename(writer, "Writer renamed")],
      ["the neighbour renames", () => rename(neighbour, "Neighbour renamed")],
      ["the reporter renames", () => rename(reporter, "Reporter renamed")],
      ["the moderator in the writer's history renames", () => rename(actor, "Moderator renamed")],
      [
        "the proposer edits the reported project's title and text",
        () =>
          as(proposer).projects.update({ projectId: project.id, title: "A retitled pilot line", body: "New plan." }),
      ],
      ["the writer withdraws the reported comment", () => as(writer).comments.withdraw({ commentId: reported.id })],
    ];
    const seen: Record<string, { types: string[]; view: QueueView }> = {};
    await expectEachAppliedEqualsRead(await queueIn("newest"), await queueIn("most_reported"), steps, (name, e, v) => {
      seen[name] = { types: e.map((x) => x.type), view: v };
    });
    for (const [name, { types }] of Object.entries(seen)) expect(types, name).toEqual(["queue:entries"]);
    const entry = (name: string, key: string) => seen[name]!.view.items.find((e) => e.key === key)!;
    const [commentKey, topicKey] = [`comment:${reported.id}`, `topic:${topic.id}`];
    // What the queue shows did change at each step.
    expect(entry("the writer edits the reported comment", commentKey).item.bodyHtml).toContain("Softer now.");
    const contextIds = (name: string, key: string) => entry(name, key).context.entries.map((c) => c.id);
    expect(contextIds("a new comment lands in its context", commentKey)).toContain(added);
    expect(contextIds("a new comment lands in its context", topicKey)).toContain(added);
    const nextIn = (name: string) => entry(name, commentKey).context.entries.find((c) => c.id === next.id)!;
    expect(nextIn("a neighbour edits a comment its context shows").bodyHtml).toContain("Agreed, edited.");
    expect(nextIn("the neighbour withdraws it").state).toBe("withdrawn");
    expect(entry("the writer renames", topicKey).author?.displayName).toBe("Writer renamed");
    expect(nextIn("the neighbour renames").authorName).toBe("Neighbour renamed");
    expect(entry("the reporter renames", commentKey).reports[0]?.reporterName).toBe("Reporter renamed");
    expect(entry("the moderator in the writer's history renames", commentKey).author?.history.actions[0]).toMatchObject(
      { targetId: aside.id, actorName: "Moderator renamed" },
    );
    const projectNamed = "the proposer edits the reported project's title and text";
    expect(entry(projectNamed, `project:${project.id}`).item).toMatchObject({ title: "A retitled pilot line" });
    expect(entry(projectNamed, `comment:${projectComment.id}`).context.where).toBe("A retitled pilot line");
    expect(entry("the writer withdraws the reported comment", commentKey).item).toMatchObject({
      state: "withdrawn",
    });
  }, 120_000);

  it("a withdrawal while a report in its thread is being filed waits for it, then tells the queue", async () => {
    const writer = await person("researcher");
    const reporter = await person("member");
    const comment = await commentBy(writer);
    const from = services.deps.publisher.published.length;
    let withdrawal: Promise<unknown> = Promise.resolve();
    let settled = false;
    // The report's first step: its thread's row for update (fileReport), then the report row. (A new or
    // edited comment holds that row anyway: it counts the thread's activity.)
    await services.deps.db.transaction(async (tx) => {
      await tx.select().from(threads).where(eq(threads.id, comment.threadId)).for("update");
      withdrawal = as(writer)
        .comments.withdraw({ commentId: comment.id })
        .finally(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(settled).toBe(false);
      await tx.insert(reports).values({
        targetKind: "comment",
        targetId: comment.id,
        targetAuthorId: writer.account.id,
        reporterId: reporter.account.id,
        reason: "spam",
      });
    });
    await withdrawal;
    const events = services.deps.publisher.published.slice(from).filter((e) => e.stream === "moderation");
    expect(events.map((e) => e.type)).toEqual(["queue:entries"]);
    const [entry] = (events[0]!.payload as { entries: { key: string; item: { state: string } }[] }).entries;
    expect(entry).toMatchObject({ key: `comment:${comment.id}`, item: { state: "withdrawn" } });
  });

  it("a rename while a report whose entry names the person is being filed: the queue ends on the new name", async () => {
    const [writer, neighbour, reporter] = [
      await person("researcher"),
      await person("researcher"),
      await person("member"),
    ];
    const comment = await commentBy(writer);
    // The neighbour's reply shows in the reported comment's context, with their name.
    const reply = await as(neighbour).comments.add({ threadId: comment.threadId, stance: "support", body: "Agreed." });
    const held = await queueIn("newest");
    const from = services.deps.publisher.published.length;
    const concurrent = Boolean(process.env.DATABASE_URL);
    const fileReport = () =>
      as(reporter).moderation.report({ targetKind: "comment", targetId: comment.id, reason: "abusive", note: "" });
    let report: Promise<unknown> = Promise.resolve();
    // Holds the reporter's own stream, the report's last step: the report stops there, its entry read
    // and its moderation event written, uncommitted.
    // (PGlite runs one transaction at a time: there the steps run one after the other.)
    let releaseReporterStream = () => {};
    const reporterStream = concurrent
      ? services.deps.db.transaction(async (tx) => {
          await lockStreamHead(tx, streamKey({ kind: "user", id: reporter.account.id }));
          await new Promise<void>((resolve) => (releaseReporterStream = resolve));
        })
      : Promise.resolve();
    await updateProfile(
      services.deps,
      neighbour.user,
      { displayName: "Renamed mid-report", organisation: neighbour.account.organisation, locale: "en" },
      // The new name is written, uncommitted: the report is filed now, then the rename looks for entries naming it.
      async (tx, emit, accountId) => {
        if (concurrent) {
          report = fileReport();
          await untilWaitingOnLocks(1);
        }
        const check = announceRename(tx, emit, accountId);
        // Either the rename has looked (and missed the report), or it waits for the report to commit.
        if (concurrent) await Promise.race([check, untilWaitingOnLocks(2)]);
        releaseReporterStream();
        await check;
      },
    );
    releaseReporterStream();
    await reporterStream;
    if (!concurrent) report = fileReport();
    await report;
    const view = appliedSince(held, from);
    const next = await queueIn("newest");
    const replyIn = (queue: QueueView) =>
      queue.items.find((e) => e.key === `comment:${comment.id}`)?.context.entries.find((c) => c.id === reply.id);
    expect(replyIn(next)?.authorName).toBe("Renamed mid-report");
    expect(replyIn(view)?.authorName).toBe("Renamed mid-report");
    expect(view).toEqual(next);
  });

  it("a moderator hides a reported comment while its writer renames: the queue follows both", async () => {
    const [writer, reporter] = [await person("researcher"), await person("member")];
    const comment = await commentBy(writer);
    await as(reporter).moderation.report({ targetKind: "comment", targetId: comment.id, reason: "abusive", note: "" });
    const held = await queueIn("newest");
    const from = services.deps.publisher.published.length;
    const hide = () => as(moderator).moderation.hide({ targetKind: "comment", targetId: comment.id, reason: "Rude" });
    let hidden: Promise<unknown> = Promise.resolve();
    await updateProfile(
      services.deps,
      writer.user,
      { displayName: "Renamed mid-hide", organisation: writer.account.organisation, locale: "en" },
      // The writer's row is held: the hide takes the queue's head, then records its action on the writer.
      async (tx, emit, accountId) => {
        if (process.env.DATABASE_URL) {
          hidden = hide();
          await Promise.race([hidden, untilWaitingOnLocks(1)]);
        }
        await announceRename(tx, emit, accountId);
      },
    );
    if (!process.env.DATABASE_URL) hidden = hide();
    await hidden;
    const view = appliedSince(held, from);
    expect(view).toEqual(await queueIn("newest"));
  });

  it("a change no open entry shows writes no moderation event", async () => {
    const writer = await person("researcher");
    const moderationEvents = async (act: () => Promise<unknown>) => {
      const from = services.deps.publisher.published.length;
      await act();
      return services.deps.publisher.published.slice(from).filter((e) => e.stream === "moderation");
    };
    // A thread without entries: an edit of an unreported comment.
    const quiet = await commentBy(writer);
    expect(
      await moderationEvents(() =>
        as(writer).comments.edit({ commentId: quiet.id, stance: "concern", body: "Again." }),
      ),
    ).toEqual([]);
    // A thread with an entry whose context shows its comment and the two after it: a fourth is shown nowhere.
    const reported = await commentBy(writer);
    await as(await person("member")).moderation.report({
      targetKind: "comment",
      targetId: reported.id,
      reason: "spam",
      note: "",
    });
    const threadId = (await services.deps.db.select().from(comments).where(eq(comments.id, reported.id)))[0]!.threadId;
    const add = (body: string) => as(writer).comments.add({ threadId, stance: "support", body });
    for (const body of ["One.", "Two."]) expect(await moderationEvents(() => add(body)), body).toHaveLength(1);
    expect(await moderationEvents(() => add("Three."))).toEqual([]);
    // A person no entry names renames.
    const stranger = await person("researcher");
    await as(stranger).topics.create({ forumId, title: "Nothing reported", body: "Calm." });
    expect(await moderationEvents(() => rename(stranger, "Stranger renamed"))).toEqual([]);
  });
});

// PGlite runs one transaction at a time, so two transactions there never hold locks together: no deadlock to test.
describe.skipIf(!process.env.DATABASE_URL)("[PG] a rename racing a moderator's hide of the renamer's comment", () => {
  // Both sides lock the same two things: the writer's account row (the rename takes it for no key update,
  // the hide's moderation_actions row references it) and the moderation stream's head. Under the old order
  // (the account taken for update) each waited for the other and PostgreSQL broke the deadlock with 40P01,
  // which transact retried silently; these overlaps run in both orders and count the retries.
  async function race() {
    const [writer, reporter] = [await person("researcher"), await person("member")];
    const comment = await commentBy(writer);
    await as(reporter).moderation.report({ targetKind: "comment", targetId: comment.id, reason: "abusive", note: "" });
    const retries: [string, number][] = [];
    const deps = {
      ...services.deps,
      onTransactionRetry: (state: string, attempt: number) => retries.push([state, attempt]),
    };
    const held = await queueIn("newest");
    const from = services.deps.publisher.published.length;
    const hide = () =>
      callerFor(deps, moderator.user).moderation.hide({ targetKind: "comment", targetId: comment.id, reason: "Rude" });
    const input = {
      displayName: `Renamed ${writer.account.id}`,
      organisation: writer.account.organisation,
      locale: "en" as const,
    };
    const settled = async (done: Promise<unknown>) => {
      await done;
      const [row] = await services.deps.db.select().from(comments).where(eq(comments.id, comment.id));
      expect(row?.state).toBe("hidden");
      expect((await callerFor(deps, writer.user).account.me())?.displayName).toBe(input.displayName);
      expect(retries).toEqual([]);
      expect(appliedSince(held, from)).toEqual(await queueIn("newest"));
    };
    return { deps, writer, reporter, hide, input, settled };
  }

  it("the rename holds the account row when the hide starts: both commit, no deadlock retried", async () => {
    const { deps, writer, hide, input, settled } = await race();
    let hidden: Promise<unknown> | undefined;
    const renamed = updateProfile(deps, writer.user, input, async (tx, emit, accountId) => {
      // First attempt only: a retried rename (the old order) must not start a second hide.
      if (!hidden) {
        hidden = hide();
        // The hide either commits (it does not need the account row) or is seen waiting for it.
        await Promise.race([hidden, untilWaitingOnLocks(1, hidden)]);
      }
      await announceRename(tx, emit, accountId);
    });
    await settled(renamed.then(() => hidden));
  });

  it("the hide holds the moderation head when the rename starts: both commit, no deadlock retried", async () => {
    const { deps, writer, reporter, hide, input, settled } = await race();
    // Holds the reporter's own stream: the hide stops there, the queue's head taken, before it records its action.
    let [locked, release] = [() => {}, () => {}];
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const reporterStream = services.deps.db.transaction(async (tx) => {
      await lockStreamHead(tx, streamKey({ kind: "user", id: reporter.account.id }));
      locked();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await isLocked;
    const hidden = hide();
    await untilWaitingOnLocks(1);
    // The rename takes the account row, then waits for the queue's head the hide holds.
    const renamed = callerFor(deps, writer.user).account.updateProfile(input);
    await untilWaitingOnLocks(2);
    release();
    await reporterStream;
    await settled(Promise.all([hidden, renamed]));
  });
});

/**
 * Until `count` sessions of the test database wait on a lock (a step that must wait, seen waiting), or
 * `done` settles (the step did not wait): the polling then stops rather than outlive the test.
 */
async function untilWaitingOnLocks(count: number, done?: Promise<unknown>) {
  let over = false;
  done?.then(
    () => (over = true),
    () => (over = true),
  );
  while (!over) {
    const [row] = await queryRows<{ n: number }>(
      services.deps.db,
      sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
    );
    if ((row?.n ?? 0) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** `held` with the moderation stream's events published since `from` applied, in seq order. */
function appliedSince(held: QueueView, from: number): QueueView {
  return services.deps.publisher.published
    .slice(from)
    .filter((e): e is LiveEvent => e.stream === "moderation")
    .sort((a, b) => a.seq - b.seq)
    .reduce((view, event) => applyQueueEvent(view, "newest", event).view, held);
}
