import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { signInAs } from "./fixtures";

const pages = ["/", "/forums", "/forums/coordination-mechanisms", "/topics/1", "/projects", "/projects/1", "/projects/new", "/regions/shenzhen", "/clusters/prd", "/me", "/admin"];

for (const locale of ["zh-CN", "en-US"]) {
  test(`[A11Y] main pages have no serious or critical axe violations (${locale})`, async ({ browser }) => {
    const context = await browser.newContext({ locale });
    const page = await signInAs(context, "admin");
    const found: string[] = [];
    for (const path of [...pages, "/sign-in?as=anonymous"]) {
      if (path.startsWith("/sign-in")) await context.clearCookies();
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      const { violations } = await new AxeBuilder({ page }).analyze();
      for (const v of violations.filter((v) => v.impact === "serious" || v.impact === "critical")) {
        found.push(`${path}: ${v.id} (${v.nodes.length}) ${v.nodes[0]?.target.join(" ")}`);
      }
    }
    expect(found).toEqual([]);
    await context.close();
  });
}

test("[A11Y] commenting works with the keyboard alone", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await signInAs(context, "member");
  await page.goto("/topics/1");
  const composer = page.getByLabel("您的评论").first();
  await expect(composer).toBeVisible();
  await page.locator("body").focus();
  for (let i = 0; i < 60 && !(await composer.evaluate((el) => el === document.activeElement)); i += 1) await page.keyboard.press("Tab");
  await expect(composer).toBeFocused();
  await page.keyboard.type("键盘提交的评论：建议明确会议纪要的公开范围。");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "发表评论" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("article").filter({ hasText: "键盘提交的评论" })).toBeVisible();
  await context.close();
});
