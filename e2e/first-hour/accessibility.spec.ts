import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { callTrpc as call, invitedAccount, queryTrpc, signInAs } from "../fixtures";

const pages = [
  "/",
  "/forums",
  "/forums/coordination-mechanisms",
  "/topics/1",
  "/projects",
  "/projects/1",
  "/projects/new",
  "/regions/shenzhen",
  "/clusters/prd",
  "/me",
  "/admin",
  "/admin?tab=accounts",
  "/admin?tab=audit",
  "/moderation",
  "/moderation/my-reports",
  "/notifications",
  "/notifications/preferences",
  "/people/1",
  "/meetings",
  "/meetings/1",
  "/decisions",
  "/fund",
  "/fund/1",
  "/achievements",
  "/alliances",
  "/talent",
];

/**
 * Serious and critical axe findings on every main page, signed in as the admin (and the sign-in page
 * signed out); and what the browser's console reported as an error there (a hydration mismatch, an
 * intl fallback, an uncaught exception), which no person sees but every page must be free of.
 */
async function seriousViolations(browser: Browser, locale: string): Promise<string[]> {
  const context = await browser.newContext({ locale });
  const page = await signInAs(context, "admin");
  const found: string[] = [];
  let path = "";
  page.on("console", (message) => {
    if (message.type() === "error") found.push(`${locale} ${path}: console: ${message.text().split("\n")[0]}`);
  });
  page.on("pageerror", (error) => found.push(`${locale} ${path}: uncaught: ${error.message}`));
  for (path of [...pages, "/sign-in?as=anonymous"]) {
    if (path.startsWith("/sign-in")) await context.clearCookies();
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    // A button enabled by hydration fades from its disabled colour (transition-colors): measured
    // mid-fade, its contrast is neither state's. Wait for running transitions (not the spinners' endless
    // animations) to end.
    await page.waitForFunction(() =>
      document.getAnimations().every((a) => !(a instanceof CSSTransition) || a.playState !== "running"),
    );
    const { violations } = await new AxeBuilder({ page }).analyze();
    for (const v of violations.filter((v) => v.impact === "serious" || v.impact === "critical")) {
      found.push(`${locale} ${path}: ${v.id} (${v.nodes.length}) ${v.nodes[0]?.target.join(" ")}`);
    }
  }
  await context.close();
  return found;
}

test("[A11Y] main pages have no serious or critical axe violations and no console errors, in Chinese and in English", async ({
  browser,
}) => {
  test.setTimeout(300_000);
  // The two languages side by side: a page spends most of its time waiting for the server and the
  // network, and one after the other they took a sixth of the whole suite.
  const found = await Promise.all(["zh-CN", "en-US"].map((locale) => seriousViolations(browser, locale)));
  expect(found.flat()).toEqual([]);
});

test("[A11Y] commenting works with the keyboard alone", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await signInAs(context, "member");
  await page.goto("/topics/1");
  const composer = page.getByLabel("您的评论").first();
  await expect(composer).toBeVisible();
  await page.locator("body").focus();
  // The stance comes first and has no default: reach its group, choose with the arrow keys, go on.
  const firstStance = page.getByRole("radio", { name: "支持" }).first();
  for (let i = 0; i < 60 && !(await firstStance.evaluate((el) => el === document.activeElement)); i += 1)
    await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
  await expect(firstStance).toBeChecked();
  for (let i = 0; i < 60 && !(await composer.evaluate((el) => el === document.activeElement)); i += 1)
    await page.keyboard.press("Tab");
  await expect(composer).toBeFocused();
  await page.keyboard.type("键盘提交的评论：建议明确会议纪要的公开范围。");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "发表评论" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("article").filter({ hasText: "键盘提交的评论" })).toBeVisible();
  await context.close();
});

/** Presses Tab until `target` has the focus, as someone without a mouse would. */
async function tabTo(page: Page, target: Locator, limit = 80) {
  for (let i = 0; i < limit && !(await target.evaluate((el) => el === document.activeElement)); i += 1)
    await page.keyboard.press("Tab");
  await expect(target).toBeFocused();
}

test("[A11Y] voting works with the keyboard alone", async ({ browser }) => {
  // Set-up over the API: a Shanghai-led project with Suzhou, put to a vote by the demo member.
  const researcherContext = await browser.newContext();
  const researcher = await signInAs(researcherContext, "researcher");
  const clusters = await call<Array<{ regions: Array<{ id: number; code: string }> }>>(
    researcher.request,
    "reference.regions",
  );
  const regionId = (code: string) => clusters.flatMap((c) => c.regions).find((r) => r.code === code)!.id;
  const project = await call<{ id: number }>(researcher.request, "projects.create", {
    title: `键盘表决测试 ${Date.now()}`,
    summary: "上海与苏州共建中试平台。",
    body: "上海负责研发，苏州负责中试。",
    expectedOutcomes: "一条中试线。",
    budgetYuan: 2_000_000,
    durationMonths: 18,
    tags: [],
    recommendations: [3],
    leadRegionId: regionId("shanghai"),
    partnerRegionIds: [regionId("suzhou")],
  });
  const suzhou = await invitedAccount(browser, "researcher", "suzhou", "suzhou-coproposer");
  await call(researcher.request, "projects.inviteCoauthor", { projectId: project.id, accountId: suzhou.accountId });
  await call(suzhou.page.request, "projects.respondToInvitation", { projectId: project.id, response: "accept" });
  await call(researcher.request, "projects.submit", { projectId: project.id });
  await Promise.all([researcherContext.close(), suzhou.context.close()]);

  const context = await browser.newContext();
  const page = await signInAs(context, "member");
  const starting = await queryTrpc<{ shares: unknown[] }>(page.request, "ballots.plans.startingPlan", {
    projectId: project.id,
  });
  await call(page.request, "ballots.plans.propose", {
    projectId: project.id,
    shares: starting.shares,
    rationale: "成本均摊，收益按成本分配。",
  });
  await call(page.request, "ballots.open", {
    projectId: project.id,
    closesAt: new Date(Date.now() + 2 * 86_400_000),
    rule: "regional_consent",
    quorumBp: 5000,
    visibility: "secret",
    showRunningTallies: true,
  });

  await page.goto(`/projects/${project.id}`);
  const form = page.getByTestId("vote-form");
  await expect(form).toBeVisible();
  await page.locator("body").focus();
  // Into the plan's radio group, then the arrow keys choose within it.
  await tabTo(page, form.getByRole("radio").first());
  await page.keyboard.press("Space");
  await page.keyboard.press("ArrowRight");
  await expect(form.getByRole("radio", { name: "反对" })).toBeChecked();
  await tabTo(page, form.getByRole("button", { name: "投票" }), 10);
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("vote-recorded")).toContainText("您的投票已记录");
  const [ballot] = await queryTrpc<Array<{ id: number }>>(page.request, "ballots.forProject", {
    projectId: project.id,
  });
  const mine = await queryTrpc<{ votes: Array<{ choice: string }> }>(page.request, "ballots.myVotes", {
    ballotId: ballot!.id,
  });
  expect(mine.votes.map((v) => v.choice)).toEqual(["reject"]);
  await context.close();
});

test("[A11Y] moderation works with the keyboard alone", async ({ browser }) => {
  // Set-up over the API: a researcher's topic with a comment, reported by the member.
  const researcherContext = await browser.newContext();
  const researcher = await signInAs(researcherContext, "researcher");
  const forums = await call<Array<{ id: number }>>(researcher.request, "forums.list");
  const topic = await call<{ id: number; threadId: number }>(researcher.request, "topics.create", {
    forumId: forums[0]!.id,
    title: `键盘审核测试 ${Date.now()}`,
    body: "讨论内容。",
  });
  const text = `键盘审核的评论 ${Date.now()}`;
  const comment = await call<{ id: number }>(researcher.request, "comments.add", {
    threadId: topic.threadId,
    body: text,
    stance: "concern",
  });
  await researcherContext.close();
  const memberContext = await browser.newContext();
  const member = await signInAs(memberContext, "member");
  await call(member.request, "moderation.report", {
    targetKind: "comment",
    targetId: comment.id,
    reason: "spam",
    note: "广告",
  });
  await memberContext.close();

  const context = await browser.newContext();
  const page = await signInAs(context, "moderator");
  await page.goto("/moderation");
  const item = page.getByTestId(`queue-item-comment-${comment.id}`);
  await expect(item).toBeVisible();
  await page.locator("body").focus();
  await tabTo(page, item.getByTestId("action-hide"), 120);
  await page.keyboard.press("Enter");
  await tabTo(page, item.getByTestId("action-reason"), 10);
  await page.keyboard.type("广告内容");
  await tabTo(page, item.getByTestId("action-confirm"), 10);
  await page.keyboard.press("Enter");
  await expect(item).toHaveCount(0);
  const listed = await queryTrpc<{ items: Array<{ id: number; state: string }> }>(page.request, "comments.list", {
    threadId: topic.threadId,
  });
  expect(listed.items.find((c) => c.id === comment.id)?.state).toBe("hidden");
  await context.close();
});
