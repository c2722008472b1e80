import { expect, test } from "@playwright/test";
import { demo, holdChunks } from "../fixtures";

/*
 * What someone does before a page's code has run (app/lib/pre-hydration-guard.ts), and the catalogue
 * reaching the browser as a script of its own rather than inside every page (app/lib/catalogue-script.ts).
 * The page's chunks are held back until the test lets them through, so "before hydration" is certain.
 */

const isHydrated = (selector: string) =>
  Object.keys(document.querySelector(selector) ?? {}).some((key) => key.startsWith("__reactProps$"));

test("[EARLY] the sign-in form typed in and sent before the page's code has run signs in once the code has run", async ({
  page,
}) => {
  const release = await holdChunks(page);
  const posts: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && request.isNavigationRequest()) posts.push(request.url());
  });
  await page.goto("/sign-in", { waitUntil: "domcontentloaded" });
  await page.locator("#email").fill(demo.member.email);
  await page.locator("#password").fill(demo.member.password);
  expect(await page.evaluate(isHydrated, "form")).toBe(false);
  await page.locator("#password").press("Enter");
  // Held, not sent by the browser itself.
  await page.waitForTimeout(500);
  expect(posts).toEqual([]);
  await expect(page).toHaveURL("/sign-in");
  release();
  await expect(page).toHaveURL("/");
  await expect(page.getByTestId("current-user")).toHaveText(demo.member.name);
  expect(posts).toEqual([]);
});

test("[EARLY] a form sent when the page's code cannot load says it was not sent, and keeps what was typed", async ({
  page,
}) => {
  await page.route("**/_next/static/chunks/**/*.js", (route) => route.abort());
  const posts: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && request.isNavigationRequest()) posts.push(request.url());
  });
  await page.goto("/sign-in", { waitUntil: "domcontentloaded" });
  await page.locator("#email").fill(demo.member.email);
  await page.locator("#password").fill("typed-before-the-code-failed");
  await page.locator("#password").press("Enter");
  const notice = page.locator("form").getByRole("alert");
  await expect(notice).toHaveText(
    "页面程序未能加载，本次未提交。请检查网络连接后刷新页面。刷新会清空表单，较长的内容请先复制保存。",
  );
  // Said once however often it is pressed; nothing was sent and nothing typed was lost.
  await page.locator("#password").press("Enter");
  await expect(notice).toHaveCount(1);
  expect(posts).toEqual([]);
  await expect(page.locator("#email")).toHaveValue(demo.member.email);
  await expect(page.locator("#password")).toHaveValue("typed-before-the-code-failed");
});

test("[EARLY] what was typed before hydration is what the form sends after it", async ({ page }) => {
  const release = await holdChunks(page);
  await page.goto("/sign-in", { waitUntil: "domcontentloaded" });
  await page.locator("#email").fill(demo.member.email);
  await page.locator("#password").fill("not-the-password");
  release();
  await page.waitForFunction(isHydrated, "form");
  await page.getByRole("button", { name: "登录", exact: true }).click();
  // The state holds the typed e-mail and password: a wrong password, not an empty form, is refused.
  await expect(page.getByText("邮箱或密码不正确。")).toBeVisible();
  await expect(page.locator("#email")).toHaveValue(demo.member.email);
  await page.locator("#password").fill(demo.member.password);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expect(page).toHaveURL("/");
});

for (const locale of ["zh-CN", "en"] as const) {
  test(`[EARLY] pages hydrate without a mismatch in ${locale}, the catalogue loaded as its own script`, async ({
    page,
    baseURL,
  }) => {
    await page.context().addCookies([{ name: "NEXT_LOCALE", value: locale, url: baseURL! }]);
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    for (const path of ["/", "/sign-in", "/forums", "/projects", "/decisions", "/open-data"]) {
      const response = await page.goto(path);
      const html = (await response?.text()) ?? "";
      // The catalogue is not in the page: a message none of these pages shows is nowhere in the HTML.
      expect(html).not.toContain(
        locale === "en" ? "Your account uses two-factor sign-in" : "您的账号已开启两步验证登录",
      );
      const src = /\/catalogue\/[A-Za-z-]+\.[A-Za-z0-9_-]+\.js/.exec(html)?.[0];
      expect(src).toContain(`/catalogue/${locale}.`);
      await page.waitForFunction(isHydrated, "body");
      await expect(page.locator("#main")).toBeVisible();
    }
    const script = await page.request.get(
      /\/catalogue\/[A-Za-z-]+\.[A-Za-z0-9_-]+\.js/.exec(await page.content())?.[0] ?? "/",
    );
    expect(script.headers()["cache-control"]).toContain("immutable");
    expect(problems).toEqual([]);
  });
}

test("[EARLY] switching the language loads the other catalogue without a reload, and back", async ({ page }) => {
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
  await page.goto("/");
  await page.waitForFunction(isHydrated, "body");
  const catalogues: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("/catalogue/")) catalogues.push(new URL(request.url()).pathname.split(".")[0]!);
  });
  // The switcher is a client component (its label comes from the catalogue script), the footer a server one.
  await page.getByRole("group", { name: "切换语言" }).getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("group", { name: "Switch language" })).toBeVisible();
  await expect(page.locator("footer")).toContainText("Open data");
  expect(catalogues).toEqual(["/catalogue/en"]);
  await page.getByRole("group", { name: "Switch language" }).getByRole("button", { name: "中文" }).click();
  await expect(page.locator("footer")).toContainText("开放数据");
  await expect(page.getByRole("group", { name: "切换语言" })).toBeVisible();
  expect(problems).toEqual([]);
});

test("[EARLY] a sort chosen before the page's code has run is the list's sort once it has run", async ({ page }) => {
  const release = await holdChunks(page);
  await page.goto("/forums/coordination-mechanisms", { waitUntil: "domcontentloaded" });
  const sort = page.getByRole("combobox", { name: "排序" });
  await sort.selectOption("discussed");
  expect(await page.evaluate(isHydrated, "main select")).toBe(false);
  release();
  await expect(page).toHaveURL(/[?&]sort=discussed/);
  await expect(sort).toHaveValue("discussed");
});

test("[EARLY] a choice made in a part of the page React hydrates after the rest is handed to it when it does", async ({
  page,
}) => {
  await page.goto("/sign-in");
  await page.waitForFunction(isHydrated, "form");
  // A select React has not reached yet (a part of the page in a chunk still loading), chosen by the person
  // as Playwright and the browser do: the value set, then input and change.
  const heard = await page.evaluate(async () => {
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const select = document.createElement("select");
    select.innerHTML =
      '<option value="activity" selected>activity</option><option value="discussed">discussed</option>';
    document.querySelector("main")!.appendChild(select);
    select.value = "discussed";
    select.dispatchEvent(new Event("input", { bubbles: true }));
    select.dispatchEvent(new Event("change", { bubbles: true }));
    // Hydrating a controlled select sets it to its props.
    select.value = "activity";
    const changes: string[] = [];
    select.addEventListener("change", () => changes.push(select.value));
    await pause(300);
    const beforeHydration = [...changes];
    (select as unknown as Record<string, unknown>)["__reactProps$e2e"] = {};
    await pause(300);
    return { beforeHydration, afterHydration: changes };
  });
  expect(heard).toEqual({ beforeHydration: [], afterHydration: ["discussed"] });
});
