import { expect, test, type Page } from "@playwright/test";
import { invitedAccount, signInAs } from "../fixtures";

async function unreadCount(page: Page): Promise<number> {
  // Read the count only once it has loaded: before that the badge is absent, which would read as 0.
  await expect(page.locator("[data-testid=notification-bell][data-state=ready]")).toBeVisible();
  const badge = page.getByTestId("notification-count");
  return (await badge.count()) === 0 ? 0 : Number(await badge.textContent());
}

test("[NOTIFY] A mentions B in a comment; B's bell rises without reloading and B clicks through to the comment", async ({
  browser,
}) => {
  const a = await signInAs(await browser.newContext(), "member");
  // The one mentioned has an account of their own: their bell counts only this spec's notices, and
  // what this spec reads or leaves unread is nobody else's.
  const reader = await invitedAccount(browser, "researcher", "hangzhou", "bell-reader");
  const b = reader.page;
  const escapedName = reader.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

  await a.goto("/forums/industrial-layout");
  await a.getByTestId("new-topic").click();
  const title = `提及通知测试 ${Date.now()}`;
  await a.getByLabel("标题").fill(title);
  await a.getByLabel("您想讨论什么？").fill("请相关同志参与讨论。");
  await a.getByRole("button", { name: "发布议题" }).click();
  await expect(a).toHaveURL(/\/topics\/\d+$/);

  await b.goto("/");
  await expect(b.getByTestId("notification-bell")).toBeVisible();
  await expect(b.locator("[data-connection=live]")).toBeVisible();
  const before = await unreadCount(b);

  // A types "@" and the start of B's name, and picks B from the suggestions.
  const body = a.getByLabel("您的评论");
  await body.fill("这个问题想听听 ");
  await body.pressSequentially("@bell-reader");
  const suggestions = a.getByTestId("mention-suggestions");
  await expect(suggestions).toBeVisible();
  await suggestions.getByRole("option", { name: new RegExp(escapedName) }).click();
  await expect(body).toHaveValue(new RegExp(`@\\[${escapedName}\\]\\(person:${reader.accountId}\\) $`));
  await body.pressSequentially("的意见。");
  await a
    .locator("label")
    .filter({ hasText: /^疑问$/ })
    .first()
    .click();
  await a.getByRole("button", { name: "发表评论" }).click();
  await expect(body).toHaveValue("");
  const comment = a.locator("article").filter({ hasText: "的意见。" });
  await expect(comment.getByRole("link", { name: `@${reader.name}` })).toHaveAttribute(
    "href",
    `/people/${reader.accountId}`,
  );

  // B's bell rises live, on the page B already had open.
  await expect(b.getByTestId("notification-count")).toHaveText(String(before + 1));

  await b.getByTestId("notification-bell").click();
  await expect(b).toHaveURL(/\/notifications$/);
  const item = b.getByTestId("notification-list").getByRole("link", { name: new RegExp(`在“${title}”中提到了您`) });
  await expect(item).toBeVisible();
  await item.click();
  await expect(b).toHaveURL(/\/topics\/\d+#comment-\d+$/);
  const anchor = new URL(b.url()).hash.slice(1);
  await expect(b.locator(`#${anchor}`)).toContainText("的意见。");
  await expect(b.locator(`#${anchor}`)).toBeInViewport();
  // Following the item marked it read.
  if (before === 0) await expect(b.getByTestId("notification-count")).toHaveCount(0);
  else await expect(b.getByTestId("notification-count")).toHaveText(String(before));
});
