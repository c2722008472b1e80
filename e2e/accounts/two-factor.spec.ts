import { expect, test } from "@playwright/test";
import { Secret, TOTP } from "otpauth";
import { invitedAccount } from "../fixtures";

const codeFor = (secret: string) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 });

test("[2FA] a researcher turns on two-factor, then signs in with password and app code, and turns it off again", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  // An account of its own: had this run on the demo researcher and failed with two-factor on, every
  // later spec signing in as the demo researcher would have failed with it.
  const person = await invitedAccount(browser, "researcher", "shenzhen", "two-factor");
  const page = person.page;
  await page.goto("/me");
  await page.getByRole("button", { name: "设置两步验证登录" }).click();
  await expect(page.getByRole("img", { name: "用于在验证器应用中添加协同平台的二维码" })).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  await page.locator("#two-factor-password").fill(person.password);
  await page.locator("#two-factor-code").fill(codeFor(secret));
  await page.getByRole("button", { name: "确认并开启" }).click();
  await expect(page.getByTestId("recovery-codes").getByRole("listitem")).toHaveCount(10);
  const recoveryCode = (await page.getByTestId("recovery-codes").getByRole("listitem").first().textContent())!.trim();
  await person.context.close();

  // Sign in through the form: the password alone leads to the code step, a wrong code is refused.
  const fresh = await browser.newContext();
  const signIn = await fresh.newPage();
  await signIn.goto("/sign-in");
  await signIn.getByLabel("电子邮箱").fill(person.email);
  await signIn.getByLabel("密码").fill(person.password);
  await signIn.getByRole("button", { name: "登录", exact: true }).click();
  await expect(signIn.getByText("您的账号已开启两步验证登录。")).toBeVisible();
  await signIn.locator("#code").fill("zzzzz-zzzzz");
  await signIn.getByRole("button", { name: "验证并登录" }).click();
  await expect(signIn.getByText("验证码不正确，或该恢复码已被使用。")).toBeVisible();
  await signIn.locator("#code").fill(recoveryCode);
  await signIn.getByRole("button", { name: "验证并登录" }).click();
  await expect(signIn).toHaveURL("/");
  await expect(signIn.getByTestId("current-user")).toHaveText(person.name);

  // Turning it off needs the password and the current app code; a wrong password is named at its field.
  await signIn.goto("/me");
  await expect(signIn.getByText("还剩 9 个未使用的恢复码。")).toBeVisible();
  await signIn.locator("#two-factor-password").fill("not-the-password");
  await signIn.locator("#two-factor-code").fill(codeFor(secret));
  await signIn.getByRole("button", { name: "关闭两步验证登录" }).click();
  await expect(signIn.locator("#two-factor-password-error")).toHaveText("当前密码不正确。");
  await signIn.locator("#two-factor-password").fill(person.password);
  await signIn.getByRole("button", { name: "关闭两步验证登录" }).click();
  await expect(signIn.getByText("两步验证登录已关闭。")).toBeVisible();
  await fresh.close();
});
