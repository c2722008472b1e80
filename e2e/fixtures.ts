import type { APIRequestContext, Browser, BrowserContext, Page } from "@playwright/test";

export const demo = {
  member: { email: "member@demo.xietong.cn", password: "demo-member-2026", name: "陈静 Chen Jing" },
  researcher: { email: "researcher@demo.xietong.cn", password: "demo-researcher-2026", name: "李明 Li Ming" },
  moderator: { email: "moderator@demo.xietong.cn", password: "demo-moderator-2026", name: "王芳 Wang Fang" },
  admin: { email: "admin@demo.xietong.cn", password: "demo-admin-2026", name: "赵磊 Zhao Lei" },
} as const;
export type DemoRole = keyof typeof demo;

/** Signs a browser context in over next-auth's own endpoints, without clicking through the form. */
export async function signInOverApi(request: APIRequestContext, email: string, password: string): Promise<void> {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, json: "true" },
    maxRedirects: 0,
  });
  if (response.status() >= 400) {
    // next-auth names the reason in the error page's address (TwoFactorRequired, RateLimited, ...): say
    // it, and whose sign-in it was, so a spec that left a shared account unusable is found at once.
    const { url } = (await response.json().catch(() => ({}))) as { url?: string };
    const reason = url ? new URL(url, "http://localhost").searchParams.get("error") : null;
    throw new Error(`sign-in as ${email} refused with ${response.status()}${reason ? ` (${reason})` : ""}`);
  }
}

/** Holds every request for Next's chunks until the returned function is called ("before hydration" made certain). */
export async function holdChunks(page: Page): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/_next/static/chunks/**/*.js", async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

export async function signInAs(context: BrowserContext, role: DemoRole): Promise<Page> {
  const page = await context.newPage();
  await signInOverApi(page.request, demo[role].email, demo[role].password);
  return page;
}

/** Calls a tRPC procedure over HTTP as the context's signed-in account (superjson envelope). */
export async function callTrpc<T>(request: APIRequestContext, procedure: string, input?: unknown): Promise<T> {
  const response =
    input === undefined
      ? await request.get(`/api/trpc/${procedure}`)
      : await request.post(`/api/trpc/${procedure}`, {
          data: { json: input },
          headers: { "content-type": "application/json" },
        });
  const body = (await response.json()) as { result?: { data: { json: T } }; error?: unknown };
  if (!response.ok() || !body.result) throw new Error(`${procedure} failed: ${JSON.stringify(body.error)}`);
  return body.result.data.json;
}

/** Reads a tRPC query that takes input: queries answer GET only, with the input in the URL. */
export async function queryTrpc<T>(request: APIRequestContext, procedure: string, input: unknown): Promise<T> {
  const response = await request.get(
    `/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`,
  );
  const body = (await response.json()) as { result?: { data: { json: T } }; error?: unknown };
  if (!response.ok() || !body.result) throw new Error(`${procedure} failed: ${JSON.stringify(body.error)}`);
  return body.result.data.json;
}

export interface OwnAccount {
  accountId: number;
  email: string;
  password: string;
  name: string;
}

/**
 * Redeems an invitation issued by `admin` for a new account of `role` in `regionCode`, over `request`
 * (which stays signed out: redeeming creates the account, signing in is a separate step). A spec that
 * changes an account's security or profile state (two-factor, password, sessions, feeds, notices) does
 * it on an account of its own made here, so a failure halfway leaves nothing behind that another spec
 * signs in with: the demo accounts are shared by every spec.
 */
export async function createInvitedAccount(
  admin: APIRequestContext,
  request: APIRequestContext,
  role: "member" | "researcher",
  regionCode: string,
  label: string,
): Promise<OwnAccount> {
  const clusters = await callTrpc<Array<{ regions: Array<{ id: number; code: string }> }>>(admin, "reference.regions");
  const regionId = clusters.flatMap((c) => c.regions).find((r) => r.code === regionCode)!.id;
  const stamp = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const email = `${label}-${stamp}@example.org`;
  const password = `${label}-${stamp}-Passw0rd`;
  const name = `${label} ${stamp}`;
  const invitation = await callTrpc<{ token: string }>(admin, "invitations.issue", {
    email,
    role,
    regionId,
    organisation: `${regionCode} lab`,
  });
  const account = await callTrpc<{ accountId: number }>(request, "invitations.redeem", {
    token: invitation.token,
    displayName: name,
    organisation: `${regionCode} lab`,
    password,
  });
  return { accountId: account.accountId, email, password, name };
}

/**
 * A new account of `role` in `regionCode`, invited by the demo admin and signed in in its own context.
 * A test that invites several people passes its signed-in admin page as `issuer`, saving a sign-in each.
 */
export async function invitedAccount(
  browser: Browser,
  role: "member" | "researcher",
  regionCode: string,
  label: string,
  issuer?: Page,
): Promise<OwnAccount & { context: BrowserContext; page: Page }> {
  const adminContext = issuer ? null : await browser.newContext();
  const admin = issuer ?? (await signInAs(adminContext!, "admin"));
  const context = await browser.newContext();
  const page = await context.newPage();
  const account = await createInvitedAccount(admin.request, page.request, role, regionCode, label);
  await adminContext?.close();
  await signInOverApi(page.request, account.email, account.password);
  return { context, page, ...account };
}

/** Answers "yes" in the app's confirmation dialog (app/components/ui/confirm-dialog.tsx). */
export async function acceptConfirm(page: Page): Promise<void> {
  const dialog = page.getByTestId("confirm-dialog");
  await dialog.getByRole("button").last().click();
  await dialog.waitFor({ state: "detached" });
}
