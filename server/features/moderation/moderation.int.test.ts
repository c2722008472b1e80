import { streamVisibleTo } from "@/server/features/access";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, sql } from "drizzle-orm";
import pino from "pino";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import {
  accounts,
  auditEntries,
  comments,
  events,
  forumHoldSettings,
  moderationActions,
  notifications,
  reports,
  threads,
  topics,
  type Role,
} from "@/db/schema";
import { loadSessionUser } from "@/server/infra/auth/session";
import type { ClientToServerEvents, ServerToClientEvents } from "@/server/infra/realtime/events";
import { createRealtime, type Realtime } from "@/server/infra/realtime/io";
import { authenticate } from "@/server/features/accounts/authenticate";
import type { ServiceDeps } from "@/server/infra/deps";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  sessionClaimsOf,
  sessionCookieOf,
  type TestAccount,
  type TestServices,
} from "@/server/testing/fixtures";
import { callFailure } from "@/server/testing/trpc-errors";

let services: TestServices;
let forumId: number;
let otherForumId: number;
let researcher: TestAccount;
let member: TestAccount;
let moderator: TestAccount;
let moderator2: TestAccount;
let admin: TestAccount;

beforeAll(async () => {
  services = await createTestServices();
  const db = services.deps.db;
  const forums = await callerFor(services.deps, null).forums.list();
  forumId = forums[0]!.id;
  otherForumId = forums[1]!.id;
  researcher = await createTestAccount(db, { role: "researcher", displayName: "Author Researcher" });
  member = await createTestAccount(db, { role: "member", displayName: "Reporting Member" });
  moderator = await createTestAccount(db, { role: "moderator", displayName: "Mod One" });
  moderator2 = await createTestAccount(db, { role: "moderator", displayName: "Mod Two" });
  admin = await createTestAccount(db, { role: "admin", displayName: "Admin One" });
});
afterAll(async () => {
  await services?.close();
});

const as = (who: TestAccount | null, deps: ServiceDeps = services.deps) => callerFor(deps, who?.user ?? null);

/** Fresh authors by default: the posting limits (topics an hour, comments a minute) apply per person. */
const freshResearcher = () => createTestAccount(services.deps.db, { role: "researcher" });

async function newTopic(author?: TestAccount) {
  const by = author ?? (await freshResearcher());
  return as(by).topics.create({
    forumId,
    title: `Topic ${Math.random().toString(36).slice(2)}`,
    body: "A reasonable opening post.",
  });
}

async function newComment(author?: TestAccount, body = "An intemperate remark.") {
  const by = author ?? (await freshResearcher());
  const topic = await newTopic();
  const comment = await as(by).comments.add({ threadId: topic.threadId, stance: "concern", body });
  return { topic, comment, author: by };
}

async function auditCount(action: string, targetType: string, targetId: number | string) {
  const rows = await services.deps.db
    .select({ id: auditEntries.id })
    .from(auditEntries)
    .where(
      and(
        eq(auditEntries.action, action),
        eq(auditEntries.targetType, targetType),
        eq(auditEntries.targetId, String(targetId)),
      ),
    );
  return rows.length;
}

describe("reports", () => {
  it("lets any signed-in person report an item once, and tells moderators live", async () => {
    const { comment, author } = await newComment();
    const before = services.deps.publisher.published.length;
    const report = await as(member).moderation.report({
      targetKind: "comment",
      targetId: comment.id,
      reason: "abusive",
      note: "Personal attack",
    });
    expect(report.status).toBe("open");
    const published = services.deps.publisher.published.slice(before);
    expect(published.map((e) => `${e.stream} ${e.type}`)).toContain("moderation report:filed");
    expect(
      await callFailure(
        as(member).moderation.report({ targetKind: "comment", targetId: comment.id, reason: "spam", note: "" }),
      ),
    ).toMatchObject({ code: "CONFLICT", reason: "ALREADY_REPORTED" });
    expect(
      await callFailure(
        as(author).moderation.report({ targetKind: "comment", targetId: comment.id, reason: "spam", note: "" }),
      ),
    ).toMatchObject({ reason: "CANNOT_REPORT_OWN" });
    expect(
      await callFailure(
        as(null).moderation.report({ targetKind: "comment", targetId: comment.id, reason: "spam", note: "" }),
      ),
    ).toMatchObject({ code: "UNAUTHORIZED" });
    const mine = await as(member).moderation.myReports();
    expect(mine.find((r) => r.id === report.id)).toMatchObject({ status: "open", resolution: null });
  });

  it("groups open reports by item in the queue, with context and the author's history", async () => {
    const { comment } = await newComment(researcher, "Reported twice.");
    const other = await createTestAccount(services.deps.db, { role: "researcher" });
    await as(member).moderation.report({ targetKind: "comment", targetId: comment.id, reason: "abusive", note: "" });
    await as(other).moderation.report({ targetKind: "comment", targetId: comment.id, reason: "off_topic", note: "" });
    const queue = await as(moderator).moderation.queue({ order: "most_reported" });
    const group = queue.items.find((i) => i.key === `comment:${comment.id}`);
    expect(group).toMatchObject({ count: 2, reasons: { abusive: 1, off_topic: 1 }, held: false });
    expect(group!.item.bodyHtml).toContain("Reported twice.");
    expect(group!.context.entries.some((e) => e.isTarget)).toBe(true);
    expect(group!.author).toMatchObject({ id: researcher.account.id, displayName: "Author Researcher" });
    expect(queue.items[0]!.count).toBeGreaterThanOrEqual(group!.count);
  });
});

describe("hide, restore and dismiss", () => {
  it("hides an item: others see the reason, the author still sees their text, reporters learn the outcome", async () => {
    const { topic, comment, author } = await newComment();
    const report = await as(member).moderation.report({
      targetKind: "comment",
      targetId: comment.id,
      reason: "abusive",
      note: "",
    });
    const before = services.deps.publisher.published.length;
    await as(moderator).moderation.hide({ targetKind: "comment", targetId: comment.id, reason: "Personal attack" });
    const published = services.deps.publisher.published.slice(before).map((e) => `${e.stream} ${e.type}`);
    expect(published).toContain(`topic:${topic.id} comment:hidden`);
    expect(published).toContain(`user:${member.account.id} report:resolved`);

    const seenByOthers = (await as(member).comments.list({ threadId: topic.threadId })).items.find(
      (c) => c.id === comment.id,
    )!;
    expect(seenByOthers).toMatchObject({ state: "hidden", hiddenReason: "Personal attack", bodyHtml: null });
    const seenByAuthor = (await as(author).comments.list({ threadId: topic.threadId })).items.find(
      (c) => c.id === comment.id,
    )!;
    expect(seenByAuthor.bodyHtml).toContain("intemperate");
    expect((await as(member).moderation.myReports()).find((r) => r.id === report.id)).toMatchObject({
      status: "actioned",
      resolution: "hidden: Personal attack",
    });
    expect(await auditCount("moderation.hide", "comment", comment.id)).toBe(1);

    await as(moderator2).moderation.restore({
      targetKind: "comment",
      targetId: comment.id,
      reason: "On reflection, fair comment",
    });
    const restored = (await as(member).comments.list({ threadId: topic.threadId })).items.find(
      (c) => c.id === comment.id,
    )!;
    expect(restored).toMatchObject({ state: "visible", hiddenReason: null });
    expect(await auditCount("moderation.restore", "comment", comment.id)).toBe(1);
  });

  it("dismisses reports without touching the item", async () => {
    const { comment } = await newComment();
    await as(member).moderation.report({ targetKind: "comment", targetId: comment.id, reason: "spam", note: "" });
    const result = await as(moderator).moderation.dismiss({
      targetKind: "comment",
      targetId: comment.id,
      reason: "Not spam",
    });
    expect(result.dismissed).toBe(1);
    const [row] = await services.deps.db.select().from(comments).where(eq(comments.id, comment.id));
    expect(row!.state).toBe("visible");
    expect(
      await callFailure(
        as(moderator).moderation.dismiss({ targetKind: "comment", targetId: comment.id, reason: "again" }),
      ),
    ).toMatchObject({ reason: "NOTHING_TO_RESOLVE" });
  });

  it("hides a topic and a project from lists and pages, showing the reason", async () => {
    const writer = await freshResearcher();
    const topic = await newTopic(writer);
    await as(moderator).moderation.hide({ targetKind: "topic", targetId: topic.id, reason: "Confidential figures" });
    const page = await as(member).topics.byId({ topicId: topic.id });
    expect(page).toMatchObject({ state: "hidden", hiddenReason: "Confidential figures", title: "", bodyHtml: "" });
    expect((await as(writer).topics.byId({ topicId: topic.id })).bodyHtml).toContain("reasonable");
    const list = await as(member).topics.list({ forumId });
    expect(list.items.some((t) => t.id === topic.id)).toBe(false);
  });

  it("[LIVE] a hidden topic leaves the forum's stream as its id; restored, it returns as its list row", async () => {
    const writer = await freshResearcher();
    const topic = await newTopic(writer);
    const stream = `forum:${forumId}`;
    const from = services.deps.publisher.published.length;
    const onForum = () => services.deps.publisher.published.slice(from).filter((e) => e.stream === stream);
    await as(moderator).moderation.hide({ targetKind: "topic", targetId: topic.id, reason: "Confidential figures" });
    // The forum's followers may be signed out: the hidden topic's title and text go to none of them.
    expect(onForum().map((e) => [e.type, e.payload])).toEqual([
      [
        "topic:hidden",
        {
          targetKind: "topic",
          targetId: topic.id,
          reason: "Confidential figures",
          stancePicture: (await as(null).forums.stancePicture({ forumId })).regions,
        },
      ],
    ]);
    await as(moderator).moderation.restore({ targetKind: "topic", targetId: topic.id, reason: "Figures are public" });
    const restored = onForum()[1]!;
    expect(restored.type).toBe("topic:restored");
    // The row equals what the list, read next by someone signed out, shows.
    const row = (await as(null).topics.list({ forumId })).items.find((t) => t.id === topic.id)!;
    const forum = (await as(null).forums.list()).find((f) => f.id === forumId)!;
    expect(restored.payload).toEqual({
      targetKind: "topic",
      targetId: topic.id,
      stancePicture: (await as(null).forums.stancePicture({ forumId })).regions,
      topic: {
        ...row,
        createdAt: row.createdAt.toISOString(),
        lastActivityAt: row.lastActivityAt.toISOString(),
        forum: { slug: forum.slug, titleZh: forum.titleZh, titleEn: forum.titleEn },
      },
    });
  });

  it("refuses a moderator acting on their own content", async () => {
    const own = await newTopic(admin);
    expect(
      await callFailure(as(admin).moderation.hide({ targetKind: "topic", targetId: own.id, reason: "x" })),
    ).toMatchObject({ code: "FORBIDDEN", reason: "OWN_CONTENT" });
    expect(
      await callFailure(as(admin).moderation.lock({ threadId: own.threadId, locked: true, reason: "x" })),
    ).toMatchObject({ code: "FORBIDDEN", reason: "OWN_CONTENT" });
    expect(
      await callFailure(as(admin).moderation.move({ topicId: own.id, forumId: otherForumId, reason: "x" })),
    ).toMatchObject({ reason: "OWN_CONTENT" });
    await as(moderator).moderation.hide({ targetKind: "topic", targetId: own.id, reason: "Another moderator may" });
  });
});

describe("lock and move", () => {
  it("locks a thread against new comments and unlocks it", async () => {
    const topic = await newTopic();
    await as(moderator).moderation.lock({ threadId: topic.threadId, locked: true, reason: "Cooling off" });
    const writer = await freshResearcher();
    expect(
      await callFailure(as(writer).comments.add({ threadId: topic.threadId, stance: "support", body: "late" })),
    ).toMatchObject({ reason: "THREAD_LOCKED" });
    await as(moderator).moderation.lock({ threadId: topic.threadId, locked: false, reason: "Resumed" });
    await as(writer).comments.add({ threadId: topic.threadId, stance: "support", body: "after" });
    expect(await auditCount("moderation.lock", "thread", topic.threadId)).toBe(1);
    expect(await auditCount("moderation.unlock", "thread", topic.threadId)).toBe(1);
  });

  it("moves a topic to another forum", async () => {
    const topic = await newTopic();
    const moved = await as(moderator).moderation.move({
      topicId: topic.id,
      forumId: otherForumId,
      reason: "Belongs there",
    });
    expect(moved.forumId).toBe(otherForumId);
    const [row] = await services.deps.db.select().from(topics).where(eq(topics.id, topic.id));
    expect(row!.forumId).toBe(otherForumId);
    const [audit] = await services.deps.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.action, "moderation.move"), eq(auditEntries.targetId, String(topic.id))));
    expect(audit).toMatchObject({
      before: { forumId },
      after: { forumId: otherForumId },
      reason: "Belongs there",
      actorId: moderator.account.id,
    });
  });
});

describe("every moderation procedure against every role", () => {
  type Who = "signed-out" | Role;
  const roles: Who[] = ["signed-out", "member", "researcher", "moderator", "admin"];
  const allowed = new Set<Who>(["moderator", "admin"]);
  const people = async (who: Who) => (who === "signed-out" ? null : createTestAccount(services.deps.db, { role: who }));
  const procedures: Record<string, (caller: ReturnType<typeof as>) => Promise<unknown>> = {
    queue: (c) => c.moderation.queue({ order: "newest" }),
    queueSize: (c) => c.moderation.queueSize(),
    authorHistory: (c) => c.moderation.authorHistory({ accountId: researcher.account.id }),
    hide: async (c) =>
      c.moderation.hide({ targetKind: "comment", targetId: (await newComment()).comment.id, reason: "r" }),
    restore: async (c) => {
      const { comment } = await newComment();
      await as(moderator).moderation.hide({ targetKind: "comment", targetId: comment.id, reason: "r" });
      return c.moderation.restore({ targetKind: "comment", targetId: comment.id, reason: "r" });
    },
    dismiss: async (c) => {
      const { comment } = await newComment();
      await as(member).moderation.report({ targetKind: "comment", targetId: comment.id, reason: "other", note: "" });
      return c.moderation.dismiss({ targetKind: "comment", targetId: comment.id, reason: "r" });
    },
    lock: async (c) => c.moderation.lock({ threadId: (await newTopic()).threadId, locked: true, reason: "r" }),
    move: async (c) => c.moderation.move({ topicId: (await newTopic()).id, forumId: otherForumId, reason: "r" }),
    suspend: async (c) =>
      c.moderation.suspend({
        accountId: (await createTestAccount(services.deps.db, { role: "member" })).account.id,
        days: 3,
        reason: "r",
      }),
    lift: async (c) => {
      const target = await createTestAccount(services.deps.db, { role: "member" });
      await as(admin).moderation.suspend({ accountId: target.account.id, days: null, reason: "r" });
      return c.moderation.lift({ accountId: target.account.id, reason: "r" });
    },
  };
  for (const [name, call] of Object.entries(procedures)) {
    for (const who of roles) {
      it(`${name} as ${who}: ${allowed.has(who) ? "allowed" : who === "signed-out" ? "UNAUTHORIZED" : "FORBIDDEN"}`, async () => {
        const person = await people(who);
        const caller = as(person);
        if (allowed.has(who)) {
          await expect(call(caller)).resolves.toBeDefined();
        } else {
          expect((await callFailure(call(caller))).code).toBe(who === "signed-out" ? "UNAUTHORIZED" : "FORBIDDEN");
        }
      });
    }
  }
});

describe("suspension", () => {
  it("only admins suspend moderators; nobody suspends themselves", async () => {
    expect(
      await callFailure(as(moderator).moderation.suspend({ accountId: moderator2.account.id, days: 1, reason: "x" })),
    ).toMatchObject({ code: "FORBIDDEN", reason: "ADMIN_REQUIRED" });
    expect(
      await callFailure(as(moderator).moderation.suspend({ accountId: moderator.account.id, days: 1, reason: "x" })),
    ).toMatchObject({ code: "FORBIDDEN", reason: "OWN_ACCOUNT" });
    expect(
      await callFailure(as(admin).moderation.suspend({ accountId: admin.account.id, days: 1, reason: "x" })),
    ).toMatchObject({ reason: "OWN_ACCOUNT" });
    const target = await createTestAccount(services.deps.db, { role: "moderator" });
    await as(admin).moderation.suspend({ accountId: target.account.id, days: 2, reason: "Abuse of powers" });
    expect(
      await callFailure(as(moderator).moderation.lift({ accountId: target.account.id, reason: "x" })),
    ).toMatchObject({ reason: "ADMIN_REQUIRED" });
    await as(admin).moderation.lift({ accountId: target.account.id, reason: "Served" });
  });

  it("takes effect on the next request and at sign-in, and lifting restores sign-in", async () => {
    const target = await createTestAccount(services.deps.db, { role: "researcher" });
    const claims = await sessionClaimsOf(services.deps.db, target.account);
    expect(await loadSessionUser(services.deps.db, claims)).not.toBeNull();
    await as(moderator).moderation.suspend({ accountId: target.account.id, days: null, reason: "Repeated abuse" });
    expect(await loadSessionUser(services.deps.db, claims)).toBeNull();
    expect(await authenticate(services.deps.db, target.account.email, target.password)).toMatchObject({
      ok: false,
      reason: "SUSPENDED",
    });
    await as(moderator).moderation.lift({ accountId: target.account.id, reason: "Appeal granted" });
    const result = await authenticate(services.deps.db, target.account.email, target.password);
    expect(result.ok).toBe(true);
    // The old session stays ended: sign-in again gives a fresh session version.
    expect(await loadSessionUser(services.deps.db, claims)).toBeNull();
    const history = await as(moderator).moderation.authorHistory({ accountId: target.account.id });
    expect(history.actions.map((a) => a.action)).toEqual(["lift", "suspend"]);
  });

  it("disconnects the suspended person's open sockets at once", async () => {
    const secret = "a-test-secret-that-is-long-enough-0123456789";
    const http: Server = createServer();
    const realtime: Realtime = await createRealtime(http, {
      db: services.deps.db,
      visibleTo: (viewer, stream) => streamVisibleTo(services.deps.db, viewer, stream),
      authSecret: secret,
      logger: pino({ level: "silent" }),
      sweepOutbox: false,
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const target = await createTestAccount(services.deps.db, { role: "member" });
    const cookie = await sessionCookieOf(services.deps.db, target.account, secret);
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(url, {
      path: "/socket.io",
      transports: ["websocket"],
      extraHeaders: { cookie },
      reconnection: false,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", () => resolve());
        socket.once("connect_error", reject);
      });
      const own = await new Promise((resolve) =>
        socket.emit("stream:subscribe", { stream: `user:${target.account.id}` }, resolve),
      );
      expect(own).toMatchObject({ ok: true });
      const ended = new Promise<string>((resolve) => socket.once("session:ended", (r) => resolve(r.reason)));
      const disconnected = new Promise<void>((resolve) => socket.once("disconnect", () => resolve()));
      await as(moderator, { ...services.deps, publisher: realtime.publisher }).moderation.suspend({
        accountId: target.account.id,
        days: 7,
        reason: "Spam",
      });
      expect(await ended).toBe("suspended");
      await disconnected;
      // A reconnect with the old cookie is a signed-out socket.
      const again: Socket<ServerToClientEvents, ClientToServerEvents> = connect(url, {
        path: "/socket.io",
        transports: ["websocket"],
        extraHeaders: { cookie },
        reconnection: false,
      });
      await new Promise<void>((resolve) => again.once("connect", () => resolve()));
      const ack = await new Promise((resolve) =>
        again.emit("stream:subscribe", { stream: `user:${target.account.id}` }, resolve),
      );
      expect(ack).toMatchObject({ ok: false, code: "FORBIDDEN" });
      again.close();
    } finally {
      socket.close();
      await realtime.close();
    }
  });
});

describe("audit rows and the action share one transaction", () => {
  /** The same database, but inserting into the events outbox fails: the action's last step. */
  function failingOutbox(db: Db): Db {
    const wrapTx = (tx: object) =>
      new Proxy(tx, {
        get(target, property, receiver) {
          const value = Reflect.get(target, property, receiver);
          if (property !== "insert") return typeof value === "function" ? value.bind(target) : value;
          return (table: unknown) => {
            if (table === events) throw new Error("outbox unavailable");
            return (value as (t: unknown) => unknown).call(target, table);
          };
        },
      });
    return new Proxy(db, {
      get(target, property, receiver) {
        if (property === "transaction") {
          return (work: (tx: unknown) => Promise<unknown>, config?: unknown) =>
            (target.transaction as (w: unknown, c?: unknown) => Promise<unknown>)(
              (tx: object) => work(wrapTx(tx)),
              config,
            );
        }
        const value = Reflect.get(target, property, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  }

  it("a failed action leaves no audit row and no change; a successful one always leaves one", async () => {
    const { comment } = await newComment();
    const broken = { ...services.deps, db: failingOutbox(services.deps.db) };
    await expect(
      as(moderator, broken).moderation.hide({ targetKind: "comment", targetId: comment.id, reason: "r" }),
    ).rejects.toThrow();
    expect(await auditCount("moderation.hide", "comment", comment.id)).toBe(0);
    const [row] = await services.deps.db.select().from(comments).where(eq(comments.id, comment.id));
    expect(row!.state).toBe("visible");
    expect(
      (
        await services.deps.db.select().from(moderationActions).where(eq(moderationActions.targetId, comment.id))
      ).filter((a) => a.targetType === "comment"),
    ).toHaveLength(0);

    const target = await createTestAccount(services.deps.db, { role: "member" });
    await expect(
      as(moderator, broken).moderation.suspend({ accountId: target.account.id, days: 1, reason: "r" }),
    ).rejects.toThrow();
    expect(await auditCount("account.suspend", "account", target.account.id)).toBe(0);
    const [still] = await services.deps.db.select().from(accounts).where(eq(accounts.id, target.account.id));
    expect(still!.suspendedUntil).toBeNull();

    await as(moderator).moderation.hide({ targetKind: "comment", targetId: comment.id, reason: "r" });
    expect(await auditCount("moderation.hide", "comment", comment.id)).toBe(1);
  });

  it("the database refuses to update or delete audit rows", async () => {
    const db = services.deps.db;
    const [any] = await db.select().from(auditEntries).limit(1);
    expect(any).toBeDefined();
    await expect(
      db.update(auditEntries).set({ reason: "rewritten" }).where(eq(auditEntries.id, any!.id)),
    ).rejects.toThrow();
    await expect(db.delete(auditEntries).where(eq(auditEntries.id, any!.id))).rejects.toThrow();
    await expect(db.execute(sql`truncate audit_entries`)).rejects.toThrow();
    const [after] = await db.select().from(auditEntries).where(eq(auditEntries.id, any!.id));
    expect(after).toEqual(any);
  });
});

describe("hold for review", () => {
  it("holds posts with links in a forum that asks for it, until a moderator approves them", async () => {
    const topic = await newTopic();
    await as(admin).admin.setHoldSettings({ forumId, newAccountDays: null, holdBlockedWords: true, holdLinks: true });
    await as(admin).admin.addBlockedWord({ word: "Forbidden" });
    try {
      const linked = await as(researcher).comments.add({
        threadId: topic.threadId,
        stance: "support",
        body: "See https://example.com/leak",
      });
      expect(linked.held).toBe(true);
      const worded = await as(researcher).comments.add({
        threadId: topic.threadId,
        stance: "support",
        body: "That is FORBIDDEN talk",
      });
      expect(worded.held).toBe(true);
      const plain = await as(researcher).comments.add({
        threadId: topic.threadId,
        stance: "support",
        body: "Plain words",
      });
      expect(plain.held).toBe(false);
      const seen = (await as(member).comments.list({ threadId: topic.threadId })).items.map((c) => c.id);
      expect(seen).not.toContain(linked.id);
      expect(seen).toContain(plain.id);
      const queue = await as(moderator).moderation.queue({ order: "newest" });
      expect(queue.items.find((i) => i.key === `comment:${linked.id}`)).toMatchObject({
        held: true,
        reports: [{ reason: "held", note: "link" }],
      });
      await as(moderator).moderation.restore({ targetKind: "comment", targetId: linked.id, reason: "Link is fine" });
      expect((await as(member).comments.list({ threadId: topic.threadId })).items.map((c) => c.id)).toContain(
        linked.id,
      );
      expect(await auditCount("moderation.approve", "comment", linked.id)).toBe(1);
      const open = await services.deps.db
        .select()
        .from(reports)
        .where(and(eq(reports.targetKind, "comment"), eq(reports.targetId, linked.id), eq(reports.status, "open")));
      expect(open).toHaveLength(0);

      // A held reply tells its parent's author nothing until it is approved, and then once.
      const question = await as(member).comments.add({
        threadId: topic.threadId,
        stance: "question",
        body: "Where is the data?",
      });
      const reply = await as(researcher).comments.add({
        threadId: topic.threadId,
        parentId: question.id,
        stance: "support",
        body: "At https://example.com/data",
      });
      expect(reply.held).toBe(true);
      const replyNotices = async () =>
        (
          await services.deps.db
            .select()
            .from(notifications)
            .where(and(eq(notifications.recipientId, member.account.id), eq(notifications.kind, "reply")))
        ).filter((n) => n.link.endsWith(`#comment-${reply.id}`));
      expect(await replyNotices()).toHaveLength(0);
      await as(moderator).moderation.restore({ targetKind: "comment", targetId: reply.id, reason: "Source is fine" });
      expect(await replyNotices()).toHaveLength(1);
    } finally {
      await services.deps.db.delete(forumHoldSettings).where(eq(forumHoldSettings.forumId, forumId));
    }
  });

  it("holds new accounts' topics; moderators and admins are never held", async () => {
    await as(admin).admin.setHoldSettings({ forumId, newAccountDays: 3, holdBlockedWords: false, holdLinks: false });
    try {
      const created = await as(researcher).topics.create({ forumId, title: "Fresh voice", body: "Hello" });
      expect(created.held).toBe(true);
      expect((await callFailure(as(member).topics.byId({ topicId: created.id }))).code).toBe("NOT_FOUND");
      expect((await as(researcher).topics.byId({ topicId: created.id })).state).toBe("held");
      // Approved, the topic is listed for the first time: the forum's stream carries its row.
      const from = services.deps.publisher.published.length;
      await as(moderator).moderation.restore({ targetKind: "topic", targetId: created.id, reason: "Welcome" });
      const approved = services.deps.publisher.published
        .slice(from)
        .find((e) => e.stream === `forum:${forumId}` && e.type === "topic:restored");
      const listed = (await as(null).topics.list({ forumId })).items.find((t) => t.id === created.id);
      expect(approved?.payload).toMatchObject({
        targetId: created.id,
        topic: { id: created.id, title: "Fresh voice" },
      });
      expect(listed?.title).toBe("Fresh voice");
      const byAdmin = await as(admin).topics.create({ forumId, title: "Admin note", body: "Hello" });
      expect(byAdmin.held).toBe(false);
    } finally {
      await services.deps.db.delete(forumHoldSettings).where(eq(forumHoldSettings.forumId, forumId));
    }
  });
});

describe("projects", () => {
  it("a thread of any owner can be locked; locking needs a moderator", async () => {
    const [thread] = await services.deps.db.select().from(threads).limit(1);
    expect(
      (await callFailure(as(member).moderation.lock({ threadId: thread!.id, locked: true, reason: "x" }))).code,
    ).toBe("FORBIDDEN");
  });
});
