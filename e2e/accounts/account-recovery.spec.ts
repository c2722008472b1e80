import { expect, test, type APIRequestContext } from "@playwright/test";
import { SMTPServer } from "smtp-server";
import { callTrpc, createInvitedAccount, signInAs, signInOverApi } from "../fixtures";

interface Received {
  to: string[];
  raw: string;
}

const received: Received[] = [];
let smtp: SMTPServer;

test.beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(Number(process.env.E2E_SMTP_PORT), "127.0.0.1", resolve));
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

/** Every body part of a mail decoded (quoted-printable or base64), so a link can be read from it. */
function decodedText(raw: string): string {
  const qp = raw
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  const base64 = [
    ...raw.matchAll(/Content-Transfer-Encoding: base64\r?\n(?:[^\r\n]+\r?\n)*\r?\n([A-Za-z0-9+/=\r\n]+)/gi),
  ].map((m) => Buffer.from(m[1]!.replace(/\s+/g, ""), "base64").toString("utf8"));
  return [qp, ...base64].join("\n");
}

async function resetLinkFor(email: string): Promise<string> {
  let path: string | undefined;
  await expect
    .poll(
      () => {
        const mail = [...received].reverse().find((m) => m.to.includes(email));
        path = mail ? /\/reset-password\/[A-Za-z0-9_-]{20,}/.exec(decodedText(mail.raw))?.[0] : undefined;
        return path;
      },
      { timeout: 30_000, message: `a reset mail to ${email}` },
    )
    .toBeTruthy();
  return path!;
}

async function signedInEmail(request: APIRequestContext): Promise<string | null> {
  const session = (await (await request.get("/api/auth/session")).json()) as { user?: { email?: string } };
  return session.user?.email ?? null;
}

test("[RECOVERY] a forgotten password is reset through the mailed link; the old one stops working", async ({
  browser,
  page,
}) => {
  const adminContext = await browser.newContext();
  const admin = await signInAs(adminContext, "admin");
  const person = await createInvitedAccount(admin.request, page.request, "researcher", "hangzhou", "reset");
  await adminContext.close();

  await page.goto("/sign-in");
  await page.getByTestId("forgot-password").click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await page.locator("#email").fill(person.email);
  await page.getByRole("button", { name: "发送重置链接" }).click();
  await expect(page.getByRole("status").filter({ hasText: /如果有账户使用此邮箱|密码已更改/ })).toContainText(
    "如果有账户使用此邮箱",
  );

  const link = await resetLinkFor(person.email);
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "设置新密码" })).toBeVisible();
  const newPassword = `fresh-${Date.now()}-Kestrel`;
  await page.locator("#newPassword").fill(newPassword);
  await page.locator("#confirm").fill(newPassword);
  await page.getByRole("button", { name: "设置新密码" }).click();
  await expect(page.getByRole("status").filter({ hasText: /如果有账户使用此邮箱|密码已更改/ })).toContainText(
    "密码已更改",
  );

  // The link is spent, and only the new password opens the account.
  await page.goto(link);
  await expect(page.locator("main").getByRole("alert")).toContainText("已被使用");
  const context = await browser.newContext();
  await signInOverApi(context.request, person.email, person.password).catch(() => undefined);
  expect(await signedInEmail(context.request)).toBeNull();
  await signInOverApi(context.request, person.email, newPassword);
  expect(await signedInEmail(context.request)).toBe(person.email);
  await context.close();
});

test("[I18N] a server refusal is shown in Chinese at the field it concerns, and cleared by the next answer", async ({
  browser,
  page,
}) => {
  const adminContext = await browser.newContext();
  const admin = await signInAs(adminContext, "admin");
  const person = await createInvitedAccount(admin.request, page.request, "researcher", "hangzhou", "i18n");
  await adminContext.close();
  await callTrpc(page.request, "recovery.request", { email: person.email });
  await page.goto(await resetLinkFor(person.email));

  // Long enough for the browser's own check; only the server knows it is a common password.
  await page.locator("#newPassword").fill("dragon123456!");
  await page.locator("#confirm").fill("dragon123456!");
  await page.getByRole("button", { name: "设置新密码" }).click();
  const fieldError = page.locator("#newPassword-error");
  await expect(fieldError).toHaveText("此密码过于常见或容易被猜到，请换一个。");
  await expect(page.locator("#newPassword")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("main").getByRole("alert")).toHaveText("请更正标出的字段。");
  await expect(page.locator("body")).not.toContainText("too common");

  // The next answer replaces the message: now too short, still in Chinese, at the same field.
  await page.locator("#newPassword").fill("short");
  await page.locator("#confirm").fill("short");
  await page.getByRole("button", { name: "设置新密码" }).click();
  await expect(fieldError).toHaveText("请至少输入 12 个字符。");

  const good = `good-${Date.now()}-Heron`;
  await page.locator("#newPassword").fill(good);
  await page.locator("#confirm").fill(good);
  await page.getByRole("button", { name: "设置新密码" }).click();
  await expect(page.getByRole("status").filter({ hasText: /如果有账户使用此邮箱|密码已更改/ })).toContainText(
    "密码已更改",
  );
  await expect(fieldError).toHaveCount(0);
});
