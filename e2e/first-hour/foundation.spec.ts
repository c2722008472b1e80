import { expect, test } from "@playwright/test";
import { demo, signInAs, type DemoRole } from "../fixtures";

const roleLabels: Record<DemoRole, string> = {
  member: "协调机构成员",
  researcher: "研究人员",
  moderator: "内容审核员",
  admin: "系统管理员",
};

for (const role of Object.keys(demo) as DemoRole[]) {
  test(`[AUTH] a newcomer signs in as the demo ${role} and sees the five recommendations`, async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByTestId(`demo-${role}`).click();
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await expect(page).toHaveURL("/");
    await expect(page.getByTestId("current-user")).toHaveText(demo[role].name);
    await expect(page.getByText(roleLabels[role]).first()).toBeVisible();
    await expect(page.getByTestId("recommendation-list").getByRole("listitem")).toHaveCount(5);
    await expect(page.locator("[data-connection=live]")).toBeVisible();
  });
}

test("[AUTH] a wrong password is refused with a readable message", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("电子邮箱").fill(demo.member.email);
  await page.getByLabel("密码").fill("not-the-password");
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expect(page.locator("main").getByRole("alert")).toHaveText("邮箱或密码不正确。");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("[I18N] the language follows the browser and the switcher's choice persists", async ({ browser }) => {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { name: "The five recommendations" })).toBeVisible();
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { name: "五项政策建议" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { name: "五项政策建议" })).toBeVisible();
  await page.goto("/forums");
  await expect(page.getByRole("heading", { name: "政策建议", level: 1 })).toBeVisible();
  await context.close();
});

test("[AUTH] signed-out visitors are sent to sign in for private pages", async ({ page }) => {
  await page.goto("/me");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fme|\/sign-in\?callbackUrl=\/me/);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("[ADMIN] a member cannot open the administration page", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await signInAs(context, "member");
  expect((await page.goto("/admin"))?.status()).toBe(403);
  await expect(page.locator("main").getByRole("alert")).toHaveText("您的角色无权查看此页面。");
  await context.close();
});

test("[INVITE] an admin issues an invitation that a newcomer redeems in another browser", async ({ browser }) => {
  const adminContext = await browser.newContext();
  const admin = await signInAs(adminContext, "admin");
  await admin.goto("/admin");
  const email = `newcomer-${Date.now()}@example.org`;
  await admin.getByLabel("电子邮箱").fill(email);
  await admin.getByLabel("角色").selectOption("researcher");
  await admin.getByLabel("所属地区").selectOption({ label: "青岛" });
  await admin.getByLabel("所在单位（选填）").fill("中国海洋大学");
  await admin.getByRole("button", { name: "生成邀请" }).click();
  const link = (await admin.getByTestId("invite-link").textContent())?.trim() ?? "";
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{20,}$/);
  const row = admin.getByTestId(`invitation-${email}`);
  await expect(row).toContainText("待接受");

  const guestContext = await browser.newContext({ locale: "en-US" });
  const guest = await guestContext.newPage();
  await guest.goto(link);
  await expect(guest.getByText("You have been invited to Xietong as Researcher for Qingdao.")).toBeVisible();
  await guest.getByRole("button", { name: "Create my account" }).click();
  await expect(guest.getByText("This field is required.").first()).toBeVisible();
  await guest.getByLabel("Display name").fill("孙海 Sun Hai");
  await guest.getByLabel("Password", { exact: true }).fill("ocean-science-2026");
  await guest.getByLabel("Confirm password").fill("ocean-science-2026");
  await guest.getByRole("button", { name: "Create my account" }).click();
  await expect(guest).toHaveURL("/");
  await expect(guest.getByTestId("current-user")).toHaveText("孙海 Sun Hai");
  await guest.goto("/me");
  await expect(guest.getByText("中国海洋大学").or(guest.getByLabel("Organisation", { exact: true }))).toBeVisible();
  await expect(guest.getByLabel("Organisation", { exact: true })).toHaveValue("中国海洋大学");

  // The admin's open page learns of the redemption live, without reloading.
  await expect(row).toContainText("已加入");

  // The link works once only.
  const again = await guestContext.newPage();
  await again.goto(link);
  await expect(again.locator("main").getByRole("alert")).toHaveText("This invitation has already been used.");
  await guestContext.close();
  await adminContext.close();
});

test("[OPS] health reports the database and realtime kinds, and metrics are in Prometheus format", async ({
  request,
}) => {
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
  expect(await health.json()).toMatchObject({
    status: "ok",
    db: "pglite",
    realtime: "memory",
    version: expect.stringMatching(/^\d+\.\d+\.\d+/),
  });
  // Every answer names its request, so a reported failure can be found in the log; a proxy's plain id is kept.
  const api = await request.get("/api/trpc/reference.regions", { headers: { "x-request-id": "proxy-id-0001" } });
  expect(api.headers()["x-request-id"]).toBe("proxy-id-0001");
  expect((await request.get("/sign-in")).headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  const metrics = await request.get("/api/metrics");
  expect(metrics.status()).toBe(200);
  const text = await metrics.text();
  expect(text).toContain("xietong_sockets_connected");
  expect(text).toMatch(
    /xietong_trpc_duration_seconds_count\{procedure="reference.regions",type="query",outcome="ok"\} \d+/,
  );
  expect(text).toContain('xietong_db_pool_connections{state="total"} 1');
});

test("[SECURITY] pages carry a nonce CSP and hardening headers; cross-site API writes are refused", async ({
  page,
  request,
}) => {
  const response = await page.goto("/");
  const headers = response!.headers();
  const csp = headers["content-security-policy"] ?? "";
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  expect(csp).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  // Next put the nonce on its scripts, so the page still hydrates and goes live under the policy.
  expect(await page.locator(`script[nonce]`).count()).toBeGreaterThan(0);
  await expect(page.locator("[data-connection=live]")).toBeVisible();

  const forged = await request.post("/api/trpc/invitations.redeem", {
    headers: { origin: "https://evil.example", "content-type": "application/json" },
    data: { json: { token: "x".repeat(30), displayName: "x", organisation: "x", password: "x".repeat(12) } },
  });
  expect(forged.status()).toBe(403);
  const form = await request.post("/api/trpc/invitations.redeem", { form: { token: "x" } });
  expect(form.status()).toBe(415);
});
