import { expect, test } from "@playwright/test";
import { callTrpc, queryTrpc, signInAs } from "../fixtures";

test("[CACHE] a signed-out reader's topic page is kept between changes, runs with its own nonce, and shows a moderator's hide at once", async ({
  browser,
  page,
}) => {
  const memberContext = await browser.newContext();
  const member = await signInAs(memberContext, "member");
  const forum = await queryTrpc<{ id: number }>(member.request, "forums.bySlug", { slug: "industrial-layout" });
  const title = `保留的页面 ${Date.now()}`;
  const body = "未登录的读者读到这段文字，直到版主隐藏它。";
  const topic = await callTrpc<{ id: number }>(member.request, "topics.create", { forumId: forum.id, title, body });

  const blocked: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
  });
  // Other specs write meanwhile, and any write anywhere makes a kept page stale: load until one is sent
  // from the cache (a render keeps it, the next load finds it unless something was written in between).
  let cached = null as Awaited<ReturnType<typeof page.goto>>;
  await expect
    .poll(
      async () => {
        cached = await page.goto(`/topics/${topic.id}`);
        return cached?.headers()["x-page-cache"];
      },
      { timeout: 30_000 },
    )
    .toBe("hit");
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  await expect(page.getByText(body)).toBeVisible();
  // Who is reading comes over the socket, after hydration: the kept page's scripts ran, with this
  // response's nonce.
  await expect(page.getByText(/\d+ 人正在浏览/)).toBeVisible();
  const nonce = /'nonce-([^']+)'/.exec(cached!.headers()["content-security-policy"] ?? "")?.[1];
  expect(nonce).toBeTruthy();
  expect(await cached!.text()).toContain(`nonce="${nonce}"`);
  expect(blocked).toEqual([]);

  const moderatorContext = await browser.newContext();
  const moderator = await signInAs(moderatorContext, "moderator");
  await callTrpc(moderator.request, "moderation.hide", {
    targetKind: "topic",
    targetId: topic.id,
    reason: "测试：隐藏后未登录的读者不应再读到原文。",
  });
  const afterHide = await page.goto(`/topics/${topic.id}`);
  expect(afterHide?.headers()["x-page-cache"]).not.toBe("hit");
  await expect(page.getByText(body)).toHaveCount(0);

  // A signed-in reader's page is always rendered for them.
  const own = await member.goto(`/topics/${topic.id}`);
  expect(own?.headers()["x-page-cache"]).toBeUndefined();

  await memberContext.close();
  await moderatorContext.close();
});
