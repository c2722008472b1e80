import { expect, test } from "@playwright/test";
import { invitedAccount } from "../fixtures";

test("[SESSION] signing out ends the session on the server: a copy of the old cookie is signed out too", async ({
  browser,
}) => {
  // An account of its own: the sessions it ends are no other spec's business.
  const person = await invitedAccount(browser, "researcher", "suzhou", "sign-out");
  const { context, page } = person;
  const copied = await context.cookies();
  await page.goto("/me");
  await expect(page.getByTestId("current-user")).toHaveText(person.name);

  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page.getByTestId("current-user")).toHaveCount(0);

  // Someone who copied the cookie before the sign-out gets no session from it: no page, no renewal.
  const other = await browser.newContext();
  await other.addCookies(copied);
  const stolen = await other.newPage();
  await stolen.goto("/me");
  await expect(stolen).toHaveURL(/\/sign-in/);
  const renewal = await stolen.request.get("/api/auth/session");
  expect(await renewal.json()).toEqual({});
  await other.close();
  await context.close();
});
