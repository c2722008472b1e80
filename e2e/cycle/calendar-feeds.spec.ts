import { expect, test } from "@playwright/test";
import ICAL from "ical.js";
import { invitedAccount } from "../fixtures";

test("[CALENDAR] a researcher makes a public forums feed on the profile page, a calendar reads it, and it stops once revoked", async ({
  browser,
}) => {
  // An account of its own: its feeds start empty whatever another spec left on a demo account.
  const { context, page } = await invitedAccount(browser, "researcher", "shenzhen", "calendar");
  await page.goto("/meetings");
  await page.getByRole("link", { name: /在日历中订阅/ }).click();
  await expect(page).toHaveURL(/\/me#calendar-feeds$/);
  const section = page.locator("#calendar-feeds");
  await expect(section.getByRole("heading", { name: "日历订阅" })).toBeVisible();
  await expect(section.getByText("尚无日历订阅")).toBeVisible();

  await section.getByLabel("订阅内容").selectOption("public_forums");
  await section.getByLabel("语言").selectOption("en");
  await section.getByTestId("create-feed").click();
  const url = (await section.getByTestId("feed-url").textContent())!.trim();
  expect(url).toMatch(/\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  await expect(section.getByRole("link", { name: "在日历应用中打开" })).toHaveAttribute("href", /^webcal:\/\//);

  // A calendar app fetches the address without any cookie.
  const calendar = await browser.newContext();
  const feed = await calendar.request.get(url);
  expect(feed.status()).toBe(200);
  expect(feed.headers()["content-type"]).toBe("text/calendar; charset=utf-8");
  expect(feed.headers()["cache-control"]).toBe("private, no-store");
  const events = new ICAL.Component(ICAL.parse(await feed.text()))
    .getAllSubcomponents("vevent")
    .map((vevent) => new ICAL.Event(vevent).summary);
  expect(events).toContain("Yangtze River Delta innovation forum: moving results across regions");

  const row = section.getByTestId("feed-list").getByRole("listitem").filter({ hasText: "公开论坛" });
  await expect(row.getByText("有效")).toBeVisible();
  await row.getByRole("button", { name: "撤销" }).click();
  const dialog = page.getByRole("alertdialog", { name: "请确认" });
  await expect(dialog).toContainText("公开论坛");
  await dialog.getByRole("button", { name: "确认" }).click();
  await expect(row.getByText("已撤销")).toBeVisible();
  expect((await calendar.request.get(url)).status()).toBe(404);
  await calendar.close();
  await context.close();
});
