import { expect, test } from "@playwright/test";
import { invitedAccount, signInAs } from "../fixtures";

test("[FUND] the chair opens a call, the researcher submits, two reviewers score blind, the chair awards the best portfolio, and the public sees the results", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const stamp = Date.now();
  const titleZh = `长三角芯片联合专项 ${stamp}`;

  // The chair (the demo member) drafts and opens a call.
  const chairContext = await browser.newContext();
  const chair = await signInAs(chairContext, "member");
  await chair.goto("/fund");
  await chair.getByRole("link", { name: "发布新指南" }).click();
  await expect(chair).toHaveURL("/fund/new");
  await chair.getByRole("button", { name: "保存为草稿" }).click();
  await expect(chair.locator("#call-titleZh-error")).toBeVisible();
  await chair.getByLabel("标题（中文）").fill(titleZh);
  await chair.getByLabel("标题（英文）").fill(`Joint chip programme ${stamp}`);
  await chair.getByLabel("说明（中文）").fill("支持芯片设计与封装测试的跨区域联合项目。");
  await chair.getByLabel("说明（英文）").fill("Joint projects in chip design, packaging and test.");
  await chair.getByLabel("申报截止时间").fill("2030-06-30T18:00");
  await chair.getByRole("group", { name: "适用的政策建议" }).getByRole("checkbox").nth(1).check();
  await chair.getByLabel("中央财政出资额（元）").fill("100000000");
  for (const region of ["上海", "深圳", "东莞"]) await chair.getByLabel(region, { exact: true }).fill("50000000");
  await chair.getByRole("button", { name: "保存为草稿" }).click();
  await expect(chair).toHaveURL(/\/fund\/\d+$/);
  const callUrl = new URL(chair.url()).pathname;
  await expect(chair.getByRole("heading", { name: titleZh })).toBeVisible();
  // A draft does not exist for anyone else.
  const publicContext = await browser.newContext();
  const visitor = await publicContext.newPage();
  expect((await visitor.goto(callUrl))?.status()).toBe(404);
  await chair.getByRole("button", { name: "发布指南" }).click();
  await expect(chair.getByText("征集中")).toBeVisible();

  // The demo researcher submits the chip project (in its regions' vote) with its first plan.
  const researcherContext = await browser.newContext();
  const researcher = await signInAs(researcherContext, "researcher");
  await researcher.goto(callUrl);
  const form = researcher.getByTestId("submit-proposal");
  await form.getByLabel("项目").selectOption({ index: 1 });
  await form.getByRole("button", { name: "申报此指南" }).click();
  await expect(researcher.getByTestId("proposals").getByRole("listitem")).toHaveCount(1);

  // Two reviewers, appointed by the admin on the reviewers page.
  const reviewerA = await invitedAccount(browser, "researcher", "hangzhou", "reviewer-a");
  const reviewerB = await invitedAccount(browser, "researcher", "tianjin", "reviewer-b");
  const adminContext = await browser.newContext();
  const admin = await signInAs(adminContext, "admin");
  await admin.goto("/fund/reviewers");
  for (const reviewer of [reviewerA, reviewerB]) {
    await admin.getByLabel("查找科研人员").fill(reviewer.name);
    await admin.getByRole("button", { name: `将 ${reviewer.name} 设为评审专家` }).click();
    await expect(admin.getByRole("button", { name: `取消 ${reviewer.name} 的评审专家资格` })).toBeVisible();
  }

  // The chair assigns both and starts the review.
  await chair.reload();
  for (const [reviewer, code] of [
    [reviewerA, "hangzhou"],
    [reviewerB, "tianjin"],
  ] as const) {
    await chair.getByLabel("分配评审专家").selectOption({ label: `${reviewer.name} · ${code} lab` });
    await chair.getByRole("button", { name: "分配", exact: true }).click();
    await expect(chair.getByTestId("proposals")).toContainText(`${reviewer.name} (已分配)`);
  }
  await chair.getByRole("button", { name: "截止申报并开始评审" }).click();
  await expect(chair.getByText("专家评审中")).toBeVisible();

  // Each reviewer declares, then scores; the first sees nobody else's review, the second sees the first's.
  for (const [i, reviewer] of [reviewerA, reviewerB].entries()) {
    const page = reviewer.page;
    await page.goto("/fund/reviews");
    await page.getByTestId("assignments").getByRole("link").first().click();
    await page.getByRole("checkbox").check();
    await page.getByRole("button", { name: "声明并开始评审" }).click();
    const review = page.getByTestId("review-form");
    await expect(review).toBeVisible();
    await review.getByRole("button", { name: "提交评审" }).click();
    await expect(page.getByRole("alert").first()).toBeVisible();
    const scores = review.getByLabel("评分");
    const count = await scores.count();
    for (let k = 0; k < count; k += 1) {
      await scores.nth(k).selectOption(String(i === 0 ? 5 : 4));
      await review.getByLabel("意见").nth(k).fill("分工清晰，可行。");
    }
    await review.getByRole("button", { name: "提交评审" }).click();
    await expect(page.getByText(/您的评审：/)).toBeVisible();
    if (i === 0) await expect(page.getByText("尚无其他专家提交评审。")).toBeVisible();
    else await expect(page.getByTestId("other-reviews")).toContainText("专家 1");
    await expect(page.getByTestId("other-reviews")).not.toContainText(reviewerA.name);
  }

  // The chair compares the three portfolios and awards the exact one.
  await chair.reload();
  await expect(chair.getByTestId("aggregate")).toContainText("4.50");
  await chair.getByRole("button", { name: "结束评审并遴选组合" }).click();
  await expect(chair.getByTestId("portfolio-exact")).toContainText("1 个项目");
  await chair.getByLabel("决定理由（记入审计日志）").fill("总分最高，各出资方额度内。");
  await chair.getByRole("button", { name: "决定并立项" }).click();
  await expect(chair.getByText("已立项").first()).toBeVisible();
  await expect(chair.getByTestId("funded-projects").getByRole("listitem").first()).toBeVisible();

  // One region pays alone: its share of the regions' money is 100 %, far past the 5-point threshold,
  // so the drift shows per region and the chair may put a revision of the shares to the regions.
  const funded = chair.getByTestId("funded-projects").getByRole("listitem").first();
  await funded.getByText("填报本项目执行情况").click();
  await funded.getByLabel("出资方").selectOption({ index: 1 });
  await funded.getByLabel("金额（元）").fill("1000000");
  await funded.getByLabel("拨付日期").fill("2026-11-20");
  await funded.getByRole("button", { name: "登记拨款" }).click();
  const drift = chair.locator('[data-testid^="revision-"]').first();
  const shares = drift.getByRole("table", { name: /约定成本份额与实际份额/ });
  await expect(shares.getByRole("columnheader", { name: "偏差（百分点）" })).toBeVisible();
  await expect(shares).toContainText("100%");
  await expect(drift.getByText("提出成本份额调整")).toBeVisible();

  // Signed out: the results and anonymous scores are public; reviewer names are not.
  await visitor.goto(callUrl);
  await expect(visitor.getByTestId("funded-projects")).toBeVisible();
  await expect(visitor.getByTestId("aggregate")).toContainText("4.50");
  await expect(visitor.locator("body")).not.toContainText(reviewerA.name);
  await expect(visitor.getByTestId("portfolio-exact")).toContainText("已选定");

  for (const context of [
    chairContext,
    researcherContext,
    adminContext,
    publicContext,
    reviewerA.context,
    reviewerB.context,
  ])
    await context.close();
});
