import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, auditEntries } from "@/db/schema";
import { loadSessionUser } from "@/server/infra/auth/session";
import { totpCodeAt } from "@/server/domain/two-factor";
import { createMemoryRateLimitStore } from "@/server/infra/rate-limit";
import { checkSecondFactor } from "./two-factor";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  sessionClaimsOf,
  type TestServices,
} from "@/server/testing/fixtures";
import { callFailure } from "@/server/testing/trpc-errors";

const authSecret = "two-factor-test-secret-".padEnd(48, "x");
let services: TestServices;
let previousSecret: string | undefined;

beforeAll(async () => {
  previousSecret = process.env.NEXTAUTH_SECRET;
  process.env.NEXTAUTH_SECRET = authSecret;
  services = await createTestServices();
  services.deps.authSecret = authSecret;
});
afterAll(async () => {
  if (previousSecret === undefined) delete process.env.NEXTAUTH_SECRET;
  else process.env.NEXTAUTH_SECRET = previousSecret;
  await services?.close();
});

async function stored(id: number) {
  const [row] = await services.deps.db.select().from(accounts).where(eq(accounts.id, id));
  return row!;
}

/** Enrols `user` through the router and returns the plain secret and the recovery codes. */
async function enrol(user: Parameters<typeof callerFor>[1] & object, currentPassword: string) {
  const caller = callerFor(services.deps, user);
  const started = await caller.twoFactor.begin();
  const { recoveryCodes } = await caller.twoFactor.confirm({
    code: totpCodeAt(started.secret, new Date()),
    currentPassword,
  });
  return { secret: started.secret, recoveryCodes, started };
}

/** A code that is none of the ones accepted now (this step and its neighbours). */
function wrongCode(secret: string): string {
  const accepted = [-30_000, 0, 30_000].map((d) => totpCodeAt(secret, new Date(Date.now() + d)));
  return ["000000", "111111", "222222", "333333"].find((c) => !accepted.includes(c))!;
}

describe(`two-factor sign-in (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[2FA] enrolment shows a QR code, keeps the secret encrypted, needs a right code, and hands out ten recovery codes once", async () => {
    const { account, user, password } = await createTestAccount(services.deps.db, { role: "member" });
    const caller = callerFor(services.deps, user);
    expect(await caller.twoFactor.status()).toMatchObject({ enabled: false, required: false });

    const started = await caller.twoFactor.begin();
    expect(started.qrSvg).toMatch(/^<svg/);
    expect(started.uri).toContain(`secret=${started.secret}`);
    const row = await stored(account.id);
    expect(row.totpSecret).not.toBeNull();
    expect(row.totpSecret).not.toContain(started.secret);
    expect(row.totpEnabledAt).toBeNull();

    expect(
      await callFailure(caller.twoFactor.confirm({ code: wrongCode(started.secret), currentPassword: password })),
    ).toMatchObject({
      reason: "TWO_FACTOR_CODE_INVALID",
    });
    const { recoveryCodes } = await caller.twoFactor.confirm({
      code: totpCodeAt(started.secret, new Date()),
      currentPassword: password,
    });
    expect(recoveryCodes).toHaveLength(10);
    const enabled = await stored(account.id);
    expect(enabled.totpEnabledAt).not.toBeNull();
    expect(enabled.recoveryCodeHashes).toHaveLength(10);
    expect(enabled.recoveryCodeHashes.some((hash) => recoveryCodes.includes(hash))).toBe(false);
    expect(await caller.twoFactor.status()).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
    expect(await callFailure(caller.twoFactor.begin())).toMatchObject({ reason: "TWO_FACTOR_ALREADY_ENABLED" });
    const audit = await services.deps.db
      .select()
      .from(auditEntries)
      .where(eq(auditEntries.targetId, String(account.id)));
    expect(audit.map((a) => a.action)).toContain("account.two_factor_enabled");
  });

  it("[2FA] sign-in asks for the code after the password, takes the app code or a recovery code once, and refuses others", async () => {
    const { account, user, password } = await createTestAccount(services.deps.db, { role: "researcher" });
    const store = createMemoryRateLimitStore();
    const check = (code: string | undefined) =>
      checkSecondFactor(services.deps.db, store, authSecret, account.id, code);
    // Without two-factor the password is enough.
    expect(await check(undefined)).toEqual({ ok: true, method: "totp" });

    const { secret, recoveryCodes } = await enrol(user, password);
    expect(await check(undefined)).toEqual({ ok: false, reason: "CODE_REQUIRED" });
    const now = totpCodeAt(secret, new Date());
    expect(await check(now)).toEqual({ ok: true, method: "totp" });
    // The same app code does not sign in twice.
    expect(await check(now)).toEqual({ ok: false, reason: "CODE_INVALID" });
    expect(await check(totpCodeAt(secret, new Date(Date.now() - 5 * 60_000)))).toEqual({
      ok: false,
      reason: "CODE_INVALID",
    });

    const [first, second] = recoveryCodes;
    // Typed in capitals with a space: still the same code; and two sign-ins racing with it spend it once.
    const raced = await Promise.all([check(first!.toUpperCase().replace("-", " ")), check(first)]);
    expect(raced.filter((r) => r.ok)).toHaveLength(1);
    expect(await check(first)).toEqual({ ok: false, reason: "CODE_INVALID" });
    expect(await check(second)).toEqual({ ok: true, method: "recovery" });
    expect((await stored(account.id)).recoveryCodeHashes).toHaveLength(8);
  });

  it("[2FA] wrong codes are limited per account: after five, even the right code waits", async () => {
    const { account, user, password } = await createTestAccount(services.deps.db, { role: "member" });
    const { secret } = await enrol(user, password);
    const store = createMemoryRateLimitStore();
    for (let i = 0; i < 5; i += 1)
      expect((await checkSecondFactor(services.deps.db, store, authSecret, account.id, "zzzzz-zzzzz")).ok).toBe(false);
    expect(
      await checkSecondFactor(services.deps.db, store, authSecret, account.id, totpCodeAt(secret, new Date())),
    ).toEqual({ ok: false, reason: "RATE_LIMITED" });
  });

  it("[2FA] turning it off needs a current code", async () => {
    const { account, user, password } = await createTestAccount(services.deps.db, { role: "member" });
    const { secret } = await enrol(user, password);
    const caller = callerFor(services.deps, user);
    expect(
      await callFailure(
        caller.twoFactor.disable({
          code: totpCodeAt(secret, new Date(Date.now() - 10 * 60_000)),
          currentPassword: password,
        }),
      ),
    ).toMatchObject({
      reason: "TWO_FACTOR_CODE_INVALID",
    });
    expect((await stored(account.id)).totpEnabledAt).not.toBeNull();
    await caller.twoFactor.disable({ code: totpCodeAt(secret, new Date()), currentPassword: password });
    const row = await stored(account.id);
    expect(row).toMatchObject({ totpEnabledAt: null, totpSecret: null, recoveryCodeHashes: [] });
  });

  it("[REAUTH] turning two-factor on or off needs the current password, and a wrong one is refused before the code is looked at", async () => {
    const { account, user, password } = await createTestAccount(services.deps.db, { role: "member" });
    const caller = callerFor(services.deps, user);
    const started = await caller.twoFactor.begin();
    const code = () => totpCodeAt(started.secret, new Date());
    expect(
      await callFailure(caller.twoFactor.confirm({ code: code(), currentPassword: "not-my-password" })),
    ).toMatchObject({ code: "UNAUTHORIZED", reason: "WRONG_PASSWORD" });
    expect((await stored(account.id)).totpEnabledAt).toBeNull();
    await caller.twoFactor.confirm({ code: code(), currentPassword: password });
    expect(
      await callFailure(caller.twoFactor.disable({ code: code(), currentPassword: "not-my-password" })),
    ).toMatchObject({ reason: "WRONG_PASSWORD" });
    expect((await stored(account.id)).totpEnabledAt).not.toBeNull();
  });

  it("[2FA] a moderator outside demo mode without two-factor may only reach the account and two-factor procedures until enrolled", async () => {
    const { account, password } = await createTestAccount(services.deps.db, { role: "moderator" });
    const before = await loadSessionUser(services.deps.db, await sessionClaimsOf(services.deps.db, account));
    expect(before?.enrolmentRequired).toBe(true);
    const caller = callerFor(services.deps, before);
    expect(await callFailure(caller.moderation.queue({}))).toMatchObject({
      code: "FORBIDDEN",
      reason: "TWO_FACTOR_REQUIRED",
    });
    expect(await caller.account.me()).toMatchObject({ id: account.id });
    expect(await caller.twoFactor.status()).toMatchObject({ enabled: false, required: true });

    const { secret } = await enrol(before!, password);
    // A required role cannot switch it off again.
    expect(
      await callFailure(caller.twoFactor.disable({ code: totpCodeAt(secret, new Date()), currentPassword: password })),
    ).toMatchObject({ reason: "TWO_FACTOR_REQUIRED" });
    const after = await loadSessionUser(services.deps.db, await sessionClaimsOf(services.deps.db, account));
    expect(after?.enrolmentRequired).toBeUndefined();
    await expect(callerFor(services.deps, after).moderation.queue({})).resolves.toBeDefined();
  });
});
