import { and, eq } from "drizzle-orm";
import { Issuer, generators, type Client } from "openid-client";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, auditEntries, notifications, sessions, ssoIdentities, ssoRequests } from "@/db/schema";
import { totpCodeAt } from "@/server/domain/two-factor";
import { openSession } from "@/server/infra/auth/sessions";
import { callerFor, createTestAccount, createTestServices, type TestServices } from "@/server/testing/fixtures";
import { startTestIdp, type TestIdp } from "@/server/testing/test-idp";
import { callFailure } from "@/server/testing/trpc-errors";
import { decideSsoSignIn, ssoAuthProviders, type SsoSignInDecision } from "./auth-providers";
import { completeSsoSecondFactor } from "./sso-second-factor";

const authSecret = "sso-test-secret-".padEnd(48, "x");
const baseUrl = "http://localhost:3999";
const callback = (id: string) => `${baseUrl}/api/auth/callback/${id}`;
const ids = ["shanghai-gov", "univ-idp", "wrong-iss"] as const;

let services: TestServices;
let idp: TestIdp;
let previous: { secret?: string; providers?: string };

beforeAll(async () => {
  previous = { secret: process.env.NEXTAUTH_SECRET, providers: process.env.XIETONG_OIDC_PROVIDERS };
  process.env.NEXTAUTH_SECRET = authSecret;
  services = await createTestServices();
  services.deps.authSecret = authSecret;
  idp = await startTestIdp({
    clients: [{ clientId: "xietong", clientSecret: "test-client-secret", redirectUris: ids.map(callback) }],
  });
  const common = { clientId: "xietong", clientSecret: "test-client-secret" };
  process.env.XIETONG_OIDC_PROVIDERS = JSON.stringify([
    {
      ...common,
      id: "shanghai-gov",
      issuer: idp.issuer,
      label: { "zh-CN": "上海政务统一身份认证", en: "Shanghai government ID" },
      regionCode: "shanghai",
      organisation: "上海市科学技术委员会",
      trustedForRegion: true,
    },
    {
      ...common,
      id: "univ-idp",
      issuer: idp.issuer,
      label: { "zh-CN": "高校联合认证", en: "University federation" },
      claims: { name: "name", region: "region", organisation: "organisation" },
    },
    {
      // The discovery document and tokens say idp.issuer; this configuration expects another issuer.
      ...common,
      id: "wrong-iss",
      issuer: "https://id.elsewhere.example.cn",
      wellKnown: `${idp.issuer}/.well-known/openid-configuration`,
      label: { "zh-CN": "错误签发方", en: "Wrong issuer" },
      regionCode: "shanghai",
      organisation: "其他机构",
      trustedForRegion: true,
    },
  ]);
});

afterAll(async () => {
  for (const [key, value] of [
    ["NEXTAUTH_SECRET", previous.secret],
    ["XIETONG_OIDC_PROVIDERS", previous.providers],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await idp?.close();
  await services?.close();
});

/** Follows the provider's redirects with a cookie jar until it sends the browser back to us. */
async function authorizeAt(url: string, redirectUri: string): Promise<string> {
  const jar = new Map<string, string>();
  let at = url;
  for (let hop = 0; hop < 12; hop += 1) {
    const response = await fetch(at, {
      redirect: "manual",
      headers: { cookie: [...jar].map(([name, value]) => `${name}=${value}`).join("; ") },
    });
    for (const cookie of response.headers.getSetCookie()) {
      const pair = cookie.split(";")[0]!;
      const index = pair.indexOf("=");
      const [name, value] = [pair.slice(0, index), pair.slice(index + 1)];
      if (value === "") jar.delete(name);
      else jar.set(name, value);
    }
    const location = response.headers.get("location");
    if (!location) throw new Error(`the provider stopped with ${response.status}: ${await response.text()}`);
    const next = new URL(location, at).toString();
    if (next.startsWith(redirectUri)) return next;
    at = next;
  }
  throw new Error("too many redirects at the provider");
}

/**
 * What next-auth does on a sign-in through `providerId` — discovery, authorisation with PKCE, state
 * and nonce, the code exchange with its ID token checks (openid-client), our userinfo step and
 * profile — followed by the signIn callback's decision.
 */
async function signInThrough(providerId: string, sub: string, signedInAccountId: number | null = null) {
  const provider = ssoAuthProviders().find((p) => p.id === providerId) as OAuthConfig<never>;
  const issuer = await Issuer.discover(provider.wellKnown!);
  const client: Client = new issuer.Client({
    client_id: provider.clientId!,
    client_secret: provider.clientSecret!,
    redirect_uris: [callback(providerId)],
  });
  const checks = { state: generators.state(), nonce: generators.nonce(), code_verifier: generators.codeVerifier() };
  idp.signInAs(sub);
  const back = await authorizeAt(
    client.authorizationUrl({
      scope: "openid email profile",
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: generators.codeChallenge(checks.code_verifier),
      code_challenge_method: "S256",
    }),
    callback(providerId),
  );
  const tokens = await client.callback(callback(providerId), client.callbackParams(back), checks);
  const userinfo = provider.userinfo as { request: (context: unknown) => Promise<never> };
  const answer = await userinfo.request({ tokens, client, provider });
  const user = await provider.profile(answer, tokens);
  return decideSsoSignIn(services.deps, providerId, user, signedInAccountId);
}

function signedIn(decision: SsoSignInDecision) {
  if (!decision.allow) throw new Error(`expected a sign-in, got ${decision.redirect}`);
  return decision.account;
}

async function account(id: number) {
  const [row] = await services.deps.db.select().from(accounts).where(eq(accounts.id, id));
  return row!;
}

async function auditActions(targetId: number | string) {
  const rows = await services.deps.db
    .select({ action: auditEntries.action })
    .from(auditEntries)
    .where(eq(auditEntries.targetId, String(targetId)));
  return rows.map((row) => row.action);
}

let sequence = 0;
function person(claims: Record<string, unknown>, extra: { amr?: string[]; revoked?: boolean } = {}) {
  sequence += 1;
  const sub = `person-${sequence}-${Math.random().toString(36).slice(2, 8)}`;
  idp.put({ sub, claims: { email: `${sub}@idp.example.cn`, ...claims }, ...extra });
  return sub;
}

describe(`single sign-on through a test provider (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[SSO] a provider trusted for its region creates the account at first sign-in, with the mapped claims", async () => {
    const sub = person({ name: "陈静", region: "beijing", organisation: "ignored" });
    const first = signedIn(await signInThrough("shanghai-gov", sub));
    const created = await account(first.id);
    // Region and organisation come from the provider's configuration, not from the person's claims.
    expect(created).toMatchObject({ displayName: "陈静", organisation: "上海市科学技术委员会", role: "researcher" });
    expect(created.email).toBe(`${sub}@idp.example.cn`);
    const again = signedIn(await signInThrough("shanghai-gov", sub));
    expect(again.id).toBe(first.id);
    expect(await auditActions(first.id)).toContain("sso.account-create");
  });

  it("[SSO] an untrusted provider's first sign-in waits for an admin, who is notified and approves", async () => {
    const { user: admin } = await createTestAccount(services.deps.db, { role: "admin" });
    const { user: member } = await createTestAccount(services.deps.db, { role: "member" });
    const sub = person({ name: "林晓", region: "Hangzhou", organisation: "浙江大学" });
    const decision = await signInThrough("univ-idp", sub);
    expect(decision).toEqual({ allow: false, redirect: "/sign-in/pending" });
    expect(await signInThrough("univ-idp", sub)).toEqual({ allow: false, redirect: "/sign-in/pending" });

    const [request] = await services.deps.db.select().from(ssoRequests).where(eq(ssoRequests.subject, sub));
    expect(request).toMatchObject({ status: "pending", displayName: "林晓", organisation: "浙江大学" });
    const notices = await services.deps.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.recipientId, admin.id), eq(notifications.kind, "sso_pending")));
    expect(notices.length).toBeGreaterThan(0);

    expect((await callFailure(callerFor(services.deps, member).sso.pending())).code).toBe("FORBIDDEN");
    const pending = await callerFor(services.deps, admin).sso.pending();
    const listed = pending.find((row) => row.id === request!.id);
    expect(listed).toMatchObject({ regionNameEn: "Hangzhou", providerLabel: { en: "University federation" } });

    const approved = await callerFor(services.deps, admin).sso.approve({ requestId: request!.id, role: "member" });
    expect(
      (await callFailure(callerFor(services.deps, admin).sso.approve({ requestId: request!.id, role: "member" })))
        .reason,
    ).toBe("SSO_REQUEST_DECIDED");
    const account = signedIn(await signInThrough("univ-idp", sub));
    expect(account).toMatchObject({ id: approved.accountId, role: "member" });
    expect(await auditActions(approved.accountId)).toContain("sso.approve");
  });

  it("[SSO] a refused request stays refused", async () => {
    const { user: admin } = await createTestAccount(services.deps.db, { role: "admin" });
    const sub = person({ name: "赵强", region: "shenzhen", organisation: "某公司" });
    await signInThrough("univ-idp", sub);
    const [request] = await services.deps.db.select().from(ssoRequests).where(eq(ssoRequests.subject, sub));
    await callerFor(services.deps, admin).sso.refuse({ requestId: request!.id, reason: "not a participant" });
    expect(await signInThrough("univ-idp", sub)).toEqual({ allow: false, redirect: "/sign-in?error=SsoRefused" });
    expect(await auditActions(request!.id)).toEqual(expect.arrayContaining(["sso.request", "sso.refuse"]));
  });

  it("[SSO] tokens from an issuer other than the configured one are refused, and nothing is created", async () => {
    const sub = person({ name: "钱伟" });
    expect(await signInThrough("wrong-iss", sub)).toEqual({
      allow: false,
      redirect: "/sign-in?error=SsoIssuerRefused",
    });
    expect(await services.deps.db.select().from(ssoRequests).where(eq(ssoRequests.subject, sub))).toHaveLength(0);
    expect(await services.deps.db.select().from(ssoIdentities).where(eq(ssoIdentities.subject, sub))).toHaveLength(0);
  });

  it("[SSO] a first sign-in without a known region is refused", async () => {
    const sub = person({ name: "孙梅", region: "atlantis", organisation: "X" });
    expect(await signInThrough("univ-idp", sub)).toEqual({ allow: false, redirect: "/sign-in?error=SsoNoRegion" });
  });

  it("[SSO] when the provider says the person has gone, the linked account is suspended and its sessions end", async () => {
    const inactive = person({ name: "周杰" });
    const first = signedIn(await signInThrough("shanghai-gov", inactive));
    const sid = await openSession(services.deps.db, first.id, 3600);
    idp.put({ sub: inactive, claims: { email: `${inactive}@idp.example.cn`, name: "周杰", active: false } });
    expect(await signInThrough("shanghai-gov", inactive)).toEqual({ allow: false, redirect: "/sign-in?error=SsoGone" });
    const suspended = await account(first.id);
    expect(suspended.suspendedUntil!.getFullYear()).toBe(9999);
    const [session] = await services.deps.db.select().from(sessions).where(eq(sessions.id, sid));
    expect(session!.revokedReason).toBe("suspended");
    expect(await auditActions(first.id)).toContain("sso.suspend");

    // The provider still logs the person in but refuses their access token at userinfo (401).
    const revoked = person({ name: "吴敏" });
    const second = signedIn(await signInThrough("shanghai-gov", revoked));
    idp.put({ sub: revoked, claims: { email: `${revoked}@idp.example.cn`, name: "吴敏" }, revoked: true });
    expect(await signInThrough("shanghai-gov", revoked)).toEqual({ allow: false, redirect: "/sign-in?error=SsoGone" });
    expect((await account(second.id)).suspendedUntil).not.toBeNull();
    // Lifted or not, a sign-in as a suspended account is refused on the next attempt too.
    idp.put({ sub: revoked, claims: { email: `${revoked}@idp.example.cn`, name: "吴敏" } });
    expect(await signInThrough("shanghai-gov", revoked)).toEqual({
      allow: false,
      redirect: "/sign-in?error=Suspended",
    });
  });

  it("[SSO] a password user links the provider from their profile, and then signs in through it", async () => {
    const { user, account: own } = await createTestAccount(services.deps.db, { role: "researcher" });
    const sub = person({ name: "郑洁" });
    // Without the person's click on "link", a sign-in while signed in links nothing.
    expect(await signInThrough("shanghai-gov", sub, user.id)).toEqual({
      allow: false,
      redirect: "/me?sso=SsoLinkExpired#sso",
    });
    await callerFor(services.deps, user).sso.startLink({ providerId: "shanghai-gov" });
    expect(await signInThrough("shanghai-gov", sub, user.id)).toEqual({ allow: false, redirect: "/me?sso=linked#sso" });
    const mine = await callerFor(services.deps, user).sso.mine();
    expect(mine.find((row) => row.providerId === "shanghai-gov")?.linkedAt).toBeInstanceOf(Date);
    expect(signedIn(await signInThrough("shanghai-gov", sub)).id).toBe(own.id);

    // The same identity cannot be linked to a second account.
    const { user: other } = await createTestAccount(services.deps.db, { role: "researcher" });
    await callerFor(services.deps, other).sso.startLink({ providerId: "shanghai-gov" });
    expect(await signInThrough("shanghai-gov", sub, other.id)).toEqual({
      allow: false,
      redirect: "/me?sso=SsoIdentityTaken#sso",
    });

    await callerFor(services.deps, user).sso.unlink({ providerId: "shanghai-gov" });
    expect(await auditActions(own.id)).toEqual(expect.arrayContaining(["sso.link", "sso.unlink"]));
    // Unlinked, a first sign-in with the same email does not take over the password account.
    idp.put({ sub, claims: { email: own.email, name: "郑洁" } });
    expect(await signInThrough("shanghai-gov", sub)).toEqual({
      allow: false,
      redirect: "/sign-in?error=SsoEmailTaken",
    });
  });

  it("[SSO] staff two-factor still applies after the provider, unless it asserts MFA", async () => {
    const { user, account: staff, password } = await createTestAccount(services.deps.db, { role: "moderator" });
    const caller = callerFor(services.deps, user);
    const started = await caller.twoFactor.begin();
    await caller.twoFactor.confirm({ code: totpCodeAt(started.secret, new Date()), currentPassword: password });
    const sub = person({ name: "王磊" }, { amr: ["pwd"] });
    await caller.sso.startLink({ providerId: "shanghai-gov" });
    await signInThrough("shanghai-gov", sub, user.id);

    const decision = await signInThrough("shanghai-gov", sub);
    expect(decision.allow).toBe(false);
    const redirect = (decision as { redirect: string }).redirect;
    expect(redirect).toMatch(/^\/sign-in\/sso\?ticket=/);
    const ticket = decodeURIComponent(redirect.split("ticket=")[1]!);
    const store = services.deps.rateLimits!;
    expect(await completeSsoSecondFactor(services.deps, store, { ticket, code: undefined })).toEqual({
      ok: false,
      reason: "CODE_REQUIRED",
    });
    expect(await completeSsoSecondFactor(services.deps, store, { ticket: `${ticket}x`, code: "123456" })).toEqual({
      ok: false,
      reason: "TICKET_INVALID",
    });
    const later = new Date(Date.now() + 30_000);
    const passed = await completeSsoSecondFactor(services.deps, store, {
      ticket,
      code: totpCodeAt(started.secret, later),
    });
    expect(passed).toMatchObject({ ok: true, account: { id: staff.id, role: "moderator" } });

    idp.put({ sub, claims: { email: `${sub}@idp.example.cn`, name: "王磊" }, amr: ["pwd", "otp"] });
    expect(signedIn(await signInThrough("shanghai-gov", sub)).id).toBe(staff.id);
  });
});
