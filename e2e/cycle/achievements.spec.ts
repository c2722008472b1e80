import { expect, test } from "@playwright/test";
import { callTrpc, invitedAccount, signInAs } from "../fixtures";

test("[ACHIEVEMENT] an owner publishes an achievement; an enterprise in another cluster posts a need, sees the match with its explanation and writes to the owners, who see the enquiry", async ({
  browser,
}) => {
  // Three contexts, an invitation and a dozen page loads on a shared two-core machine.
  test.setTimeout(240_000);
  const stamp = Date.now();
  // The owner: the demo researcher of the Shenzhen institute (an R&D-strong city in the demo's table).
  const ownerContext = await browser.newContext();
  const owner = await signInAs(ownerContext, "researcher");
  await owner.goto("/achievements");
  await owner.getByRole("link", { name: "发布成果" }).click();
  await expect(owner).toHaveURL("/achievements/new");
  await owner.getByRole("button", { name: "创建" }).click();
  await expect(owner.getByText("This field is required.").or(owner.getByText("此项为必填项。")).first()).toBeVisible();
  const titleZh = `固态电池硫化物电解质干法成膜工艺 ${stamp}`;
  await owner.getByLabel("标题（中文）").fill(titleZh);
  await owner.getByLabel("标题（英文）").fill(`Dry film process for sulfide solid electrolytes ${stamp}`);
  await owner.getByLabel("摘要（中文）").fill("无溶剂干法制备硫化物固态电解质薄膜，适合动力电池量产线改造。");
  await owner
    .getByLabel("摘要（英文）")
    .fill("Solvent-free dry processing of sulfide solid electrolyte films, suited to battery line retrofits.");
  await owner.getByLabel("技术成熟度（1–9 级）").selectOption("6");
  await owner.getByLabel("行业").fill("固态电池");
  await owner.getByRole("button", { name: "创建" }).click();
  await expect(owner).toHaveURL(/\/achievements\/\d+$/);
  await expect(owner.getByRole("heading", { level: 1, name: titleZh })).toBeVisible();
  const achievementUrl = owner.url();

  // The enterprise: a Suzhou (Yangtze River Delta) firm, registered as an enterprise by the admin.
  const firm = await invitedAccount(browser, "researcher", "suzhou", "firm");
  const adminContext = await browser.newContext();
  const admin = await signInAs(adminContext, "admin");
  await callTrpc(admin.request, "achievements.setOrganisationType", {
    accountId: firm.accountId,
    organisationType: "enterprise",
  });
  await adminContext.close();

  await firm.page.goto("/achievements/needs");
  const needTitle = `动力电池产线需要硫化物固态电解质成膜工艺 ${stamp}`;
  await firm.page.getByLabel("需求概述（一句话）").fill(needTitle);
  await firm.page.getByLabel("问题描述").fill("计划改造动力电池产线，寻求固态电解质干法成膜的工艺许可或合作开发。");
  await firm.page.getByLabel("行业", { exact: true }).fill("固态电池");
  await firm.page.getByLabel("预算下限（元）").fill("900000");
  await firm.page.getByLabel("预算上限（元）").fill("100000");
  await firm.page.getByRole("button", { name: "发布需求" }).click();
  await expect(firm.page.getByText("预算下限不能高于上限。")).toBeVisible();
  await firm.page.getByLabel("预算上限（元）").fill("3000000");
  await firm.page.getByRole("button", { name: "发布需求" }).click();
  await expect(firm.page).toHaveURL(/\/achievements\/needs\/\d+$/);
  await expect(firm.page.getByRole("heading", { level: 1, name: needTitle })).toBeVisible();

  // The match, with why: shared terms, the shared sector and the complementary-region rule.
  const match = firm.page.getByTestId("need-match").filter({ hasText: titleZh });
  await expect(match).toBeVisible();
  await expect(match.getByText(/共同词语：.*固态电解质/)).toBeVisible();
  await expect(match.getByText("相同行业：固态电池")).toBeVisible();
  await expect(match.getByText(/区域互补：深圳（研发优势）对接 苏州（制造优势）/)).toBeVisible();

  await match.getByRole("button", { name: "联系所有方" }).click();
  const message = `我们想了解许可条件和中试支持。${stamp}`;
  await match.getByLabel("留言内容").fill(message);
  await match.getByRole("button", { name: "发送" }).click();
  await expect(firm.page).toHaveURL(/\/achievements\/enquiries\/\d+$/);
  await expect(firm.page.getByText(message)).toBeVisible();
  const enquiryUrl = new URL(firm.page.url()).pathname;

  // The owners see it; someone else gets a 404, not the conversation.
  await owner.goto("/achievements/enquiries");
  await owner.getByRole("link", { name: `关于“${titleZh}”` }).click();
  await expect(owner.getByText(message)).toBeVisible();
  const outsiderContext = await browser.newContext();
  const outsider = await signInAs(outsiderContext, "member");
  const response = await outsider.goto(enquiryUrl);
  expect(response?.status()).toBe(404);
  await outsiderContext.close();

  // Contact details never reach the page.
  await firm.page.goto(achievementUrl);
  await expect(firm.page.locator("body")).not.toContainText("@demo.xietong.cn");
  await ownerContext.close();
  await firm.context.close();
});
