import type { inferRouterInputs } from "@trpc/server";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, auditEntries, events, invitations, regions, type Role } from "@/db/schema";
import { invitationExpiresAt } from "@/server/domain/time-states";
import { authenticate } from "./authenticate";
import {
  callerFor,
  createTestAccount,
  createFrozenClock,
  createTestClock,
  createTestServices,
  observeCommitsAndPublishes,
  uniqueEmail,
  type TestAccount,
  type TestServices,
} from "@/server/testing/fixtures";
import { callFailure, clientErrorShape } from "@/server/testing/trpc-errors";
import type { AppRouter } from "@/server/trpc/root";

type InvitationInputs = inferRouterInputs<AppRouter>["invitations"];

let services: TestServices;
let admin: TestAccount;
let regionIds: Map<string, number>;

beforeAll(async () => {
  services = await createTestServices();
  admin = await createTestAccount(services.deps.db, { role: "admin", regionCode: "hangzhou" });
  const rows = await services.deps.db.select({ id: regions.id, code: regions.code }).from(regions);
  regionIds = new Map(rows.map((row) => [row.code, row.id]));
});
afterAll(async () => {
  await services?.close();
});

function regionId(code: string): number {
  const id = regionIds.get(code);
  if (id === undefined) throw new Error(`Region ${code} is not seeded`);
  return id;
}

const asAdmin = () => callerFor(services.deps, admin.user);
const signedOut = () => callerFor(services.deps, null);

async function issue(options: { email?: string; role?: Role; regionCode?: string } = {}) {
  const email = options.email ?? uniqueEmail("invitee");
  const invite = await asAdmin().invitations.issue({
    email,
    role: options.role ?? "member",
    regionId: regionId(options.regionCode ?? "suzhou"),
  });
  return { ...invite, email };
}

async function accountsWithEmail(email: string) {
  return services.deps.db
    .select()
    .from(accounts)
    .where(sql`lower(${accounts.email}) = ${email.toLowerCase()}`);
}

async function listed(id: number) {
  const row = (await asAdmin().invitations.list()).invitations.find((invitation) => invitation.id === id);
  if (!row) throw new Error(`invitation ${id} is not listed`);
  return row;
}

const newcomer = {
  displayName: "周新 Zhou Xin",
  organisation: "苏州工业园区科技局",
  password: "a-long-enough-password",
};

describe(`invitations router (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[INVITE] admin issues an invitation: a one-time link, an audit row, and an admin event after commit", async () => {
    const { deps, timeline } = observeCommitsAndPublishes(services.deps);
    const caller = callerFor(deps, admin.user);
    const email = uniqueEmail("first");
    const before = Date.now();

    const invite = await caller.invitations.issue({
      email: `  ${email.toUpperCase()} `,
      role: "researcher",
      regionId: regionId("suzhou"),
    });

    expect(invite.token.length).toBeGreaterThanOrEqual(40);
    expect(invite.path).toBe(`/invite/${invite.token}`);
    const ttlMs = invite.expiresAt.getTime() - before;
    expect(ttlMs).toBeGreaterThan(72 * 3_600_000 - 60_000);
    expect(ttlMs).toBeLessThanOrEqual(72 * 3_600_000 + 60_000);

    const [row] = await services.deps.db.select().from(invitations).where(eq(invitations.id, invite.id));
    expect(row).toMatchObject({
      email,
      role: "researcher",
      regionId: regionId("suzhou"),
      invitedById: admin.account.id,
      redeemedAt: null,
      revokedAt: null,
    });
    // Only a hash is stored.
    expect(JSON.stringify(row)).not.toContain(invite.token);

    const audit = await services.deps.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.action, "invitation.issue"), eq(auditEntries.targetId, String(invite.id))));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: admin.account.id,
      targetType: "invitation",
      after: { email, role: "researcher" },
    });

    // Published after commit; then the answer's row is read (read-only) with the stream's head.
    expect(timeline).toEqual(["commit", "publish admin#1 invitation:issued", "read"]);
    const [published] = services.deps.publisher.published.filter((event) => event.stream === "admin");
    // The event carries the row as the admin's list reads it: the answer has the same row.
    expect(published?.payload).toEqual({
      invitationId: invite.id,
      invitation: JSON.parse(JSON.stringify(invite.invitation)),
    });
    expect(invite.invitation).toMatchObject({
      id: invite.id,
      email,
      status: "pending",
      invitedBy: admin.account.displayName,
    });

    const second = await callerFor(deps, admin.user).invitations.issue({
      email: uniqueEmail("second"),
      role: "member",
      regionId: regionId("beijing"),
    });
    expect(timeline).toEqual([
      "commit",
      "publish admin#1 invitation:issued",
      "read",
      "commit",
      "publish admin#2 invitation:issued",
      "read",
    ]);
    const stored = await services.deps.db
      .select({ seq: events.seq, payload: events.payload })
      .from(events)
      .where(eq(events.stream, "admin"));
    expect(stored).toEqual([
      { seq: 1, payload: expect.objectContaining({ invitationId: invite.id }) },
      { seq: 2, payload: expect.objectContaining({ invitationId: second.id }) },
    ]);
  });

  it("[INVITE] the list shows a new invitation as pending, with who sent it", async () => {
    const invite = await issue({ role: "moderator" });
    expect(await listed(invite.id)).toMatchObject({
      email: invite.email,
      role: "moderator",
      regionId: regionId("suzhou"),
      status: "pending",
      invitedBy: admin.account.displayName,
      redeemedAt: null,
      revokedAt: null,
    });
  });

  it("[INVITE] issuing and renewing give the expiry of one rule, and the link expires at that instant", async () => {
    const clock = createFrozenClock(new Date("2026-05-01T00:00:00.000Z"));
    const deps = { ...services.deps, now: clock.now };
    const email = uniqueEmail("expiry");
    const issued = await callerFor(deps, admin.user).invitations.issue({
      email,
      role: "member",
      regionId: regionId("suzhou"),
    });
    expect(issued.expiresAt).toEqual(invitationExpiresAt(clock.now(), deps.inviteTtlHours));
    clock.advanceHours(5);
    const renewed = await callerFor(deps, admin.user).recovery.renewInvitation({ invitationId: issued.id });
    expect(renewed.expiresAt).toEqual(invitationExpiresAt(clock.now(), deps.inviteTtlHours));
    const [row] = await services.deps.db.select().from(invitations).where(eq(invitations.id, issued.id));
    expect(row!.expiresAt).toEqual(renewed.expiresAt);
    const token = renewed.path.split("/").pop()!;
    clock.advanceSeconds(deps.inviteTtlHours * 3600 - 1);
    expect((await callerFor(deps, null).invitations.preview({ token })).email).toBe(email);
    clock.advanceSeconds(1);
    expect((await callFailure(callerFor(deps, null).invitations.preview({ token }))).reason).toBe("INVITE_EXPIRED");
  });

  it("[INVITE] anyone holding the link can preview its email, role and region", async () => {
    const invite = await issue({ role: "researcher", regionCode: "qingdao" });
    const preview = await signedOut().invitations.preview({ token: invite.token });
    expect(preview).toMatchObject({
      email: invite.email,
      role: "researcher",
      region: { id: regionId("qingdao"), code: "qingdao" },
    });
    expect(preview.region.nameZh).toBeTruthy();
    expect(Object.keys(preview)).not.toContain("tokenHash");
  });

  it("[REDEEM] redeeming creates the account with the invitation's role and region and the chosen name", async () => {
    const invite = await issue({ role: "researcher", regionCode: "tianjin" });

    const result = await signedOut().invitations.redeem({ token: invite.token, ...newcomer });

    expect(result.email).toBe(invite.email);
    const [account] = await accountsWithEmail(invite.email);
    expect(account).toMatchObject({
      id: result.accountId,
      role: "researcher",
      regionId: regionId("tianjin"),
      displayName: newcomer.displayName,
      organisation: newcomer.organisation,
    });
    expect(account?.passwordHash).not.toContain(newcomer.password);
    expect(await authenticate(services.deps.db, invite.email, newcomer.password)).toMatchObject({
      ok: true,
      account: { id: result.accountId, role: "researcher", regionId: regionId("tianjin") },
    });
    expect(await authenticate(services.deps.db, invite.email, "a-different-password")).toEqual({
      ok: false,
      reason: "WRONG_CREDENTIALS",
    });

    const row = await listed(invite.id);
    expect(row.status).toBe("redeemed");
    const audit = await services.deps.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.action, "invitation.redeem"), eq(auditEntries.targetId, String(invite.id))));
    expect(audit).toMatchObject([{ actorId: result.accountId }]);
    expect(
      services.deps.publisher.published
        .filter((event) => event.type === "invitation:redeemed")
        .map((event) => event.payload),
    ).toContainEqual({
      invitationId: invite.id,
      accountId: result.accountId,
      invitation: expect.objectContaining({ id: invite.id, status: "redeemed" }),
      account: expect.objectContaining({ id: result.accountId, email: result.email, suspended: false }),
    });
  });

  it("[REDEEM] the chosen name is stored cleaned: no bidi override, zero-width or control character", async () => {
    const invite = await issue();
    await signedOut().invitations.redeem({
      token: invite.token,
      ...newcomer,
      displayName: "周新\u202e nimdA\u200d\u0007",
      organisation: "\ufeff苏州\u2067科技局",
    });
    const [account] = await accountsWithEmail(invite.email);
    expect(account).toMatchObject({ displayName: "周新 nimdA", organisation: "苏州科技局" });
  });

  it("[REDEEM] a used link is refused with CONFLICT and creates no second account", async () => {
    const invite = await issue();
    await signedOut().invitations.redeem({ token: invite.token, ...newcomer });

    const again = await callFailure(
      signedOut().invitations.redeem({ token: invite.token, ...newcomer, displayName: "Someone Else" }),
    );

    expect(again).toMatchObject({ code: "CONFLICT", httpStatus: 409, reason: "INVITE_USED" });
    expect(await accountsWithEmail(invite.email)).toMatchObject([{ displayName: newcomer.displayName }]);
    expect(await callFailure(signedOut().invitations.preview({ token: invite.token }))).toMatchObject({
      code: "CONFLICT",
      reason: "INVITE_USED",
    });
  });

  it("[REDEEM] an expired link is refused with BAD_REQUEST", async () => {
    const clock = createTestClock();
    const timed = { ...services.deps, now: clock.now };
    const email = uniqueEmail("late");
    const invite = await callerFor(timed, admin.user).invitations.issue({
      email,
      role: "member",
      regionId: regionId("yantai"),
    });
    clock.advanceHours(71);
    expect(await callerFor(timed, null).invitations.preview({ token: invite.token })).toMatchObject({ role: "member" });

    clock.advanceHours(2);
    const redeem = await callFailure(callerFor(timed, null).invitations.redeem({ token: invite.token, ...newcomer }));

    expect(redeem).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400, reason: "INVITE_EXPIRED" });
    expect(await callFailure(callerFor(timed, null).invitations.preview({ token: invite.token }))).toMatchObject({
      reason: "INVITE_EXPIRED",
    });
    expect(
      (await callerFor(timed, admin.user).invitations.list()).invitations.find((row) => row.id === invite.id)?.status,
    ).toBe("expired");
    expect(await accountsWithEmail(email)).toEqual([]);
  });

  it("[REDEEM] a revoked link is refused with BAD_REQUEST", async () => {
    const invite = await issue();
    expect(await asAdmin().invitations.revoke({ id: invite.id })).toMatchObject({ id: invite.id, status: "revoked" });
    expect((await listed(invite.id)).status).toBe("revoked");
    const audit = await services.deps.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.action, "invitation.revoke"), eq(auditEntries.targetId, String(invite.id))));
    expect(audit).toMatchObject([{ actorId: admin.account.id }]);

    const redeem = await callFailure(signedOut().invitations.redeem({ token: invite.token, ...newcomer }));

    expect(redeem).toMatchObject({ code: "BAD_REQUEST", reason: "INVITE_REVOKED" });
    expect(await accountsWithEmail(invite.email)).toEqual([]);
  });

  it("[REDEEM] an unknown token is NOT_FOUND", async () => {
    const token = "x".repeat(43);
    expect(await callFailure(signedOut().invitations.redeem({ token, ...newcomer }))).toMatchObject({
      code: "NOT_FOUND",
      httpStatus: 404,
      reason: "INVITE_NOT_FOUND",
    });
    expect(await callFailure(signedOut().invitations.preview({ token }))).toMatchObject({
      code: "NOT_FOUND",
      reason: "INVITE_NOT_FOUND",
    });
  });

  it("[INVITE] inviting an email that already has an account is a CONFLICT, whatever its case", async () => {
    const existing = await createTestAccount(services.deps.db, { role: "member" });
    const countBefore = (await services.deps.db.select().from(invitations)).length;

    const failure = await callFailure(
      asAdmin().invitations.issue({
        email: ` ${existing.account.email.toUpperCase()}`,
        role: "researcher",
        regionId: regionId("suzhou"),
      }),
    );

    expect(failure).toMatchObject({ code: "CONFLICT", reason: "EMAIL_TAKEN" });
    expect((await services.deps.db.select().from(invitations)).length).toBe(countBefore);
  });

  it("[REDEEM] two simultaneous redemptions of one link: exactly one wins, one account exists", async () => {
    const invite = await issue({ role: "member" });

    const results = await Promise.allSettled([
      signedOut().invitations.redeem({ token: invite.token, ...newcomer, displayName: "First Tab" }),
      signedOut().invitations.redeem({ token: invite.token, ...newcomer, displayName: "Second Tab" }),
    ]);

    const fulfilled = results.filter((result) => result.status === "fulfilled");
    const rejected = results.filter((result) => result.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(await callFailure(Promise.reject(rejected[0]?.reason))).toMatchObject({
      code: "CONFLICT",
      reason: "INVITE_USED",
    });
    const created = await accountsWithEmail(invite.email);
    expect(created).toHaveLength(1);
    expect(created[0]?.id).toBe(fulfilled[0]?.value.accountId);
  });

  it("[REDEEM] two invitations to one email redeemed at once: one account, and the other is told CONFLICT", async () => {
    const email = uniqueEmail("twice-invited");
    const first = await issue({ email, role: "member" });
    const second = await issue({ email, role: "researcher" });

    const results = await Promise.allSettled([
      signedOut().invitations.redeem({ token: first.token, ...newcomer }),
      signedOut().invitations.redeem({ token: second.token, ...newcomer }),
    ]);

    const fulfilled = results.filter((result) => result.status === "fulfilled");
    const rejected = results.filter((result) => result.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(await callFailure(Promise.reject(rejected[0]?.reason))).toMatchObject({
      code: "CONFLICT",
      reason: "EMAIL_TAKEN",
    });
    expect(await accountsWithEmail(email)).toMatchObject([{ id: fulfilled[0]?.value.accountId }]);
    const statuses = [(await listed(first.id)).status, (await listed(second.id)).status].sort();
    expect(statuses).toEqual(["pending", "redeemed"]);
  });

  it.each(["member", "researcher", "moderator"] as const)(
    "[ROLES] a %s may not issue, list or revoke invitations",
    async (role) => {
      const { user } = await createTestAccount(services.deps.db, { role });
      const caller = callerFor(services.deps, user);
      const target = await issue();
      const email = uniqueEmail("sneaky");

      expect(
        await callFailure(caller.invitations.issue({ email, role: "admin", regionId: regionId("suzhou") })),
      ).toMatchObject({
        code: "FORBIDDEN",
        httpStatus: 403,
      });
      expect(await callFailure(caller.invitations.list())).toMatchObject({ code: "FORBIDDEN" });
      expect(await callFailure(caller.invitations.revoke({ id: target.id }))).toMatchObject({ code: "FORBIDDEN" });

      expect(await services.deps.db.select().from(invitations).where(eq(invitations.email, email))).toEqual([]);
      expect((await listed(target.id)).status).toBe("pending");
    },
  );

  it("[ROLES] signed out, issuing, listing and revoking need a session", async () => {
    const target = await issue();
    const email = uniqueEmail("anonymous");

    expect(
      await callFailure(signedOut().invitations.issue({ email, role: "member", regionId: regionId("suzhou") })),
    ).toMatchObject({
      code: "UNAUTHORIZED",
      httpStatus: 401,
    });
    expect(await callFailure(signedOut().invitations.list())).toMatchObject({ code: "UNAUTHORIZED" });
    expect(await callFailure(signedOut().invitations.revoke({ id: target.id }))).toMatchObject({
      code: "UNAUTHORIZED",
    });

    expect(await services.deps.db.select().from(invitations).where(eq(invitations.email, email))).toEqual([]);
    expect((await listed(target.id)).status).toBe("pending");
  });

  describe("[INPUT] malformed input is BAD_REQUEST with a readable message naming the field and no stack", () => {
    const valid = () => ({ email: uniqueEmail("valid"), role: "member", regionId: regionId("suzhou") });
    const issueCases: ReadonlyArray<[string, string, () => Record<string, unknown>]> = [
      ["a bad email", "email", () => ({ ...valid(), email: "not-an-email" })],
      ["an empty email", "email", () => ({ ...valid(), email: "" })],
      ["an unknown role", "role", () => ({ ...valid(), role: "superuser" })],
      ["regionId -1", "regionId", () => ({ ...valid(), regionId: -1 })],
    ];
    const redeemCases: ReadonlyArray<[string, string, Record<string, unknown>]> = [
      ["a password shorter than 12", "password", { ...newcomer, password: "short-pw" }],
      ["an empty display name", "displayName", { ...newcomer, displayName: "" }],
      ["an empty organisation", "organisation", { ...newcomer, organisation: "  " }],
      ["an empty token", "token", { ...newcomer, token: "" }],
    ];

    async function expectReadableBadRequest(promise: Promise<unknown>, path: string, input: unknown, field: string) {
      const failure = await callFailure(promise);
      expect(failure).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400, reason: null });
      const shape = clientErrorShape(failure.error, path, "mutation", input);
      // In the page's language (Chinese without a context), from the catalogue, with the field alongside.
      expect(shape.message).toMatch(/[\u4e00-\u9fff]/);
      expect(shape.message).not.toMatch(/^\s*[[{]/);
      expect(shape.data.fieldErrors?.map((issue) => issue.field)).toContain(field);
      expect(shape.data).not.toHaveProperty("stack");
      // The error itself has a stack on the server; none of its frames reach the client.
      const frames = (failure.error.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
      expect(frames.length).toBeGreaterThan(0);
      const serialised = JSON.stringify(shape);
      expect(serialised).not.toMatch(/\bat .+:\d+:\d+/);
      for (const frame of frames) expect(serialised).not.toContain(frame.trim());
    }

    it.each(issueCases)("issue with %s", async (_label, field, build) => {
      const input = build();
      // The cast is the point: a browser can send anything.
      const call = asAdmin().invitations.issue(input as InvitationInputs["issue"]);
      await expectReadableBadRequest(call, "invitations.issue", input, field);
    });

    it.each(redeemCases)("redeem with %s", async (_label, field, overrides) => {
      const invite = await issue();
      const input = { token: invite.token, ...overrides };
      const call = signedOut().invitations.redeem(input as InvitationInputs["redeem"]);
      await expectReadableBadRequest(call, "invitations.redeem", input, field);
      expect(await accountsWithEmail(invite.email)).toEqual([]);
      expect((await listed(invite.id)).status).toBe("pending");
    });
  });
});
