import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import { queryTrpc, signInAs } from "../fixtures";

// Route walks and language pairs: slower than one page on this two-core machine.
test.describe.configure({ timeout: 240_000 });

type Found = {
  projects: { items: Array<{ id: number; title: string }> } | null;
  topics: { items: Array<{ id: number; title: string }> } | null;
};

async function demoIds(request: APIRequestContext) {
  const search = (q: string) => queryTrpc<Found>(request, "search.site", { q });
  const [chips, marine, thread, me] = await Promise.all([
    search("深莞车规级芯片"),
    search("青烟海洋观测"),
    search("Shared data standards"),
    queryTrpc<{ id: number }>(request, "account.session", undefined),
  ]);
  return {
    openProject: chips.projects!.items[0]!.id,
    closedProject: marine.projects!.items[0]!.id,
    topic: thread.topics!.items[0]!,
    personId: me.id,
  };
}

async function adminIn(browser: Browser, locale: string) {
  const context = await browser.newContext({ locale });
  return { context, page: await signInAs(context, "admin") };
}

test("[404] a missing project, topic, forum, region, cluster or person answers HTTP 404 with the not-found page", async ({
  page,
}) => {
  for (const path of [
    "/projects/999999",
    "/projects/not-a-number",
    "/topics/999999",
    "/forums/no-such-forum",
    "/regions/nowhere",
    "/clusters/nowhere",
    "/people/999999",
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("页面不存在");
    await expect(page).toHaveTitle("页面不存在 · 协同");
  }
});

test("[403] a member opening administration or moderation gets HTTP 403", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await signInAs(context, "member");
  for (const path of ["/admin", "/moderation"]) expect((await page.goto(path))?.status(), path).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("无权访问");
  await context.close();
});

for (const [locale, suffix, name] of [
  ["zh-CN", " · 协同", "Chinese"],
  ["en-US", " · Xietong", "English"],
] as const) {
  test(`[TITLES] every route answers 200 with a title of its own (${name})`, async ({ browser }) => {
    const { context, page } = await adminIn(browser, locale);
    const ids = await demoIds(page.request);
    const routes = [
      "/",
      "/forums",
      "/forums/coordination-mechanisms",
      `/topics/${ids.topic.id}`,
      "/projects",
      "/projects/new",
      `/projects/${ids.openProject}`,
      `/projects/${ids.closedProject}`,
      `/projects/${ids.closedProject}/result`,
      "/regions/shanghai",
      "/clusters/yrd",
      `/people/${ids.personId}`,
      "/me",
      "/notifications",
      "/notifications/preferences",
      "/moderation",
      "/moderation/my-reports",
      ...["invitations", "accounts", "regions", "forums", "audit", "activity"].map((tab) => `/admin?tab=${tab}`),
      "/search",
      "/search?q=data",
    ];
    const titles = new Map<string, string>();
    for (const path of routes) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      const title = await page.title();
      expect(title, path).not.toBe("");
      if (path !== "/") expect(title.endsWith(suffix), `${path}: ${title}`).toBe(true);
      const clash = [...titles.entries()].find(([, seen]) => seen === title);
      expect(clash, `${path} has the same title as ${clash?.[0]}: ${title}`).toBeUndefined();
      titles.set(path, title);
    }
    expect(titles.get(`/topics/${ids.topic.id}`)).toContain(ids.topic.title);
    await context.close();
  });
}

test("[URL] list filters and sort live in the URL and survive Back", async ({ page }) => {
  await page.goto("/projects");
  await page.locator("main").getByRole("searchbox").fill("芯片");
  await expect(page).toHaveURL(/[?&]q=%E8%8A%AF%E7%89%87/);
  await page.locator("main").getByRole("link", { name: "深莞车规级芯片研发与中试联合项目" }).click();
  await expect(page).toHaveURL(/\/projects\/\d+$/);
  // Back only once the project has rendered: Back pressed while the navigation is still in flight can
  // let that navigation land afterwards, which leaves the browser on the page it was leaving.
  await expect(page.getByRole("heading", { level: 1, name: "深莞车规级芯片研发与中试联合项目" })).toBeVisible();
  await page.goBack();
  await expect(page.locator("main").getByRole("searchbox")).toHaveValue("芯片");
  await expect(page.locator("main").getByRole("link", { name: "青烟海洋观测装备共研共享平台" })).toHaveCount(0);

  await page.goto("/forums/coordination-mechanisms");
  await page.getByRole("combobox", { name: "排序" }).selectOption("discussed");
  await expect(page).toHaveURL(/[?&]sort=discussed/);
  await page
    .locator("main")
    .getByRole("link", { name: /Shared data standards/ })
    .click();
  await expect(page).toHaveURL(/\/topics\/\d+$/);
  await expect(page.getByRole("heading", { level: 1, name: /Shared data standards/ })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole("combobox", { name: "排序" })).toHaveValue("discussed");

  // A shared link opens with the filter applied.
  await page.goto("/projects?status=voting&sort=budget");
  await expect(page.getByRole("combobox", { name: "状态" })).toHaveValue("voting");
  await expect(page.locator("main").getByRole("link", { name: "深莞车规级芯片研发与中试联合项目" })).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.locator("main").getByRole("link", { name: "青烟海洋观测装备共研共享平台" })).toHaveCount(0);
});

test("[SEARCH] the header search finds a topic and a comment, in Chinese and in English", async ({ browser }) => {
  const zh = await browser.newContext({ locale: "zh-CN" });
  const page = await zh.newPage();
  await page.goto("/forums");
  await page.getByRole("searchbox", { name: "搜索项目、话题和评论" }).first().fill("数据共享标准");
  await page.getByRole("searchbox", { name: "搜索项目、话题和评论" }).first().press("Enter");
  await expect(page).toHaveURL(/\/search\?q=/);
  await expect(page.getByTestId("search-topics").getByRole("link", { name: /Shared data standards/ })).toBeVisible();
  await page.goto("/search?q=海洋数据先行");
  await expect(page.getByTestId("search-comments")).toContainText("建议按学科分批推进，海洋数据先行。");
  await expect(page.getByTestId("search-comments").getByRole("link", { name: /评论于话题/ })).toBeVisible();
  await zh.close();

  const en = await browser.newContext({ locale: "en-US" });
  const english = await en.newPage();
  await english.goto("/search");
  await english.getByRole("searchbox", { name: "Search projects, topics and comments" }).last().fill("licensing terms");
  await english.getByRole("searchbox", { name: "Search projects, topics and comments" }).last().press("Enter");
  await expect(english.getByTestId("search-comments")).toContainText("Licensing terms matter as much as formats.");
  await english
    .getByTestId("search-comments")
    .getByRole("link", { name: /on the topic/ })
    .click();
  await expect(english).toHaveURL(/\/topics\/\d+#comment-\d+$/);
  await english.goBack();
  await expect(english).toHaveURL(/\/search\?q=licensing\+terms/);
  await english.goto("/search?q=数据共享标准");
  await expect(english.getByTestId("search-topics").getByRole("link", { name: /Shared data standards/ })).toBeVisible();
  await expect(english).toHaveTitle("“数据共享标准” · Search · Xietong");
  await en.close();
});

test("[PHONE] on a 390 px screen the profile link and sign-out are in the header and reachable by keyboard", async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await signInAs(context, "member");
  await page.goto("/forums");
  await expect(page.getByTestId("current-user")).toBeVisible();
  await expect(page.getByRole("banner").getByRole("button", { name: "退出登录" })).toBeVisible();
  let reached = false;
  for (let i = 0; i < 25 && !reached; i += 1) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => document.activeElement?.getAttribute("data-testid") === "current-user");
  }
  expect(reached).toBe(true);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/me$/);
  await context.close();
});
