import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditEntries, projects, webhookDeliveries, webhooks } from "@/db/schema";
import { queryRows } from "@/db/sql";
import { AppError } from "../../errors";
import { ballotProject, ballotSettings, type BallotProject } from "../../testing/ballots";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  deadlockFirstTransaction,
  type TestAccount,
  type TestServices,
} from "../../testing/fixtures";
import { closeBallot } from "../ballots/close-ballot";
import { sendDueWebhooks } from "./deliver-webhooks";
import { createWebhook } from "./manage-webhooks";
import { queueWebhookNotices } from "./queue-notices";
import { maxWebhookAttempts } from "./rules";

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local receiver: keeps every request, answers with `answer` (a status and a body) per path. */
async function startReceiver() {
  const received: Received[] = [];
  const answer = { status: 200, body: '{"errcode":0,"errmsg":"ok"}' };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(answer.status, { "content-type": "application/json" }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { received, answer, base, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const authSecret = "a-test-auth-secret-of-at-least-thirty-two-chars";
const baseUrl = "https://xietong.example";

describe("webhook notices from the outbox", () => {
  let services: TestServices;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let admin: TestAccount;
  let clock: Date;
  const now = () => clock;
  const outgoing = () => ({ db: services.deps.db, now, authSecret, allowPrivateUrls: true });
  const queue = () => queueWebhookNotices({ db: services.deps.db, baseUrl });
  const send = () => sendDueWebhooks({ db: services.deps.db, now, authSecret });

  beforeAll(async () => {
    services = await createTestServices();
    receiver = await startReceiver();
    admin = await createTestAccount(services.deps.db, { role: "admin" });
  });
  afterAll(async () => {
    await receiver.close();
    await services.close();
  });
  beforeEach(async () => {
    clock = new Date();
    receiver.received.length = 0;
    receiver.answer.status = 200;
    receiver.answer.body = '{"errcode":0,"errmsg":"ok"}';
    await services.deps.db.delete(webhooks);
    // Start each test from the outbox's end, as a freshly configured installation does.
    await queue();
  });

  async function project(): Promise<BallotProject> {
    return ballotProject(services.deps, { members: [1, 1] });
  }

  it("writes nothing when there is nothing to queue, with or without webhooks", async () => {
    // The cursor row's xmin and xmax change when it is updated or locked (a lock writes its locker into
    // xmax). The snapshot is the stronger check but, on a PostgreSQL server, other test files' databases
    // move it too: it is compared on PGlite only.
    const cursorStamp = async () =>
      (
        await queryRows<{ stamp: string }>(
          services.deps.db,
          sql`select xmin::text || '/' || xmax::text as stamp from webhook_cursor where id = 1`,
        )
      )[0]!.stamp;
    const snapshot = async () =>
      (await queryRows<{ mark: string }>(services.deps.db, sql`select pg_current_snapshot()::text as mark`))[0]!.mark;
    const idle = { stamp: await cursorStamp(), snapshot: await snapshot() };
    expect(await queue()).toBe(0);
    expect(await queue()).toBe(0);
    expect(await cursorStamp()).toBe(idle.stamp);
    if (services.handle.kind === "pglite") expect(await snapshot()).toBe(idle.snapshot);
    await createWebhook(outgoing(), admin.account, {
      name: "listening",
      format: "generic",
      url: `${receiver.base}/idle`,
      secret: "",
      locale: "en",
      regionId: null,
      forumId: null,
      kinds: ["ballot_opened"],
      active: true,
    });
    await queue();
    const listening = { stamp: await cursorStamp(), snapshot: await snapshot() };
    expect(await queue()).toBe(0);
    expect(await cursorStamp()).toBe(listening.stamp);
    if (services.handle.kind === "pglite") expect(await snapshot()).toBe(listening.snapshot);
    // New events do move the cursor.
    await project();
    await queue();
    expect(await cursorStamp()).not.toBe(listening.stamp);
  });

  it("refuses addresses in the server's own network unless the installation allows them", async () => {
    const input = {
      name: "local",
      format: "generic" as const,
      url: `${receiver.base}/hook`,
      secret: "",
      locale: "en" as const,
      regionId: null,
      forumId: null,
      kinds: ["ballot_opened" as const],
      active: true,
    };
    await expect(createWebhook({ ...outgoing(), allowPrivateUrls: false }, admin.account, input)).rejects.toSatisfy(
      (error) => error instanceof AppError && error.reason === "WEBHOOK_URL_INSECURE",
    );
    await expect(
      createWebhook({ ...outgoing(), allowPrivateUrls: false }, admin.account, {
        ...input,
        url: "https://127.0.0.1/x",
      }),
    ).rejects.toSatisfy((error) => error instanceof AppError && error.reason === "WEBHOOK_URL_PRIVATE");
    expect(await services.deps.db.select().from(webhooks)).toHaveLength(0);
  });

  it("posts a signed notice of a ballot opening to a generic webhook, once, however often the outbox is read", async () => {
    const made = await project();
    const { id, secretShown } = await createWebhook(outgoing(), admin.account, {
      name: "coordination office",
      format: "generic",
      url: `${receiver.base}/generic`,
      secret: "",
      locale: "en",
      regionId: made.regions[1]!.id,
      forumId: null,
      kinds: ["ballot_opened", "ballot_closed"],
      active: true,
    });
    expect(secretShown).toMatch(/^[\w-]{20,}$/);
    // The address and the secret are not stored readable.
    const [stored] = await services.deps.db.select().from(webhooks).where(eq(webhooks.id, id));
    expect(stored!.urlSealed).not.toContain("127.0.0.1");
    expect(stored!.secretSealed).not.toContain(secretShown!);

    clock = new Date(Date.now() + 1000);
    const chair = made.members[0]![0]!;
    const ballot = await callerFor(services.deps, chair.user).ballots.open(ballotSettings(made.projectId));
    expect(await queue()).toBe(1);
    expect(await queue()).toBe(0);
    // A queued notice is due from the database's clock at queueing; the sender's clock is set past it
    // (on a loaded machine opening the ballot and queueing took over a second, and nothing was due yet).
    clock = new Date(Date.now() + 1000);
    expect(await send()).toBe(1);
    expect(await send()).toBe(0);

    expect(receiver.received).toHaveLength(1);
    const request = receiver.received[0]!;
    expect(request.path).toBe("/generic");
    const timestamp = request.headers["x-xietong-timestamp"] as string;
    const expected = createHmac("sha256", secretShown!).update(`${timestamp}.${request.body}`).digest("hex");
    expect(request.headers["x-xietong-signature"]).toBe(`v1=${expected}`);
    const body = JSON.parse(request.body) as {
      kind: string;
      link: string;
      data: Record<string, unknown>;
      title: string;
    };
    expect(body).toMatchObject({
      kind: "ballot_opened",
      link: `${baseUrl}/projects/${made.projectId}`,
      data: { projectId: made.projectId, ballotId: ballot.id },
    });
    expect(body.title).toContain("Vote opened");
  });

  it("reports a close to a WeCom bot in Chinese and leaves webhooks of other regions and kinds alone", async () => {
    const made = await project();
    const other = await project();
    const wecom = await createWebhook(outgoing(), admin.account, {
      name: "长三角工作群",
      format: "wecom",
      url: `${receiver.base}/cgi-bin/webhook/send?key=k1`,
      secret: "",
      locale: "zh-CN",
      regionId: made.regions[0]!.id,
      forumId: null,
      kinds: ["ballot_closed"],
      active: true,
    });
    expect(wecom.secretShown).toBeNull();
    clock = new Date(Date.now() + 1000);
    const chair = made.members[0]![0]!;
    const ballot = await callerFor(services.deps, chair.user).ballots.open(ballotSettings(made.projectId));
    await callerFor(services.deps, other.members[0]![0]!.user).ballots.open(ballotSettings(other.projectId));
    expect(await queue()).toBe(0); // an opening is not what this webhook asked for
    clock = new Date(Date.now() + 26 * 3_600_000);
    await closeBallot({ ...services.deps, now }, "scheduler", ballot.id);
    expect(await queue()).toBe(1);
    expect(await send()).toBe(1);
    const content = (JSON.parse(receiver.received[0]!.body) as { msgtype: string; markdown: { content: string } })
      .markdown.content;
    expect(content).toContain("表决结束");
    expect(content).toContain(`[在协同中查看](${baseUrl}/projects/${made.projectId}/result)`);
  });

  it("retries a failing receiver with backoff and fails the delivery after the last attempt", async () => {
    const made = await project();
    await createWebhook(outgoing(), admin.account, {
      name: "flaky",
      format: "generic",
      url: `${receiver.base}/flaky`,
      secret: "s",
      locale: "en",
      regionId: null,
      forumId: null,
      kinds: ["ballot_opened"],
      active: true,
    });
    clock = new Date(Date.now() + 1000);
    await callerFor(services.deps, made.members[0]![0]!.user).ballots.open(ballotSettings(made.projectId));
    await queue();
    clock = new Date(Date.now() + 1000);
    receiver.answer.status = 500;
    expect(await send()).toBe(0);
    const [first] = await services.deps.db.select().from(webhookDeliveries);
    expect(first).toMatchObject({ status: "pending", attempts: 1, lastError: "HTTP 500", lastHttpStatus: 500 });
    // Not due again until its backoff has passed.
    expect(await send()).toBe(0);
    expect(receiver.received).toHaveLength(1);
    for (let attempt = 2; attempt <= maxWebhookAttempts; attempt += 1) {
      clock = new Date(clock.getTime() + 3_600_000 + 1);
      await send();
    }
    const [last] = await services.deps.db.select().from(webhookDeliveries);
    expect(last).toMatchObject({ status: "failed", attempts: maxWebhookAttempts });
    expect(receiver.received).toHaveLength(maxWebhookAttempts);
    // An admin sends it again once the receiver is fixed.
    receiver.answer.status = 200;
    await callerFor(services.deps, admin.user).outgoing.retry({ deliveryId: last!.id });
    expect(await send()).toBe(1);
    const [sent] = await services.deps.db.select().from(webhookDeliveries);
    expect(sent).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("says nothing about a project the public cannot see", async () => {
    const made = await project();
    await createWebhook(outgoing(), admin.account, {
      name: "all",
      format: "generic",
      url: `${receiver.base}/all`,
      secret: "s",
      locale: "en",
      regionId: null,
      forumId: null,
      kinds: ["ballot_opened"],
      active: true,
    });
    clock = new Date(Date.now() + 1000);
    await callerFor(services.deps, made.members[0]![0]!.user).ballots.open(ballotSettings(made.projectId));
    await services.deps.db
      .update(projects)
      .set({ hiddenAt: new Date(), hiddenReason: "test" })
      .where(eq(projects.id, made.projectId));
    expect(await queue()).toBe(0);
  });

  it("makes an admin's webhook once, and counts the retry, when the first attempt is a deadlock's victim", async () => {
    const deadlocked = deadlockFirstTransaction(services.deps.db);
    const retries: [string, number][] = [];
    const deps = {
      ...services.deps,
      db: deadlocked.db,
      onTransactionRetry: (state: string, attempt: number) => void retries.push([state, attempt]),
    };
    // Through the router: the request context's retry counter must reach the use-case's deps.
    const { id } = await callerFor(deps, admin.user).outgoing.create({
      name: "retried",
      format: "generic",
      url: "https://hooks.example.com/xietong",
      secret: "a-shared-secret",
      locale: "en",
      regionId: null,
      forumId: null,
      kinds: ["ballot_opened"],
      active: true,
    });
    expect(deadlocked.attempts()).toBe(2);
    expect(retries).toEqual([["40P01", 1]]);
    // The first attempt's rows were rolled back: one webhook, one audit entry.
    expect((await services.deps.db.select().from(webhooks)).map((row) => row.id)).toEqual([id]);
    const audited = await services.deps.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.action, "webhook.create"), eq(auditEntries.targetId, String(id))));
    expect(audited).toHaveLength(1);
  });

  it("is for admins only", async () => {
    const member = await createTestAccount(services.deps.db, { role: "member" });
    await expect(callerFor(services.deps, member.user).outgoing.webhooks()).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(callerFor(services.deps, null).outgoing.mail({ status: "failed" })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });
});
