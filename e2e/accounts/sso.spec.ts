import { expect, test } from "@playwright/test";
import { startTestIdp, type TestIdp } from "../../server/testing/test-idp";
import { holdChunks, signInAs } from "../fixtures";

// The server was started with these two providers at this port (e2e/playwright.config.ts).
const port = Number(process.env.E2E_IDP_PORT);
const baseURL = `http://localhost:${process.env.E2E_PORT ?? 3210}`;
let idp: TestIdp;

test.beforeAll(async () => {
  idp = await startTestIdp({
    port,
    clients: [
      {
        clientId: "xietong-e2e",
        clientSecret: "e2e-client-secret",
        redirectUris: [`${baseURL}/api/auth/callback/e2e-gov`, `${baseURL}/api/auth/callback/e2e-univ`],
      },
    ],
  });
});
test.afterAll(async () => {
  await idp?.close();
});

const unique = () => Math.random().toString(36).slice(2, 8);

test("[SSO] a person signs in through the government identity provider and lands signed in, with the mapped name", async ({
  page,
}) => {
  const sub = `gov-${unique()}`;
  idp.put({ sub, claims: { name: `单点登录测试员 ${sub}`, email: `${sub}@gov.example.cn` } });
  idp.signInAs(sub);
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "使用上海政务身份认证登录" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  await page.goto("/me");
  await expect(page.getByText(`${sub}@gov.example.cn`)).toBeVisible();
  await expect(page.getByLabel("显示名称")).toHaveValue(`单点登录测试员 ${sub}`);
  const identities = page.getByTestId("sso-identities");
  await expect(identities.getByRole("listitem").filter({ hasText: "上海政务身份认证" })).toContainText("已关联");
});

test("[SSO] a provider's button is disabled until the page's code has run, then signs in", async ({ page }) => {
  const sub = `early-${unique()}`;
  idp.put({ sub, claims: { name: `早点 ${sub}`, email: `${sub}@gov.example.cn` } });
  idp.signInAs(sub);
  const release = await holdChunks(page);
  await page.goto("/sign-in", { waitUntil: "domcontentloaded" });
  const button = page.getByRole("button", { name: "使用上海政务身份认证登录" });
  // Pressed in this window it used to do nothing at all (it acts only through its click handler).
  await expect(button).toBeDisabled();
  release();
  await expect(button).toBeEnabled();
  await button.click();
  await page.waitForURL((url) => url.pathname === "/");
  await page.goto("/me");
  await expect(page.getByText(`${sub}@gov.example.cn`)).toBeVisible();
});

test("[SSO] a university sign-in waits for approval until an admin approves it", async ({ browser }) => {
  test.setTimeout(120_000);
  const sub = `univ-${unique()}`;
  idp.put({
    sub,
    claims: { name: `林晓 ${sub}`, email: `${sub}@zju.example.cn`, region: "hangzhou", organisation: "浙江大学" },
  });
  idp.signInAs(sub);
  const person = await browser.newContext();
  const page = await person.newPage();
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "使用高校联合认证登录" }).click();
  await expect(page.getByRole("heading", { name: "您的账号正在等待审批" })).toBeVisible();

  const adminContext = await browser.newContext();
  const admin = await signInAs(adminContext, "admin");
  await admin.goto("/admin?tab=sso");
  const request = admin
    .getByTestId("sso-requests")
    .locator("li")
    .filter({ hasText: `${sub}@zju.example.cn` });
  await expect(request).toContainText("浙江大学");
  await expect(request).toContainText("杭州");
  await request.getByRole("button", { name: "批准" }).click();
  await expect(admin.getByText(`林晓 ${sub} 现在可以登录了。`)).toBeVisible();
  await adminContext.close();

  idp.signInAs(sub);
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "使用高校联合认证登录" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  await page.goto("/me");
  await expect(page.getByText(`${sub}@zju.example.cn`)).toBeVisible();
  await person.close();
});

test("[SSO] the provider saying a person has gone suspends their account at the next sign-in", async ({ page }) => {
  const sub = `gone-${unique()}`;
  idp.put({ sub, claims: { name: `周杰 ${sub}`, email: `${sub}@gov.example.cn` } });
  idp.signInAs(sub);
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "使用上海政务身份认证登录" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  await page.context().clearCookies();

  idp.put({ sub, claims: { name: `周杰 ${sub}`, email: `${sub}@gov.example.cn`, active: false } });
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "使用上海政务身份认证登录" }).click();
  await expect(page.getByTestId("sso-error")).toContainText("您在本平台的账号已被停用");
});
