import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts } from "@/db/schema";
import { loadSessionUser } from "@/server/infra/auth/session";
import { authenticate } from "./authenticate";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  describeEvent,
  sessionClaimsOf,
  type TestServices,
} from "@/server/testing/fixtures";
import { callFailure, clientErrorShape } from "@/server/testing/trpc-errors";

let services: TestServices;
beforeAll(async () => {
  services = await createTestServices();
});
afterAll(async () => {
  await services?.close();
});

async function storedAccount(id: number) {
  const [row] = await services.deps.db.select().from(accounts).where(eq(accounts.id, id));
  if (!row) throw new Error(`account ${id} is gone`);
  return row;
}

describe(`account router (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[SESSION] session is null signed out and the signed-in user otherwise", async () => {
    const { user } = await createTestAccount(services.deps.db, { role: "researcher" });
    expect(await callerFor(services.deps, null).account.session()).toBeNull();
    expect(await callerFor(services.deps, user).account.session()).toEqual(user);
  });

  it("[PROFILE] me needs a session, and shows the profile with region and cluster but no password hash", async () => {
    expect(await callFailure(callerFor(services.deps, null).account.me())).toMatchObject({
      code: "UNAUTHORIZED",
      httpStatus: 401,
    });

    const { account, user } = await createTestAccount(services.deps.db, {
      role: "member",
      regionCode: "shenzhen",
      displayName: "李明 Li Ming",
      organisation: "深圳先进技术研究院",
    });
    const me = await callerFor(services.deps, user).account.me();
    expect(me).toMatchObject({
      id: account.id,
      email: account.email,
      displayName: "李明 Li Ming",
      organisation: "深圳先进技术研究院",
      role: "member",
      locale: "zh-CN",
      region: { id: account.regionId, code: "shenzhen" },
      cluster: { code: "prd" },
    });
    expect(me.region.nameEn).toBeTruthy();
    expect(me.cluster.nameZh).toBeTruthy();
    expect(Object.keys(me)).not.toContain("passwordHash");
    expect(JSON.stringify(me)).not.toContain("scrypt$");
  });

  it("[PROFILE] updateProfile changes name, organisation and locale, and refuses a blank name", async () => {
    const { account, user } = await createTestAccount(services.deps.db, {
      role: "member",
      displayName: "Old Name",
      organisation: "Old Org",
    });
    const caller = callerFor(services.deps, user);

    const updated = await caller.account.updateProfile({
      displayName: "  New Name  ",
      organisation: "New Org",
      locale: "en",
    });
    expect(updated).toMatchObject({ displayName: "New Name", organisation: "New Org", locale: "en" });
    expect(await caller.account.me()).toMatchObject({ displayName: "New Name", organisation: "New Org", locale: "en" });

    const blankInput = { displayName: "   ", organisation: "Other Org", locale: "zh-CN" } as const;
    const blank = await callFailure(caller.account.updateProfile(blankInput));
    expect(blank).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400 });
    // Worded from the catalogue in the request's language (Chinese without one), with the field alongside.
    const blankShape = clientErrorShape(blank.error, "account.updateProfile", "mutation", blankInput);
    expect(blankShape.message).toBe("此项为必填项。");
    expect(blankShape.data.fieldErrors?.map((issue) => issue.field)).toEqual(["displayName"]);
    expect(await storedAccount(account.id)).toMatchObject({
      displayName: "New Name",
      organisation: "New Org",
      locale: "en",
    });
  });

  it("[PROFILE] names are stored without bidi overrides, zero-width or control characters, and folded to NFKC", async () => {
    const { account, user } = await createTestAccount(services.deps.db, { role: "member" });
    const caller = callerFor(services.deps, user);
    await caller.account.updateProfile({
      displayName: "\u202eAdmin\u202c\u200b Ｗａｎｇ\tLi",
      organisation: "Org\u2066\u0007 Ltd\u2069",
      locale: "en",
    });
    expect(await storedAccount(account.id)).toMatchObject({ displayName: "Admin Wang Li", organisation: "Org Ltd" });
    const invisibleInput = { displayName: "\u200b\u202e\u3164", organisation: "Org", locale: "en" } as const;
    const invisible = await callFailure(caller.account.updateProfile(invisibleInput));
    const invisibleShape = clientErrorShape(invisible.error, "account.updateProfile", "mutation", invisibleInput);
    expect(invisibleShape.message).toBe("此项为必填项。");
    expect(invisibleShape.data.fieldErrors?.map((issue) => issue.field)).toEqual(["displayName"]);
  });

  it("[PASSWORD] a wrong current password is refused and changes nothing", async () => {
    const { account, password, user } = await createTestAccount(services.deps.db, { role: "member" });
    const publishedBefore = services.deps.publisher.published.length;

    const failure = await callFailure(
      callerFor(services.deps, user).account.changePassword({
        currentPassword: "not-my-password",
        newPassword: "a-brand-new-password",
      }),
    );

    expect(failure).toMatchObject({ code: "UNAUTHORIZED", reason: "WRONG_PASSWORD" });
    const after = await storedAccount(account.id);
    expect(after.passwordHash).toBe(account.passwordHash);
    expect(after.sessionVersion).toBe(account.sessionVersion);
    expect((await authenticate(services.deps.db, account.email, password)).ok).toBe(true);
    expect((await authenticate(services.deps.db, account.email, "a-brand-new-password")).ok).toBe(false);
    expect(await loadSessionUser(services.deps.db, await sessionClaimsOf(services.deps.db, account))).toEqual(user);
    expect(services.deps.publisher.published.length).toBe(publishedBefore);
  });

  it("[PASSWORD] the right current password sets the new one and ends every session of the person", async () => {
    const { account, password, user } = await createTestAccount(services.deps.db, { role: "moderator" });
    const oldClaims = await sessionClaimsOf(services.deps.db, account);
    const otherBrowser = await sessionClaimsOf(services.deps.db, account);
    // Outside demo mode a moderator without two-factor sign-in is sent to enrol first.
    const sessionUser = { ...user, enrolmentRequired: true };
    expect(await loadSessionUser(services.deps.db, oldClaims)).toEqual(sessionUser);

    const result = await callerFor(services.deps, user).account.changePassword({
      currentPassword: password,
      newPassword: "correct horse battery",
    });

    expect(result).toEqual({ signedOut: true });
    const fresh = await authenticate(services.deps.db, account.email, "correct horse battery");
    expect(fresh).toMatchObject({ ok: true, account: { id: account.id } });
    expect(await authenticate(services.deps.db, account.email, password)).toEqual({
      ok: false,
      reason: "WRONG_CREDENTIALS",
    });

    expect(await loadSessionUser(services.deps.db, oldClaims)).toBeNull();
    expect(await loadSessionUser(services.deps.db, otherBrowser)).toBeNull();
    // Signing in again opens a new session.
    expect(await loadSessionUser(services.deps.db, await sessionClaimsOf(services.deps.db, account))).toEqual(
      sessionUser,
    );
    expect(
      services.deps.publisher.published.filter((event) => event.stream === `user:${account.id}`).map(describeEvent),
    ).toEqual([`user:${account.id}#1 session:revoked`]);
  });

  it("[REAUTH] password guesses through the change-password form are limited: after five wrong ones even the right one waits", async () => {
    const { account, password, user } = await createTestAccount(services.deps.db, { role: "member" });
    const caller = callerFor(services.deps, user);
    const guesses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        callFailure(
          caller.account.changePassword({ currentPassword: `guess-number-${i}`, newPassword: "a-brand-new-password" }),
        ),
      ),
    );
    const reasons = guesses.map((failure) => failure.reason).sort();
    expect(reasons).toEqual([...Array(3).fill("RATE_LIMITED"), ...Array(5).fill("WRONG_PASSWORD")]);
    expect(
      await callFailure(
        caller.account.changePassword({ currentPassword: password, newPassword: "a-brand-new-password" }),
      ),
    ).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "RATE_LIMITED" });
    expect((await storedAccount(account.id)).passwordHash).toBe(account.passwordHash);
  });

  it("[SUSPEND] a suspended account has no session and cannot sign in until the suspension ends", async () => {
    const { account, password } = await createTestAccount(services.deps.db, { role: "member" });
    const until = new Date(Date.now() + 24 * 3_600_000);
    await services.deps.db.update(accounts).set({ suspendedUntil: until }).where(eq(accounts.id, account.id));

    const claims = await sessionClaimsOf(services.deps.db, account, 2 * 86_400);
    expect(await loadSessionUser(services.deps.db, claims)).toBeNull();
    expect(await authenticate(services.deps.db, account.email, password)).toEqual({ ok: false, reason: "SUSPENDED" });

    const afterSuspension = new Date(until.getTime() + 60_000);
    expect(await loadSessionUser(services.deps.db, claims, afterSuspension)).toMatchObject({ id: account.id });
    expect(await authenticate(services.deps.db, account.email, password, afterSuspension)).toMatchObject({ ok: true });
  });
});
