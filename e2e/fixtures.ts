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
  if (response.status() >= 400) throw new Error(`sign-in failed with ${response.status()}`);
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
): Promise<{ context: BrowserContext; page: Page; accountId: number; name: string }> {
  const adminContext = issuer ? null : await browser.newContext();
  const admin = issuer ?? (await signInAs(adminContext!, "admin"));
  const clusters = await callTrpc<Array<{ regions: Array<{ id: number; code: string }> }>>(
    admin.request,
    "reference.regions",
  );
  const regionId = clusters.flatMap((c) => c.regions).find((r) => r.code === regionCode)!.id;
  const stamp = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const email = `${label}-${stamp}@example.org`;
  const password = `${label}-${stamp}-Passw0rd`;
  const name = `${label} ${stamp}`;
  const invitation = await callTrpc<{ token: string }>(admin.request, "invitations.issue", {
    email,
    role,
    regionId,
    organisation: `${regionCode} lab`,
  });
  await adminContext?.close();
  const context = await browser.newContext();
  const page = await context.newPage();
  const account = await callTrpc<{ accountId: number }>(page.request, "invitations.redeem", {
    token: invitation.token,
    displayName: name,
    organisation: `${regionCode} lab`,
    password,
  });
  await signInOverApi(page.request, email, password);
  return { context, page, accountId: account.accountId, name };
}

/** Answers "yes" in the app's confirmation dialog (app/components/ui/confirm-dialog.tsx). */
export async function acceptConfirm(page: Page): Promise<void> {
  const dialog = page.getByTestId("confirm-dialog");
  await dialog.getByRole("button").last().click();
  await dialog.waitFor({ state: "detached" });
}
