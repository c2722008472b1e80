import { expect, test } from "@playwright/test";
import { signInAs } from "../fixtures";

test("[MOD] member reports an abusive comment; a moderator hides it live; an admin finds it in the audit log", async ({
  browser,
}) => {
  const researcherContext = await browser.newContext();
  const memberContext = await browser.newContext();
  const moderatorContext = await browser.newContext();
  const adminContext = await browser.newContext();
  const researcher = await signInAs(researcherContext, "researcher");
  const member = await signInAs(memberContext, "member");
  const moderator = await signInAs(moderatorContext, "moderator");
  const admin = await signInAs(adminContext, "admin");

  // A researcher opens a topic and posts an abusive comment.
  await researcher.goto("/forums/industrial-layout");
  await researcher.getByTestId("new-topic").click();
  const title = `审核测试 ${Date.now()}`;
  await researcher.getByLabel("标题").fill(title);
  await researcher.getByLabel("您想讨论什么？").fill("关于产业协同的讨论。");
  await researcher.getByRole("button", { name: "发布议题" }).click();
  await expect(researcher).toHaveURL(/\/topics\/\d+$/);
  const abusive = `你们这些人都是蠢货 ${Date.now()}`;
  const composer = researcher
    .locator("form")
    .filter({ has: researcher.getByLabel("您的评论") })
    .first();
  await composer.getByText("顾虑", { exact: true }).click();
  await composer.getByLabel("您的评论").fill(abusive);
  await composer.getByRole("button", { name: "发表评论" }).click();
  await expect(researcher.locator("article").filter({ hasText: abusive })).toBeVisible();

  const reason = `人身攻击，违反讨论规范 ${Date.now()}`;

  // The moderator has the queue open before anything is reported.
  await moderator.goto("/moderation");
  await expect(moderator.getByRole("heading", { name: "审核队列" })).toBeVisible();
  const queued = moderator.locator("[data-testid^=queue-item-comment-]").filter({ hasText: abusive });
  await expect(queued).toHaveCount(0);

  // The member reports the comment from the topic page and is told it was received.
  await member.goto(researcher.url());
  const found = member.locator("article").filter({ hasText: abusive });
  await expect(found).toBeVisible();
  // Once hidden its text is gone, so follow the comment by its id from here on.
  const comment = member.getByTestId((await found.getAttribute("data-testid"))!);
  await comment.getByTestId("report-open").click();
  await comment.getByTestId("report-reason").selectOption("abusive");
  await comment.getByTestId("report-note").fill("人身攻击");
  await comment.getByTestId("report-submit").click();
  await expect(comment.getByTestId("report-received")).toBeVisible();

  // It arrives in the moderator's queue without a reload, with its report and context; the moderator hides it.
  await expect(queued).toBeVisible();
  await expect(queued).toContainText("人身攻击");
  await expect(queued).toContainText("李明 Li Ming");
  await queued.getByTestId("action-hide").click();
  await queued.getByTestId("action-reason").fill(reason);
  await queued.getByTestId("action-confirm").click();
  await expect(queued).toHaveCount(0);

  // The member's open page shows it hidden, with the public reason, without reloading.
  await expect(comment).toContainText("已被内容审核员隐藏");
  await expect(comment).toContainText(reason);
  await expect(comment).not.toContainText(abusive.split(" ")[0]!);

  // The author still sees their own text.
  await researcher.reload();
  await expect(researcher.locator("article").filter({ hasText: abusive })).toContainText("正文仅您本人可见");

  // The member sees how the report was resolved.
  await member.goto("/moderation/my-reports");
  await expect(member.locator("li").filter({ hasText: reason })).toContainText("已处理：已采取措施");

  // The admin finds the action in the audit log.
  await admin.goto("/admin?tab=audit");
  await admin.getByTestId("audit-action").selectOption("moderation.hide");
  await admin.getByRole("button", { name: "筛选" }).click();
  const row = admin.getByTestId("audit-row").filter({ hasText: "moderation.hide" }).first();
  await expect(row).toContainText("王芳 Wang Fang");
  await expect(row).toContainText(reason);

  for (const context of [researcherContext, memberContext, moderatorContext, adminContext]) await context.close();
});
