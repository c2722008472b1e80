import { createHash, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import NextAuth from "next-auth";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sessions } from "@/db/schema";
import { setRuntime, type Runtime } from "@/server/runtime";
import { createMemoryRateLimitStore } from "../rate-limit";
import { createTestAccount, createTestServices, type TestServices } from "@/server/testing/fixtures";
import { buildAuthOptions } from "@/server/features/accounts/next-auth";
import { sessionUserFromCookies } from "./session";

const secret = "a-test-secret-that-is-long-enough-0123456789";
const csrfToken = randomBytes(16).toString("hex");
// next-auth's double-submit CSRF cookie: the token and a hash of it with the secret.
const csrfCookie = `${csrfToken}|${createHash("sha256").update(`${csrfToken}${secret}`).digest("hex")}`;

let services: TestServices;
beforeAll(async () => {
  services = await createTestServices();
});
afterEach(() => setRuntime(undefined));
afterAll(async () => {
  await services?.close();
});

function useRuntime() {
  setRuntime({
    database: services.handle,
    authSecret: secret,
    logger: pino({ level: "silent" }),
    rateLimits: createMemoryRateLimitStore(),
    demo: false,
  } as unknown as Runtime);
}

interface AuthResponse {
  body: unknown;
  /** The session cookie's new value ("" when cleared), or undefined when the response leaves it alone. */
  sessionCookie: string | undefined;
}

/** Calls next-auth's own handler as the /api/auth route does, with a minimal response object. */
async function callAuth(
  path: string[],
  method: "GET" | "POST",
  cookies: Record<string, string>,
  body?: Record<string, string>,
): Promise<AuthResponse> {
  const headers = new Map<string, unknown>();
  let sent: unknown;
  const res = {
    status: () => res,
    getHeader: (name: string) => headers.get(name.toLowerCase()),
    setHeader: (name: string, value: unknown) => {
      headers.set(name.toLowerCase(), value);
      return res;
    },
    end: () => undefined,
    json: (value: unknown) => void (sent = value),
    send: (value: unknown) => void (sent = value),
  };
  const req = {
    method,
    query: { nextauth: path },
    cookies,
    headers: {},
    body: body ? { ...body, json: "true" } : undefined,
  };
  await NextAuth(req as never, res as never, buildAuthOptions());
  const setCookies = (headers.get("set-cookie") as string[] | undefined) ?? [];
  const session = setCookies.find((line) => line.startsWith("next-auth.session-token="));
  return {
    body: sent,
    sessionCookie: session === undefined ? undefined : session.slice("next-auth.session-token=".length).split(";")[0],
  };
}

async function signIn(email: string, password: string): Promise<string> {
  const response = await callAuth(
    ["callback", "credentials"],
    "POST",
    { "next-auth.csrf-token": csrfCookie },
    { email, password, csrfToken },
  );
  if (!response.sessionCookie) throw new Error(`sign-in failed: ${JSON.stringify(response.body)}`);
  return response.sessionCookie;
}

const refresh = (token: string) => callAuth(["session"], "GET", { "next-auth.session-token": token });
const signOut = (token: string) =>
  callAuth(
    ["signout"],
    "POST",
    { "next-auth.session-token": token, "next-auth.csrf-token": csrfCookie },
    { csrfToken },
  );

describe("server-side sessions", () => {
  it("[SESSION] signing out ends the session on the server: the old cookie no longer signs in a request or renews", async () => {
    useRuntime();
    const { account, password } = await createTestAccount(services.deps.db, { role: "member" });
    const token = await signIn(account.email, password);
    const cookie = `next-auth.session-token=${token}`;
    expect(await sessionUserFromCookies(services.deps.db, cookie, secret)).toMatchObject({ id: account.id });
    const renewed = await refresh(token);
    expect(renewed.body).toMatchObject({ user: { id: String(account.id) } });
    expect(renewed.sessionCookie).toBeTruthy();

    const out = await signOut(token);
    expect(out.sessionCookie).toBe("");
    const [row] = await services.deps.db.select().from(sessions).where(eq(sessions.accountId, account.id));
    expect(row).toMatchObject({ revokedReason: "signed-out" });
    expect(row!.revokedAt).not.toBeNull();

    // The cookie copied before signing out is now worth nothing: no request, no renewal.
    expect(await sessionUserFromCookies(services.deps.db, cookie, secret)).toBeNull();
    const refused = await refresh(token);
    expect(refused.body).toEqual({});
    expect(refused.sessionCookie).toBe("");
  });

  it("[SESSION] signing out of one browser leaves the person's other browser signed in", async () => {
    useRuntime();
    const { account, password } = await createTestAccount(services.deps.db, { role: "researcher" });
    const laptop = await signIn(account.email, password);
    const phone = await signIn(account.email, password);
    await signOut(laptop);
    expect(await sessionUserFromCookies(services.deps.db, `next-auth.session-token=${laptop}`, secret)).toBeNull();
    expect(await sessionUserFromCookies(services.deps.db, `next-auth.session-token=${phone}`, secret)).toMatchObject({
      id: account.id,
    });
  });
});
