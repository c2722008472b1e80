import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEntries, forums, moderationActions, reports } from "@/db/schema";
import { mapRefreshSettled } from "@/server/features/opinions/map-refresher";
import {
  callerFor,
  createTestAccount,
  type TestAccount,
  type TestServices,
  createTestServices,
} from "@/server/testing/fixtures";
import { callFailure } from "@/server/testing/trpc-errors";

let services: TestServices;
let member: TestAccount;
let moderator: TestAccount;
let forumId: number;

const as = (who: TestAccount | null) => callerFor(services.deps, who?.user ?? null);
const researcher = () => createTestAccount(services.deps.db, { role: "researcher" });

beforeAll(async () => {
  services = await createTestServices();
  member = await createTestAccount(services.deps.db, { role: "member", regionCode: "shanghai" });
  moderator = await createTestAccount(services.deps.db, { role: "moderator", regionCode: "beijing" });
  const [forum] = await services.deps.db.select({ id: forums.id }).from(forums).limit(1);
  forumId = forum!.id;
});
afterAll(async () => {
  await services?.close();
});

async function openRound(holdNewStatements: boolean) {
  const topic = await as(member).topics.create({
    forumId,
    title: `Round topic ${Math.random().toString(36).slice(2)}`,
    body: "Which instruments should the regions share?",
  });
  const { id } = await as(member).opinions.create({
    topicId: topic.id,
    question: "What should the <sharing> pact say?",
    holdNewStatements,
  });
  return { roundId: id, topic };
}

const queueItem = async (key: string) =>
  (await as(moderator).moderation.queue({ order: "newest" })).items.find((i) => i.key === key);

const openEntries = async (targetId: number) =>
  services.deps.db
    .select({ id: reports.id })
    .from(reports)
    .where(and(eq(reports.targetKind, "statement"), eq(reports.targetId, targetId), eq(reports.status, "open")));

const audited = async (action: string, targetId: number) =>
  services.deps.db
    .select({ reason: auditEntries.reason })
    .from(auditEntries)
    .where(
      and(
        eq(auditEntries.action, action),
        eq(auditEntries.targetType, "statement"),
        eq(auditEntries.targetId, String(targetId)),
      ),
    );

describe(`opinion statements in the moderation queue (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[QUEUE] a held statement waits beside a reported comment and is approved from the queue, audited and live", async () => {
    const { roundId, topic } = await openRound(true);
    const author = await researcher();
    const statement = await as(author).opinions.addStatement({ roundId, text: "Share <b>every</b> microscope" });
    const commenter = await researcher();
    const comment = await as(commenter).comments.add({ threadId: topic.threadId, stance: "concern", body: "Rude." });
    await as(await researcher()).moderation.report({ targetKind: "comment", targetId: comment.id, reason: "abusive" });

    const queue = await as(moderator).moderation.queue({ order: "newest" });
    const keys = queue.items.map((i) => i.key);
    expect(keys).toContain(`statement:${statement.id}`);
    expect(keys).toContain(`comment:${comment.id}`);
    const item = queue.items.find((i) => i.key === `statement:${statement.id}`)!;
    expect(item).toMatchObject({ targetKind: "statement", held: true, reasons: { held: 1 } });
    expect(item.reports[0]!.note).toBe("round_review");
    // Plain text, escaped, with where it lives and a link to its place on the round's page.
    expect(item.item.bodyHtml).toBe("<p>Share &lt;b&gt;every&lt;/b&gt; microscope</p>");
    expect(item.item.path).toBe(`/opinions/${roundId}#statement-${statement.id}`);
    expect(item.context.where).toBe("What should the <sharing> pact say?");
    expect(item.author?.id).toBe(author.account.id);
    expect(await as(moderator).moderation.queueSize()).toBeGreaterThanOrEqual(2);

    // Only moderators act, with a reason.
    expect(
      (
        await callFailure(
          as(member).moderation.restore({ targetKind: "statement", targetId: statement.id, reason: "Fine" }),
        )
      ).httpStatus,
    ).toBe(403);
    const before = services.deps.publisher.published.length;
    const approved = await as(moderator).moderation.restore({
      targetKind: "statement",
      targetId: statement.id,
      reason: "On topic",
    });
    expect(approved).toMatchObject({ state: "visible", reportsResolved: 1 });
    const published = services.deps.publisher.published.slice(before);
    // This statement's event: the publisher is shared by the file's tests, whose rounds may publish meanwhile.
    const changed = published.find((e) => e.type === "statement:changed" && e.payload.statement.id === statement.id);
    expect(changed?.stream).toBe(`round:${roundId}`);
    if (changed?.type === "statement:changed")
      expect(changed.payload.statement).toMatchObject({ state: "visible", text: statement.text });
    expect(published.some((e) => e.type === "queue:resolved" && e.stream === "moderation")).toBe(true);
    // The map is recomputed with the approved statement once the approval has committed.
    await mapRefreshSettled(services.deps, roundId);
    expect(
      services.deps.publisher.published
        .slice(before)
        .some((e) => e.type === "opinionMap:updated" && e.stream === `round:${roundId}`),
    ).toBe(true);

    expect(await openEntries(statement.id)).toEqual([]);
    expect(await queueItem(`statement:${statement.id}`)).toBeUndefined();
    expect(await audited("moderation.approve", statement.id)).toEqual([{ reason: "On topic" }]);
    const [action] = await services.deps.db
      .select()
      .from(moderationActions)
      .where(and(eq(moderationActions.targetType, "statement"), eq(moderationActions.targetId, statement.id)));
    expect(action).toMatchObject({ action: "approve", subjectAccountId: author.account.id });
    expect((await as(member).opinions.get({ roundId })).statements.map((s) => s.id)).toEqual([statement.id]);
  }, 90_000); // the first map recompute starts the worker thread, slow on a loaded machine

  it("[REPORT] a reported statement is hidden from the queue with a public reason; the reporter hears back", async () => {
    const { roundId } = await openRound(false);
    const author = await researcher();
    const statement = await as(author).opinions.addStatement({ roundId, text: "Only our city should get the lab" });
    const reporter = await researcher();
    await as(reporter).moderation.report({ targetKind: "statement", targetId: statement.id, reason: "off_topic" });
    expect(
      (
        await callFailure(
          as(reporter).moderation.report({ targetKind: "statement", targetId: statement.id, reason: "off_topic" }),
        )
      ).reason,
    ).toBe("ALREADY_REPORTED");
    expect(
      (
        await callFailure(
          as(author).moderation.report({ targetKind: "statement", targetId: statement.id, reason: "spam" }),
        )
      ).reason,
    ).toBe("CANNOT_REPORT_OWN");
    expect((await queueItem(`statement:${statement.id}`))?.reasons).toEqual({ off_topic: 1 });

    const hidden = await as(moderator).moderation.hide({
      targetKind: "statement",
      targetId: statement.id,
      reason: "Not about sharing",
    });
    expect(hidden).toMatchObject({ state: "hidden", reportsResolved: 1 });
    const seen = (await as(member).opinions.get({ roundId })).statements.find((s) => s.id === statement.id)!;
    expect(seen).toMatchObject({ state: "hidden", text: null, hiddenReason: "Not about sharing" });
    const [mine] = await as(reporter).moderation.myReports();
    expect(mine).toMatchObject({ targetKind: "statement", status: "actioned" });
    expect(await audited("moderation.hide", statement.id)).toEqual([{ reason: "Not about sharing" }]);
    // Hidden statements take no votes; restoring from the queue shows it again.
    expect((await callFailure(as(member).opinions.vote({ statementId: statement.id, choice: "agree" }))).reason).toBe(
      "STATEMENT_UNAVAILABLE",
    );
    await as(moderator).moderation.restore({ targetKind: "statement", targetId: statement.id, reason: "Reconsidered" });
    expect((await as(member).opinions.get({ roundId })).statements[0]).toMatchObject({ state: "visible" });
    await mapRefreshSettled(services.deps, roundId);
  });

  it("[VISIBILITY] a statement is reported only by those its own rule lets see it; the round page's decision clears the queue", async () => {
    const { roundId } = await openRound(true);
    const author = await researcher();
    const held = await as(author).opinions.addStatement({ roundId, text: "Book the telescope by lottery" });
    // Held: its author and moderators only.
    expect(
      (
        await callFailure(
          as(await researcher()).moderation.report({ targetKind: "statement", targetId: held.id, reason: "spam" }),
        )
      ).httpStatus,
    ).toBe(404);

    // Approved on the round's page: the queue's entry closes with the same audit trail.
    await as(moderator).opinions.moderate({ statementId: held.id, action: "approve" });
    expect(await openEntries(held.id)).toEqual([]);
    expect(await queueItem(`statement:${held.id}`)).toBeUndefined();
    const [action] = await services.deps.db
      .select()
      .from(moderationActions)
      .where(and(eq(moderationActions.targetType, "statement"), eq(moderationActions.targetId, held.id)));
    expect(action?.action).toBe("approve");

    expect(
      (await callFailure(as(null).moderation.report({ targetKind: "statement", targetId: held.id, reason: "spam" })))
        .httpStatus,
    ).toBe(401);
    await mapRefreshSettled(services.deps, roundId);
  });

  it("[VISIBILITY] a statement on a hidden topic's round is not there to report", async () => {
    const { roundId, topic } = await openRound(false);
    const statement = await as(await researcher()).opinions.addStatement({
      roundId,
      text: "Pool the wind-tunnel hours",
    });
    const reader = await researcher();
    await as(moderator).moderation.hide({ targetKind: "topic", targetId: topic.id, reason: "Confidential figures" });
    expect(
      (
        await callFailure(
          as(reader).moderation.report({ targetKind: "statement", targetId: statement.id, reason: "spam" }),
        )
      ).httpStatus,
    ).toBe(404);
    expect(await openEntries(statement.id)).toEqual([]);
    await mapRefreshSettled(services.deps, roundId);
  });
});
