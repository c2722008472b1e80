import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { comments, forumHoldSettings, projects, reports, type Role } from "@/db/schema";
import { projectLimits } from "@/server/features/projects/rules/project-rules";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  regionIdsByCode,
  type TestAccount,
  type TestServices,
} from "@/server/testing/fixtures";
import { proposalInput } from "@/server/testing/projects";
import { callFailure } from "@/server/testing/trpc-errors";

/** Security review #14, findings 2, 3 and 4: bounded Markdown, mentions resolved before sanitising, edits held like posts. */
let services: TestServices;
let admin: TestAccount;
let forumId: number;

beforeAll(async () => {
  services = await createTestServices();
  admin = await createTestAccount(services.deps.db, { role: "admin", regionCode: "hangzhou" });
  const slug = `review-${randomBytes(4).toString("hex")}`;
  forumId = (await as(admin).forums.create({ slug, titleZh: `测试 ${slug}`, titleEn: `Test ${slug}` })).id;
});
afterAll(async () => {
  await services?.close();
});

const as = (who: TestAccount | null) => callerFor(services.deps, who?.user ?? null);
const account = (role: Role = "member", displayName?: string) =>
  createTestAccount(services.deps.db, { role, regionCode: "shanghai", displayName });

async function newThread() {
  const starter = await account();
  return (
    await as(starter).topics.create({ forumId, title: `Topic ${randomBytes(3).toString("hex")}`, body: "Opening post" })
  ).threadId;
}

async function stored(commentId: number) {
  const [row] = await services.deps.db.select().from(comments).where(eq(comments.id, commentId));
  return row!;
}

describe(`mentions (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("a mention inside a link target stays inside it: one anchor, no markup spliced into its attributes", async () => {
    const named = await account("member", "Wang Fang");
    const author = await account();
    const threadId = await newThread();
    const body = `[click](https://example.com/@[x](person:${named.account.id})) and @[Wang](person:${named.account.id})`;
    const created = await as(author).comments.add({ threadId, body, stance: "support" });
    const html = (await stored(created.id)).bodyHtml;
    expect(html.match(/<a /g)).toHaveLength(2);
    // The link keeps its own target, and the real mention outside it is a profile link.
    expect(html).toContain(
      `<a href="https://example.com/@[x](person:${named.account.id})" rel="nofollow ugc noopener noreferrer" target="_blank">click</a>`,
    );
    expect(html).toContain(`<a href="/people/${named.account.id}" class="mention">@Wang Fang</a>`);
  });

  it("a mention of a person who does not exist is BAD_REQUEST (MENTION_NOT_FOUND), on add and on edit, and stores nothing", async () => {
    const author = await account();
    const threadId = await newThread();
    const ghost = `@[ghost](person:${2_000_000_000})`;
    const refused = await callFailure(as(author).comments.add({ threadId, body: `Hello ${ghost}`, stance: "support" }));
    expect(refused).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400, reason: "MENTION_NOT_FOUND" });
    expect(await services.deps.db.select().from(comments).where(eq(comments.threadId, threadId))).toHaveLength(0);

    const created = await as(author).comments.add({ threadId, body: "First text", stance: "support" });
    expect(
      await callFailure(as(author).comments.edit({ commentId: created.id, body: `Now ${ghost}`, stance: "support" })),
    ).toMatchObject({ code: "BAD_REQUEST", reason: "MENTION_NOT_FOUND" });
    expect((await stored(created.id)).body).toBe("First text");
  });
});

describe(`hold for review on edit (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("an edit that adds a link to a visible comment in a forum that holds links sends it back to the queue", async () => {
    const author = await account("researcher");
    const reader = await account();
    const moderator = await account("moderator");
    const threadId = await newThread();
    await as(admin).admin.setHoldSettings({ forumId, newAccountDays: null, holdBlockedWords: false, holdLinks: true });
    try {
      const created = await as(author).comments.add({ threadId, body: "Harmless words", stance: "support" });
      expect(created.held).toBe(false);
      expect((await as(reader).comments.list({ threadId })).items.map((c) => c.id)).toContain(created.id);

      const edited = await as(author).comments.edit({
        commentId: created.id,
        body: "Now see https://example.com/spam",
        stance: "support",
      });
      expect(edited.held).toBe(true);
      expect((await stored(created.id)).state).toBe("held");
      // Others no longer see it; its author does, as held.
      expect((await as(reader).comments.list({ threadId })).items.map((c) => c.id)).not.toContain(created.id);
      expect((await as(author).comments.list({ threadId })).items.find((c) => c.id === created.id)?.state).toBe("held");
      const queued = await services.deps.db
        .select()
        .from(reports)
        .where(and(eq(reports.targetKind, "comment"), eq(reports.targetId, created.id), eq(reports.status, "open")));
      expect(queued).toMatchObject([{ reason: "held", note: "link", reporterId: null }]);

      // A moderator's approval makes it visible again.
      await as(moderator).moderation.restore({ targetKind: "comment", targetId: created.id, reason: "Link is fine" });
      expect((await as(reader).comments.list({ threadId })).items.map((c) => c.id)).toContain(created.id);

      // An edit the rules do not catch stays visible.
      const plain = await as(author).comments.add({ threadId, body: "Plain", stance: "support" });
      expect(
        (await as(author).comments.edit({ commentId: plain.id, body: "Still plain", stance: "concern" })).held,
      ).toBe(false);
      expect((await stored(plain.id)).state).toBe("visible");
    } finally {
      await services.deps.db.delete(forumHoldSettings).where(eq(forumHoldSettings.forumId, forumId));
    }
  });
});

describe(`bounded markdown (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("a crafted project body at the length limit is BAD_REQUEST (MARKDOWN_TOO_COMPLEX) within seconds and stores nothing", async () => {
    const proposer = await createTestAccount(services.deps.db, { role: "researcher", regionCode: "shenzhen" });
    const regionId = await regionIdsByCode(services.deps.db);
    const title = `Crafted ${randomBytes(4).toString("hex")}`;
    const body = "*_a".repeat(Math.floor(projectLimits.bodyMax / 3));
    const started = performance.now();
    const refused = await callFailure(as(proposer).projects.create(proposalInput(regionId, { title, body })));
    expect(refused).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400, reason: "MARKDOWN_TOO_COMPLEX" });
    // Rendered synchronously this body takes 40 s or more.
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(await services.deps.db.select({ id: projects.id }).from(projects).where(eq(projects.title, title))).toEqual(
      [],
    );
  }, 120_000);
});
