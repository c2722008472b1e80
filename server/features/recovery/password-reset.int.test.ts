import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEntries, emailOutbox, invitations, passwordResets } from "@/db/schema";
import { loadSessionUser } from "@/server/infra/auth/session";
import { callFailure } from "@/server/testing/trpc-errors";
import {
  callerFor,
  createTestAccount,
  createTestClock,
  createTestServices,
  sessionClaimsOf,
  type TestServices,
} from "@/server/testing/fixtures";
import { authenticate } from "@/server/features/accounts/authenticate";
import { hashResetToken, resetLimits } from "./password-reset";
import { signInLimits, signInWithPassword } from "@/server/features/accounts/sign-in";

let services: TestServices;
const clock = createTestClock();
const newPassword = "a brand new passphrase 7";

beforeAll(async () => {
  services = await createTestServices({ now: clock.now });
  services.deps.mail = {
    baseUrl: "http://xietong.test",
    from: "Xietong <noreply@xietong.test>",
    authSecret: "a-test-secret-that-is-long-enough-1234567",
  };
});
afterAll(async () => {
  await services?.close();
});

const signedOut = () => callerFor(services.deps, null);
const resetsOf = (accountId: number) =>
  services.deps.db.select().from(passwordResets).where(eq(passwordResets.accountId, accountId));
const mailsTo = (address: string) =>
  services.deps.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, address));

/** The token from the link in the newest mail to `address`. */
async function linkTokenFor(address: string): Promise<string> {
  const mails = await mailsTo(address);
  const text = mails.at(-1)?.textBody ?? "";
  const match = /http:\/\/xietong\.test\/reset-password\/([\w-]+)/.exec(text);
  if (!match) throw new Error(`no reset link in: ${text}`);
  return match[1]!;
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

describe("[RESET] password reset by email", () => {
  it("mails a one-time link, stores only its hash, and answers an unknown address the same, after the same delay", async () => {
    const person = await createTestAccount(services.deps.db, { role: "researcher", locale: "en" });
    const known = await timed(() => signedOut().recovery.request({ email: person.account.email.toUpperCase() }));
    const unknownAddress = `nobody-${Date.now()}@test.xietong.cn`;
    const unknown = await timed(() => signedOut().recovery.request({ email: unknownAddress }));

    expect(unknown.value).toEqual(known.value);
    expect(known.ms).toBeGreaterThanOrEqual(resetLimits.answerAfterMs - 5);
    expect(unknown.ms).toBeGreaterThanOrEqual(resetLimits.answerAfterMs - 5);
    expect(Math.abs(known.ms - unknown.ms)).toBeLessThan(resetLimits.answerAfterMs / 2);
    expect(await mailsTo(unknownAddress)).toEqual([]);

    const token = await linkTokenFor(person.account.email);
    const [mail] = await mailsTo(person.account.email);
    expect(mail!.subject).toBe("[Xietong] Reset your password");
    const [row] = await resetsOf(person.account.id);
    expect(row!.tokenHash).toBe(hashResetToken(token));
    expect(row!.tokenHash).not.toContain(token);
    const stored = JSON.stringify(await services.deps.db.select().from(passwordResets));
    expect(stored).not.toContain(token);
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBeGreaterThan(
      (resetLimits.selfServiceMinutes - 1) * 60_000,
    );
    expect(row!.expiresAt.getTime() - clock.now().getTime()).toBeLessThanOrEqual(
      resetLimits.selfServiceMinutes * 60_000,
    );
  });

  it("sets the password through the password-change path, ending every session, and works only once", async () => {
    const person = await createTestAccount(services.deps.db, { role: "member", locale: "zh-CN" });
    const before = await sessionClaimsOf(services.deps.db, person.account);
    expect(await loadSessionUser(services.deps.db, before)).not.toBeNull();
    await signedOut().recovery.request({ email: person.account.email });
    const token = await linkTokenFor(person.account.email);
    expect((await mailsTo(person.account.email))[0]!.subject).toBe("[协同平台] 重置您的密码");

    expect(await signedOut().recovery.check({ token })).toHaveProperty("expiresAt");
    services.deps.publisher.published.length = 0;
    await signedOut().recovery.reset({ token, newPassword });

    expect(await loadSessionUser(services.deps.db, before)).toBeNull();
    expect(services.deps.publisher.published.map((e) => `${e.stream} ${e.type}`)).toContain(
      `user:${person.account.id} session:revoked`,
    );
    expect((await authenticate(services.deps.db, person.account.email, newPassword, new Date())).ok).toBe(true);
    expect((await authenticate(services.deps.db, person.account.email, person.password, new Date())).ok).toBe(false);
    const [audit] = await services.deps.db
      .select()
      .from(auditEntries)
      .where(
        and(eq(auditEntries.action, "account.password-reset"), eq(auditEntries.targetId, String(person.account.id))),
      );
    expect(audit?.actorId).toBe(person.account.id);

    const again = await callFailure(signedOut().recovery.reset({ token, newPassword: "yet another passphrase 8" }));
    expect(again.reason).toBe("RESET_LINK_USED");
    expect((await callFailure(signedOut().recovery.check({ token }))).reason).toBe("RESET_LINK_USED");
    expect((await callFailure(signedOut().recovery.reset({ token: "x".repeat(43), newPassword }))).reason).toBe(
      "RESET_LINK_INVALID",
    );
  });

  it("refuses a link after it expires", async () => {
    const person = await createTestAccount(services.deps.db, { role: "researcher" });
    await signedOut().recovery.request({ email: person.account.email });
    const token = await linkTokenFor(person.account.email);
    clock.advanceSeconds(resetLimits.selfServiceMinutes * 60 + 1);
    const late = await callFailure(signedOut().recovery.reset({ token, newPassword }));
    expect(late.reason).toBe("RESET_LINK_EXPIRED");
    expect((await authenticate(services.deps.db, person.account.email, person.password, new Date())).ok).toBe(true);
  });

  it("limits requests per address asked for, whether or not it has an account", async () => {
    for (const email of [
      `limit-${Date.now()}@test.xietong.cn`,
      (await createTestAccount(services.deps.db, { role: "researcher" })).account.email,
    ]) {
      for (let i = 0; i < resetLimits.perEmail; i += 1) await signedOut().recovery.request({ email });
      expect((await callFailure(signedOut().recovery.request({ email }))).reason).toBe("RATE_LIMITED");
    }
  });

  it("lifts a sign-in lockout, so a locked-out person gets back in with the new password", async () => {
    const person = await createTestAccount(services.deps.db, { role: "researcher" });
    const store = services.deps.rateLimits!;
    for (let i = 0; i < signInLimits.perAccount; i += 1)
      await signInWithPassword(services.deps.db, store, {
        email: person.account.email,
        password: "wrong",
        address: null,
      });
    expect(
      await signInWithPassword(services.deps.db, store, {
        email: person.account.email,
        password: person.password,
        address: null,
      }),
    ).toEqual({ ok: false, reason: "RATE_LIMITED" });
    await signedOut().recovery.request({ email: person.account.email });
    await signedOut().recovery.reset({ token: await linkTokenFor(person.account.email), newPassword });
    expect(
      (
        await signInWithPassword(services.deps.db, store, {
          email: person.account.email,
          password: newPassword,
          address: null,
        })
      ).ok,
    ).toBe(true);
  });
});

describe("[ADMIN] reset link and renewed invitation", () => {
  it("sends a reset link to an account, audited, that ends the person's sessions when used", async () => {
    const admin = await createTestAccount(services.deps.db, { role: "admin" });
    const person = await createTestAccount(services.deps.db, { role: "member", locale: "en" });
    const claims = await sessionClaimsOf(services.deps.db, person.account);
    const sent = await callerFor(services.deps, admin.user).recovery.sendReset({ accountId: person.account.id });
    expect(sent.mailed).toBe(true);
    expect(sent.path).toBe(`/reset-password/${await linkTokenFor(person.account.email)}`);
    const [row] = await resetsOf(person.account.id);
    expect(row!.requestedById).toBe(admin.account.id);
    const [audit] = await services.deps.db
      .select()
      .from(auditEntries)
      .where(
        and(
          eq(auditEntries.action, "account.password-reset-sent"),
          eq(auditEntries.targetId, String(person.account.id)),
        ),
      );
    expect(audit).toMatchObject({ actorId: admin.account.id, targetType: "account" });

    expect(
      (await callFailure(callerFor(services.deps, person.user).recovery.sendReset({ accountId: admin.account.id })))
        .code,
    ).toBe("FORBIDDEN");
    expect(await resetsOf(admin.account.id)).toEqual([]);

    await signedOut().recovery.reset({ token: sent.path.split("/").pop()!, newPassword });
    expect(await loadSessionUser(services.deps.db, claims)).toBeNull();
  });

  it("renews an expired invitation with a new link (the old one stops working), audited; a used one cannot be", async () => {
    const admin = await createTestAccount(services.deps.db, { role: "admin" });
    const asAdmin = callerFor(services.deps, admin.user);
    const email = `renew-${Date.now()}@test.xietong.cn`;
    const issued = await asAdmin.invitations.issue({ email, role: "researcher", regionId: admin.account.regionId });
    clock.advanceHours(services.deps.inviteTtlHours + 1);
    expect((await callFailure(signedOut().invitations.preview({ token: issued.token }))).reason).toBe("INVITE_EXPIRED");

    const renewed = await asAdmin.recovery.renewInvitation({ invitationId: issued.id });
    expect(renewed.mailed).toBe(true);
    const newToken = renewed.path.split("/").pop()!;
    expect((await signedOut().invitations.preview({ token: newToken })).email).toBe(email);
    expect((await callFailure(signedOut().invitations.preview({ token: issued.token }))).reason).toBe(
      "INVITE_NOT_FOUND",
    );
    const [mail] = await mailsTo(email);
    expect(mail!.recipientId).toBeNull();
    expect(mail!.textBody).toContain(`http://xietong.test/invite/${newToken}`);
    const [audit] = await services.deps.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.action, "invitation.renew"), eq(auditEntries.targetId, String(issued.id))));
    expect(audit).toMatchObject({ actorId: admin.account.id, before: { status: "expired" } });

    await signedOut().invitations.redeem({
      token: newToken,
      displayName: "Renewed",
      organisation: "Lab",
      password: newPassword,
    });
    expect((await callFailure(asAdmin.recovery.renewInvitation({ invitationId: issued.id }))).reason).toBe(
      "INVITE_USED",
    );
    expect(
      (await services.deps.db.select().from(invitations).where(eq(invitations.id, issued.id)))[0]!.redeemedAt,
    ).not.toBeNull();
  });
});
