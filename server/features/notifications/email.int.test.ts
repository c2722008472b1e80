import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import nodemailer from "nodemailer";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { emailOutbox, notifications, projectCoauthors } from "@/db/schema";
import { maxEmailAttempts, verifyUnsubscribeToken } from "@/server/domain/notification-delivery";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  regionIdsByCode,
  type TestAccount,
  type TestServices,
} from "@/server/testing/fixtures";
import { proposalInput } from "@/server/testing/projects";
import { sendDueEmails } from "@/server/infra/mail/email-worker";
import { unsubscribe } from "./notifications";
import { jobHandlers } from "@/server/jobs";
import { runDueJobs } from "@/server/infra/jobs/scheduled-jobs";

interface Received {
  to: string[];
  raw: string;
}

/** A local SMTP server that keeps what it is given, or refuses every recipient while `refuse` is set. */
async function startSmtp() {
  const received: Received[] = [];
  const state = { refuse: false };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onRcptTo(address, _session, callback) {
      if (state.refuse) callback(Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 }));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { received, state, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Just enough MIME to read a message: decoded subject and the decoded text/plain part. */
function readMail(raw: string): { subject: string; headers: string; text: string; html: string } {
  const [head = "", ...rest] = raw.split(/\r?\n\r?\n/);
  const headers = head.replace(/\r?\n[ \t]+/g, " ");
  const decodeWords = (value: string) =>
    value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_m, enc: string, data: string) =>
      enc.toLowerCase() === "b"
        ? Buffer.from(data, "base64").toString("utf8")
        : Buffer.from(
            data
              .replace(/_/g, " ")
              .replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
            "latin1",
          ).toString("utf8"),
    );
  const subject = decodeWords(/^Subject: (.*)$/im.exec(headers)?.[1] ?? "");
  const body = rest.join("\n\n");
  const part = (type: string) => {
    const boundary = /boundary="([^"]+)"/i.exec(headers)?.[1] ?? "";
    const match = new RegExp(
      `Content-Type: ${type}[^]*?\\r?\\n\\r?\\n([^]*?)\\r?\\n--${boundary.replace(/[^\w]/g, "\\$&")}`,
      "i",
    ).exec(body);
    const section = match?.[0] ?? "";
    const content = match?.[1] ?? "";
    if (/Content-Transfer-Encoding: base64/i.test(section))
      return Buffer.from(content.replace(/\s+/g, ""), "base64").toString("utf8");
    const qp = content.replace(/=\r?\n/g, "");
    return Buffer.from(
      qp.replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
      "latin1",
    ).toString("utf8");
  };
  return { subject, headers, text: part("text/plain"), html: part("text/html") };
}

let services: TestServices;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let regionId: (code: string) => number;
const secret = "a-test-secret-that-is-long-enough-1234567";

beforeAll(async () => {
  services = await createTestServices();
  regionId = await regionIdsByCode(services.deps.db);
  smtp = await startSmtp();
  services.deps.mail = { baseUrl: "http://xietong.test", from: "Xietong <noreply@xietong.test>", authSecret: secret };
});
afterEach(() => {
  smtp.state.refuse = false;
});
afterAll(async () => {
  await smtp?.close();
  await services?.close();
});

const transport = () =>
  nodemailer.createTransport({ host: "127.0.0.1", port: smtp.port, secure: false, ignoreTLS: true });
const worker = (now: () => Date = () => new Date()) => ({
  db: services.deps.db,
  transport: transport(),
  from: "Xietong <noreply@xietong.test>",
  now,
});

/** A draft project whose proposer invites `invitee` to co-propose: an at-once email by default. */
async function invite(invitee: TestAccount) {
  const proposer = await createTestAccount(services.deps.db, {
    role: "researcher",
    regionCode: "shenzhen",
    displayName: "Li Wei",
  });
  const project = await callerFor(services.deps, proposer.user).projects.create(proposalInput(regionId));
  await callerFor(services.deps, proposer.user).projects.inviteCoauthor({
    projectId: project.id,
    accountId: invitee.account.id,
  });
  return project;
}

const outboxOf = (who: TestAccount) =>
  services.deps.db.select().from(emailOutbox).where(eq(emailOutbox.recipientId, who.account.id));

describe("notification email", () => {
  it("is sent through SMTP in the recipient's language with a plain-text part and a working unsubscribe link", async () => {
    const english = await createTestAccount(services.deps.db, {
      role: "researcher",
      regionCode: "dongguan",
      locale: "en",
    });
    const chinese = await createTestAccount(services.deps.db, {
      role: "researcher",
      regionCode: "dongguan",
      locale: "zh-CN",
    });
    await invite(english);
    await invite(chinese);
    expect(await sendDueEmails(worker())).toBe(2);

    const mailTo = (who: TestAccount) => readMail(smtp.received.find((m) => m.to.includes(who.account.email))!.raw);
    const en = mailTo(english);
    expect(en.subject).toBe("[Xietong] Li Wei invited you to co-propose “Shenzhen–Dongguan chip packaging pilot line”");
    expect(en.text).toContain("http://xietong.test/projects/");
    const zh = mailTo(chinese);
    expect(zh.subject).toBe("[协同平台] Li Wei 邀请您联合提出“Shenzhen–Dongguan chip packaging pilot line”");
    expect(zh.text).toContain("如需退订此类邮件");

    const link = /http:\/\/xietong\.test\/api\/unsubscribe\?token=(\S+)/.exec(en.text);
    expect(link).not.toBeNull();
    expect(en.headers).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    const token = verifyUnsubscribeToken(secret, link![1]!);
    expect(token).toEqual({ accountId: english.account.id, kind: "coauthor_invited" });
    await unsubscribe(services.deps.db, token!.accountId, token!.kind);
    const prefs = await callerFor(services.deps, english.user).notifications.preferences();
    expect(prefs.kinds.find((k) => k.kind === "coauthor_invited")).toEqual({
      kind: "coauthor_invited",
      inApp: true,
      email: "off",
    });
    await invite(english);
    expect(await outboxOf(english)).toHaveLength(1);
  });

  it("leaves the cause committed when the mail server refuses, retries with backoff, and gives up visibly", async () => {
    smtp.state.refuse = true;
    const invitee = await createTestAccount(services.deps.db, {
      role: "researcher",
      regionCode: "dongguan",
      locale: "en",
    });
    const project = await invite(invitee);
    let now = new Date();
    expect(await sendDueEmails(worker(() => now))).toBe(0);

    const [coauthor] = await services.deps.db
      .select()
      .from(projectCoauthors)
      .where(eq(projectCoauthors.projectId, project.id));
    expect(coauthor?.status).toBe("invited");
    let [row] = await outboxOf(invitee);
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row!.lastError).toContain("Mailbox unavailable");
    expect(row!.nextAttemptAt.getTime()).toBeGreaterThan(now.getTime());
    // Not yet due: nothing is tried.
    expect(await sendDueEmails(worker(() => now))).toBe(0);
    expect((await outboxOf(invitee))[0]!.attempts).toBe(1);

    for (let attempt = 2; attempt <= maxEmailAttempts; attempt += 1) {
      now = new Date(now.getTime() + 2 * 3_600_000);
      await sendDueEmails(worker(() => now));
    }
    [row] = await outboxOf(invitee);
    expect(row).toMatchObject({ status: "failed", attempts: maxEmailAttempts });

    // A server that recovers takes the next mail at once.
    smtp.state.refuse = false;
    const again = await createTestAccount(services.deps.db, { role: "researcher", regionCode: "dongguan" });
    await invite(again);
    expect(await sendDueEmails(worker())).toBe(1);
  });

  it("groups a day's digest items into one mail once", async () => {
    const reader = await createTestAccount(services.deps.db, {
      role: "researcher",
      regionCode: "dongguan",
      locale: "en",
    });
    // Answers to invitations go in the daily digest by default.
    for (let i = 0; i < 2; i += 1) {
      const project = await callerFor(services.deps, reader.user).projects.create(
        proposalInput(regionId, { leadRegionId: regionId("dongguan"), partnerRegionIds: [regionId("shenzhen")] }),
      );
      const partner = await createTestAccount(services.deps.db, {
        role: "researcher",
        regionCode: "shenzhen",
        displayName: `Partner ${i}`,
      });
      await callerFor(services.deps, reader.user).projects.inviteCoauthor({
        projectId: project.id,
        accountId: partner.account.id,
      });
      await callerFor(services.deps, partner.user).projects.respondToInvitation({
        projectId: project.id,
        response: i === 0 ? "accept" : "decline",
      });
    }
    const pending = await services.deps.db
      .select()
      .from(notifications)
      .where(eq(notifications.recipientId, reader.account.id));
    expect(pending.filter((n) => n.digestPending)).toHaveLength(2);
    expect(await outboxOf(reader)).toEqual([]);

    const tomorrow = { ...services.deps, now: () => new Date(Date.now() + 86_400_000 + 60_000) };
    await runDueJobs(tomorrow, jobHandlers);
    await runDueJobs(tomorrow, jobHandlers);
    const mails = await outboxOf(reader);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("[Xietong] Your daily summary: 2 notifications");
    expect(mails[0]!.textBody).toContain("Partner 0 accepted your invitation to co-propose");
    expect(mails[0]!.textBody).toContain("Partner 1 declined your invitation to co-propose");
  });
});
