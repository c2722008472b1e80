import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications, scheduledJobs } from "@/db/schema";
import type { NotificationKind } from "@/shared/notification-kinds";
import { notify } from "./notify";
import { jobHandlers } from "@/server/jobs";
import { transact } from "@/server/infra/transact";
import { runDueJobs } from "@/server/infra/jobs/scheduled-jobs";
import { ballotProject, ballotSettings } from "@/server/testing/ballots";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  regionIdsByCode,
  type TestAccount,
  type TestServices,
} from "@/server/testing/fixtures";
import { proposalInput, startProject } from "@/server/testing/projects";
import { callFailure } from "@/server/testing/trpc-errors";
import { applyUnreadEvent } from "@/app/lib/live/unread-count";
import { streamKey } from "@/server/domain/stream-access";
import { createMemoryRateLimitStore } from "@/server/infra/rate-limit";
import { createContextInner } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/root";

let services: TestServices;
let forumId: number;
let regionId: (code: string) => number;

beforeAll(async () => {
  services = await createTestServices();
  regionId = await regionIdsByCode(services.deps.db);
  forumId = (await callerFor(services.deps, null).forums.bySlug({ slug: "coordination-mechanisms" })).id;
});
afterAll(async () => {
  await services?.close();
});

const as = (who: TestAccount) => callerFor(services.deps, who.user);
const person = (role: "member" | "researcher" | "admin" = "member", displayName?: string) =>
  createTestAccount(services.deps.db, { role, regionCode: "shanghai", ...(displayName ? { displayName } : {}) });

/** Every notification row of a person, optionally of one kind. */
async function rowsOf(who: TestAccount, kind?: NotificationKind) {
  return services.deps.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.recipientId, who.account.id), kind ? eq(notifications.kind, kind) : undefined));
}

async function newTopic(author: TestAccount) {
  return as(author).topics.create({
    forumId,
    title: `Topic ${Math.random()}`,
    body: "What should the cluster do first?",
  });
}

const comment = (who: TestAccount, threadId: number, body: string, parentId?: number) =>
  as(who).comments.add({ threadId, body, stance: "question", ...(parentId ? { parentId } : {}) });

describe("comment triggers", () => {
  it("tells the parent's author of a reply, mentioned people and followers once each, and never the actor", async () => {
    const [author, alice, bob, carol] = [
      await person(),
      await person(),
      await person(),
      await person("member", "Carol Chen"),
    ];
    const topic = await newTopic(author);
    const first = await comment(alice, topic.threadId, "First thought");
    expect(await rowsOf(author, "followed_comment")).toHaveLength(1);

    // Bob replies to Alice, mentions Alice (already told of the reply), Carol and himself.
    const before = services.deps.publisher.published.length;
    await comment(
      bob,
      topic.threadId,
      `Agreed @[Alice](person:${alice.account.id}), cc @[Carol](person:${carol.account.id}) @[me](person:${bob.account.id})`,
      first.id,
    );
    expect((await rowsOf(alice)).map((r) => r.kind)).toEqual(["reply"]);
    expect((await rowsOf(carol)).map((r) => r.kind)).toEqual(["mention"]);
    expect(await rowsOf(bob)).toEqual([]);
    expect((await rowsOf(author)).map((r) => r.kind)).toEqual(["followed_comment", "followed_comment"]);

    const [reply] = await rowsOf(alice);
    expect(reply!.link).toMatch(new RegExp(`^/topics/${topic.id}#comment-\\d+$`));
    expect(reply!.actorId).toBe(bob.account.id);
    // The live push goes to each recipient's own stream, and only theirs.
    const pushed = services.deps.publisher.published.slice(before).filter((e) => e.type === "notification:created");
    expect(pushed.map((e) => e.stream).sort()).toEqual(
      [`user:${alice.account.id}`, `user:${author.account.id}`, `user:${carol.account.id}`].sort(),
    );
    // Each push carries the item as the list reads it, so the page prepends it without a read.
    const [listed] = (await callerFor(services.deps, alice.user).notifications.list({ limit: 1 })).items;
    const alicePush = pushed.find((e) => e.stream === `user:${alice.account.id}`)!;
    expect(alicePush.payload).toEqual({
      id: listed!.id,
      kind: listed!.kind,
      link: listed!.link,
      params: listed!.params,
      createdAt: listed!.createdAt.toISOString(),
    });
  });

  it("renders a mention as a link to the person's profile with their stored name", async () => {
    const [writer, named] = [await person(), await person("member", "Wang Fang")];
    const topic = await newTopic(writer);
    await comment(writer, topic.threadId, `Ask @[whoever](person:${named.account.id}) about <b>this</b>`);
    const page = await as(writer).comments.list({ threadId: topic.threadId });
    const html = page.items[0]!.bodyHtml ?? "";
    expect(html).toContain(`<a href="/people/${named.account.id}" class="mention">@Wang Fang</a>`);
    expect(html).not.toContain("<b>");
  });

  it("lets anyone follow and unfollow a topic", async () => {
    const [author, follower, writer] = [await person(), await person(), await person()];
    const topic = await newTopic(author);
    await as(follower).notifications.setFollowing({ threadId: topic.threadId, following: true });
    expect(await as(follower).notifications.following({ threadId: topic.threadId })).toEqual({
      threadId: topic.threadId,
      following: true,
    });
    await comment(writer, topic.threadId, "One");
    expect(await rowsOf(follower, "followed_comment")).toHaveLength(1);
    await as(follower).notifications.setFollowing({ threadId: topic.threadId, following: false });
    await comment(writer, topic.threadId, "Two");
    expect(await rowsOf(follower, "followed_comment")).toHaveLength(1);
  });

  it("respects a kind turned off", async () => {
    const [author, writer] = [await person(), await person()];
    const topic = await newTopic(author);
    await as(author).notifications.setPreference({ kind: "followed_comment", inApp: false, email: "off" });
    await comment(writer, topic.threadId, "Nobody hears of this");
    expect(await rowsOf(author)).toEqual([]);
    const prefs = await as(author).notifications.preferences();
    expect(prefs.emailEnabled).toBe(false);
    expect(prefs.kinds.find((k) => k.kind === "followed_comment")).toEqual({
      kind: "followed_comment",
      inApp: false,
      email: "off",
    });
    expect(prefs.kinds.find((k) => k.kind === "ballot_closing_1h")).toEqual({
      kind: "ballot_closing_1h",
      inApp: true,
      email: "immediate",
    });
  });
});

describe("notify()", () => {
  it("writes nothing when the cause's transaction rolls back, and nothing twice for one dedupe key", async () => {
    const reader = await person();
    const draft = {
      recipientId: reader.account.id,
      kind: "project_state" as const,
      actorId: null,
      link: "/projects/1",
      params: { where: "X", status: "approved" },
      dedupeKey: "once",
    };
    const before = services.deps.publisher.published.length;
    await expect(
      transact(services.deps, async (tx, emit) => {
        await notify(tx, emit, [draft]);
        throw new Error("the cause failed");
      }),
    ).rejects.toThrow("the cause failed");
    expect(await rowsOf(reader)).toEqual([]);
    expect(services.deps.publisher.published.length).toBe(before);

    await transact(services.deps, (tx, emit) => notify(tx, emit, [draft]));
    await transact(services.deps, (tx, emit) => notify(tx, emit, [draft]));
    expect(await rowsOf(reader)).toHaveLength(1);
    expect(
      services.deps.publisher.published.slice(before).filter((e) => e.stream === `user:${reader.account.id}`),
    ).toHaveLength(1);
  });
});

describe("the rows written and the events told", () => {
  it("tells each recipient of a batch their own row, and nobody whose row a dedupe key kept out", async () => {
    const [already, first, second] = [await person(), await person(), await person()];
    const draftFor = (who: TestAccount, where: string) => ({
      recipientId: who.account.id,
      kind: "project_state" as const,
      actorId: null,
      link: `/projects/${who.account.id}`,
      params: { where, status: "approved" },
      dedupeKey: "batch",
    });
    await transact(services.deps, (tx, emit) => notify(tx, emit, [draftFor(already, "earlier")]));
    const before = services.deps.publisher.published.length;
    const written = await transact(services.deps, (tx, emit) =>
      notify(tx, emit, [draftFor(second, "B"), draftFor(already, "again"), draftFor(first, "A")]),
    );

    expect(written.map((row) => row.recipientId).sort()).toEqual([first.account.id, second.account.id].sort());
    const told = services.deps.publisher.published.slice(before);
    expect(told.map((event) => event.stream).sort()).toEqual(
      [streamKey({ kind: "user", id: first.account.id }), streamKey({ kind: "user", id: second.account.id })].sort(),
    );
    for (const [who, where] of [
      [first, "A"],
      [second, "B"],
    ] as const) {
      const [row] = await rowsOf(who);
      const event = told.find((e) => e.stream === streamKey({ kind: "user", id: who.account.id }));
      // The event and the returned row are the stored row, not another recipient's.
      expect(event?.payload).toEqual({
        id: row!.id,
        kind: "project_state",
        link: `/projects/${who.account.id}`,
        params: { where, status: "approved" },
        createdAt: row!.createdAt.toISOString(),
      });
      expect(written.find((w) => w.recipientId === who.account.id)).toEqual(row);
    }
    expect((await rowsOf(already)).map((row) => row.params.where)).toEqual(["earlier"]);
  });
});

describe("the notification centre", () => {
  it("pages newest first, counts unread and marks one or all read", async () => {
    const [reader, writer] = [await person(), await person()];
    const topic = await newTopic(reader);
    for (let i = 0; i < 5; i += 1) await comment(writer, topic.threadId, `Comment ${i}`);
    const me = as(reader);
    const counted = await me.notifications.unreadCount();
    expect(counted).toMatchObject({ count: 5 });
    const first = await me.notifications.list({ limit: 3 });
    expect(first.items).toHaveLength(3);
    const second = await me.notifications.list({ limit: 3, cursor: first.nextCursor });
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.items, ...second.items].map((i) => i.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));

    await me.notifications.markRead({ id: ids[0]! });
    expect(await me.notifications.unreadCount()).toMatchObject({ count: 4 });
    // Someone else's notification cannot be marked.
    expect(await as(writer).notifications.markRead({ id: ids[1]! })).toEqual({ marked: 0 });
    expect(await me.notifications.markAllRead()).toEqual({ marked: 4 });
    expect(await me.notifications.unreadCount()).toMatchObject({ count: 0 });
    // The bell, counting from the head it read with the events after it, reaches the same count.
    const later = services.deps.publisher.published.filter(
      (e) => e.stream === streamKey({ kind: "user", id: reader.account.id }) && e.seq > counted.headSeq,
    );
    expect(later.map((e) => e.type)).toEqual(["notification:read", "notification:read"]);
    expect(later.reduce(applyUnreadEvent, counted)).toEqual(await me.notifications.unreadCount());
    expect(await callFailure(callerFor(services.deps, null).notifications.list({}))).toMatchObject({
      code: "UNAUTHORIZED",
    });
  });
});

describe("project triggers", () => {
  it("tells invitees, proposers of answers, and proposers and co-proposers of state changes, never the actor", async () => {
    const proposer = await createTestAccount(services.deps.db, { role: "researcher", regionCode: "shenzhen" });
    const project = await startProject(services.deps, proposer, proposalInput(regionId), { submit: false });
    const coauthor = project.coauthors[0]!;
    expect((await rowsOf(coauthor, "coauthor_invited")).map((r) => r.params.where)).toEqual([
      "Shenzhen–Dongguan chip packaging pilot line",
    ]);
    expect((await rowsOf(proposer, "coauthor_answered")).map((r) => r.params.answer)).toEqual(["accepted"]);
    expect(await rowsOf(proposer, "coauthor_invited")).toEqual([]);

    await as(proposer).projects.submit({ projectId: project.id });
    expect((await rowsOf(coauthor, "project_state")).map((r) => r.params.status)).toEqual(["submitted"]);
    expect(await rowsOf(proposer, "project_state")).toEqual([]);
  });

  it("tells every voter once when a ballot opens, and reminds only those who have not voted on every plan, once across a restart", async () => {
    const setup = await ballotProject(services.deps, { members: [3, 2] });
    const chair = setup.members[0]![0]!;
    const now = new Date();
    const opened = await as(chair).ballots.open(
      ballotSettings(setup.projectId, { closesAt: new Date(now.getTime() + 30 * 3_600_000) }, now),
    );
    const voters = setup.members.flat();
    for (const voter of voters) expect(await rowsOf(voter, "ballot_opened")).toHaveLength(voter === chair ? 0 : 1);
    // The proposer and co-proposers hear that the project is now in voting.
    expect((await rowsOf(setup.proposer, "project_state")).map((r) => r.params.status)).toContain("voting");

    const jobs = await services.deps.db.select().from(scheduledJobs).where(eq(scheduledJobs.kind, "ballot_reminder"));
    expect(
      jobs
        .filter((j) => j.key.startsWith(`${opened.id}:`))
        .map((j) => j.key)
        .sort(),
    ).toEqual([`${opened.id}:ballot_closing_1h`, `${opened.id}:ballot_closing_24h`]);

    // One voter marks every plan, another only one.
    const [full, partial] = [voters[1]!, voters[2]!];
    await as(full).ballots.castVote({
      ballotId: opened.id,
      choices: setup.planIds.map((planId) => ({ planId, choice: "approve" as const })),
    });
    await as(partial).ballots.castVote({
      ballotId: opened.id,
      choices: [{ planId: setup.planIds[0]!, choice: "approve" }],
    });

    const at = (hours: number) => ({ ...services.deps, now: () => new Date(now.getTime() + hours * 3_600_000) });
    expect(await runDueJobs(at(1), jobHandlers)).toBe(0);
    expect(await runDueJobs(at(7), jobHandlers)).toBeGreaterThanOrEqual(1);
    // A second runner (as after a restart) finds the job done and sends nothing again.
    expect(await runDueJobs(at(7), jobHandlers)).toBe(0);
    for (const voter of voters) expect(await rowsOf(voter, "ballot_closing_24h")).toHaveLength(voter === full ? 0 : 1);
    await runDueJobs(at(29.5), jobHandlers);
    await runDueJobs(at(29.5), jobHandlers);
    for (const voter of voters) expect(await rowsOf(voter, "ballot_closing_1h")).toHaveLength(voter === full ? 0 : 1);
  });
});

describe("invitations", () => {
  it("tells the administrator who issued an invitation that it was used", async () => {
    const admin = await person("admin");
    const issued = await as(admin).invitations.issue({
      email: `new-${Date.now()}@example.cn`,
      role: "researcher",
      regionId: regionId("suzhou"),
      organisation: "Suzhou Lab",
    });
    const redeemed = await callerFor(services.deps, null).invitations.redeem({
      token: issued.token,
      displayName: "Xu Ming",
      organisation: "Suzhou Lab",
      password: "a-long-enough-password-1",
    });
    const rows = await rowsOf(admin, "invitation_redeemed");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorId: redeemed.accountId,
      params: { actor: "Xu Ming" },
      link: `/people/${redeemed.accountId}`,
    });
  });
});

describe("people", () => {
  it("suggests people by name for mentions and shows a profile without the email", async () => {
    const target = await person("member", "Zhuge Unique");
    const found = await as(target).people.mentionCandidates({ query: "zhuge uni" });
    expect(found.map((p) => p.id)).toEqual([target.account.id]);
    const profile = await callerFor(services.deps, null).people.profile({ id: target.account.id });
    expect(profile.displayName).toBe("Zhuge Unique");
    expect(JSON.stringify(profile)).not.toContain(target.account.email);
    expect(
      await callFailure(callerFor(services.deps, null).people.mentionCandidates({ query: "zhuge" })),
    ).toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("shows a signed-out visitor name and region only, and only so many profiles per address", async () => {
    const target = await person("member", "Ouyang Visible");
    const rateLimits = createMemoryRateLimitStore();
    const visitor = (address: string, user: TestAccount | null = null) =>
      createCaller(createContextInner(services.deps, user?.user ?? null, { address, rateLimits }));
    const anonymous = await visitor("203.0.113.7").people.profile({ id: target.account.id });
    expect(anonymous).toMatchObject({ displayName: "Ouyang Visible", region: { code: "shanghai" }, details: null });
    expect(JSON.stringify(anonymous)).not.toContain(target.account.organisation);
    const member = await visitor("203.0.113.7", target).people.profile({ id: target.account.id });
    expect(member.details).toMatchObject({ organisation: target.account.organisation, role: "member" });

    // Walking the ids: the address runs out of views; another address and signed-in people do not.
    const walk = [];
    for (let id = 1; id <= 40; id++)
      walk.push(
        await visitor("203.0.113.7")
          .people.profile({ id: target.account.id })
          .then(
            () => "ok",
            (error: { code?: string }) => error.code,
          ),
      );
    expect(walk.filter((outcome) => outcome === "ok")).toHaveLength(29);
    expect(walk.at(-1)).toBe("TOO_MANY_REQUESTS");
    expect((await visitor("198.51.100.4").people.profile({ id: target.account.id })).displayName).toBe(
      "Ouyang Visible",
    );
    expect((await visitor("203.0.113.7", target).people.profile({ id: target.account.id })).details).not.toBeNull();
  });
});
