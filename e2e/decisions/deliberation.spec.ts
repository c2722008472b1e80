import { expect, test, type Page } from "@playwright/test";
import { signInAs, acceptConfirm, callTrpc, queryTrpc } from "../fixtures";

async function postComment(page: Page, text: string, stance = "支持") {
  const composer = page
    .locator("form")
    .filter({ has: page.getByLabel("您的评论") })
    .first();
  await composer.getByText(stance, { exact: true }).click();
  await composer.getByLabel("您的评论").fill(text);
  await composer.getByRole("button", { name: "发表评论" }).click();
  await expect(composer.getByLabel("您的评论")).toHaveValue("");
}

test("[DELIB] two people deliberate live: comments, replies, reactions and missed events", async ({ browser }) => {
  const contextA = await browser.newContext();
  const contextB = await browser.newContext();
  const a = await signInAs(contextA, "member");
  const b = await signInAs(contextB, "researcher");

  await a.goto("/forums/industrial-layout");
  await a.getByTestId("new-topic").click();
  const title = `产业分工协同试点 ${Date.now()}`;
  await a.getByLabel("标题").fill(title);
  await a.getByLabel("您想讨论什么？").fill("建议京津冀先在**高端装备**领域试点产业分工。");
  await a.getByRole("button", { name: "发布议题" }).click();
  await expect(a).toHaveURL(/\/topics\/\d+$/);
  await expect(a.getByRole("heading", { name: title })).toBeVisible();

  await b.goto(a.url());
  await expect(b.getByText("暂无评论，欢迎率先发表意见。")).toBeVisible();
  await expect(b.getByTestId("viewers")).toHaveText("2 人正在浏览");

  // A posts a comment and a reply; B sees both without reloading.
  await postComment(a, "第一条意见：先明确三地的产业定位。");
  const first = b.locator("article").filter({ hasText: "第一条意见" });
  await expect(first).toBeVisible();
  await a.locator("article").filter({ hasText: "第一条意见" }).getByRole("button", { name: "回复" }).click();
  await a.getByLabel("您的回复").fill("补充：天津侧重先进制造。");
  await a.getByRole("button", { name: "发表回复" }).click();
  await expect(b.locator("article").filter({ hasText: "补充：天津侧重先进制造。" })).toBeVisible();

  // B reacts; A sees the count change.
  await first.getByTestId("react-agree").first().click();
  await expect(a.locator("article").filter({ hasText: "第一条意见" }).getByTestId("react-agree").first()).toContainText(
    "1",
  );

  // B drops off the network; A posts meanwhile; B catches up on reconnecting.
  await contextB.setOffline(true);
  await expect(b.locator("[data-connection=offline]")).toBeVisible({ timeout: 30_000 });
  await postComment(a, "离线期间发表的意见：建议设立产业转移协调基金。", "顾虑");
  await expect(a.locator("article").filter({ hasText: "离线期间发表的意见" })).toBeVisible();
  await expect(b.locator("article").filter({ hasText: "离线期间发表的意见" })).toHaveCount(0);
  await contextB.setOffline(false);
  const missed = b.locator("article").filter({ hasText: "离线期间发表的意见" });
  await expect(missed).toBeVisible({ timeout: 30_000 });
  await expect(missed).toHaveCount(1);
  await expect(b.locator("article")).toHaveCount(3);

  // The forum's stance chart shows both regions.
  await b.goto("/forums/industrial-layout");
  await expect(b.getByTestId("stance-picture")).toContainText("上海");

  await contextA.close();
  await contextB.close();
});

test("[DELIB] a signed-out reader's forum page applies new topics, comments and stances from the stream, reading the list and picture only once", async ({
  browser,
  page,
}) => {
  // The reader's list and picture reads, counted from the first load on.
  const reads: string[] = [];
  page.on("request", (request) => {
    const url = request.url();
    if (url.includes("topics.list") || url.includes("forums.stancePicture")) reads.push(url);
  });
  await page.goto("/forums/industrial-layout");
  const list = page.getByTestId("topic-list");
  // The list, or its empty state on a forum with no topic yet (when this spec runs alone).
  await expect(list.or(page.getByText("暂无议题。"))).toBeVisible();
  // The picture, or its empty state on a forum nobody took a stance in yet.
  await expect(page.getByTestId("stance-picture").or(page.getByText("暂无立场。", { exact: false }))).toBeVisible();
  await expect.poll(() => reads.some((url) => url.includes("stancePicture"))).toBe(true);
  const firstLoad = reads.length;

  const contextB = await browser.newContext();
  const member = await signInAs(contextB, "member");
  const forum = await queryTrpc<{ id: number }>(member.request, "forums.bySlug", { slug: "industrial-layout" });
  const title = `实时议题 ${Date.now()}`;
  const topic = await callTrpc<{ id: number; threadId: number }>(member.request, "topics.create", {
    forumId: forum.id,
    title,
    body: "从论坛流中实时出现的议题。",
  });
  // The new topic arrives first in the list, with no comments yet.
  const row = list.locator("li").filter({ hasText: title });
  await expect(list.locator("li").first()).toContainText(title);
  await expect(row).toContainText("暂无评论");

  // Two comments with different stances: the row's count follows, and the member's region moves from
  // one stance to the other in the picture (each person counts once, with their latest stance).
  const picture = page.getByTestId("stance-picture");
  await callTrpc(member.request, "comments.add", { threadId: topic.threadId, body: "先支持试点。", stance: "support" });
  await expect(row).toContainText("1 条评论");
  await expect(picture).toContainText("上海");
  const withSupport = await picture.textContent();
  await callTrpc(member.request, "comments.add", { threadId: topic.threadId, body: "还有疑问。", stance: "question" });
  await expect(row).toContainText("2 条评论");
  await expect(picture).not.toHaveText(withSupport ?? "");
  expect(reads.slice(firstLoad)).toEqual([]);

  await contextB.close();
});

test("[DELIB] a signed-out visitor reads a forum but is invited to sign in to post", async ({ page }) => {
  await page.goto("/forums/coordination-mechanisms?sort=discussed");
  await expect(page.getByText("登录后即可发起议题或参与讨论。")).toBeVisible();
  await expect(page.getByTestId("new-topic")).toHaveCount(0);
  // A demo topic with comments, most discussed (other specs add topics without any, newest first by default).
  await page
    .getByTestId("topic-list")
    .getByRole("link", { name: /Shared data standards/ })
    .click();
  await expect(page).toHaveURL(/\/topics\/\d+$/);
  await expect(page.getByTestId("comment-thread")).toBeVisible();
  await expect(page.getByRole("button", { name: "发表评论" })).toHaveCount(0);
});

test("[DELIB] an author edits a comment, the history shows the earlier text, and withdrawal keeps replies", async ({
  browser,
}) => {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await signInAs(context, "researcher");
  await page.goto("/forums/results-transfer");
  await page.getByTestId("new-topic").click();
  await page.getByLabel("Title").fill(`Shared trading platform ${Date.now()}`);
  await page.getByLabel("What would you like to discuss?").fill("Which region should host the platform's servers?");
  await page.getByRole("button", { name: "Post topic" }).click();
  await expect(page).toHaveURL(/\/topics\/\d+$/);

  await page.getByLabel("Your comment").fill("Original wording.");
  // A comment that starts a discussion must choose a stance: nothing is pre-selected.
  await page.getByRole("button", { name: "Post comment" }).click();
  await expect(page.getByText("Choose a stance: it is how your region's view is counted.")).toBeVisible();
  await page
    .locator("label")
    .filter({ hasText: /^Support$/ })
    .click();
  await page.getByRole("button", { name: "Post comment" }).click();
  const comment = page.locator("article").filter({ hasText: "Original wording." });
  await comment.getByRole("button", { name: "Edit" }).click();
  await page.getByLabel("Your comment").nth(1).fill("Revised wording.");
  await page.getByRole("button", { name: "Save changes" }).click();
  const revised = page.locator("article").filter({ hasText: "Revised wording." });
  await expect(revised).toBeVisible();
  await revised.getByRole("button", { name: "edited" }).click();
  await expect(revised.getByText("Original wording.")).toBeVisible();

  await revised.getByRole("button", { name: "Reply" }).click();
  await page.getByLabel("Your reply").fill("A reply that must survive.");
  await page.getByRole("button", { name: "Post reply" }).click();
  await expect(page.getByText("A reply that must survive.")).toBeVisible();

  await revised.getByRole("button", { name: "Withdraw" }).first().click();
  await acceptConfirm(page);
  await expect(page.getByText("This comment was withdrawn by its author.")).toBeVisible();
  await expect(page.getByText("Revised wording.")).toHaveCount(0);
  await expect(page.getByText("A reply that must survive.")).toBeVisible();

  // Empty comments are refused with a readable message before anything is sent.
  await page.getByLabel("Your comment").first().fill("   ");
  await page
    .locator("label")
    .filter({ hasText: /^Support$/ })
    .first()
    .click();
  await page.getByRole("button", { name: "Post comment" }).click();
  await expect(page.getByText("This field is required.")).toBeVisible();
  await context.close();
});
