import { expect, test } from "@playwright/test";
import { signInAs, acceptConfirm } from "../fixtures";

test("[PROJECT] a researcher drafts a project with a partner region, the partner's researcher accepts in a second context, the proposal is submitted, and a member sees it appear live in the list", async ({
  browser,
}) => {
  // The demo's Dongguan accounts cannot sign in, so the partner joins through an admin's invitation.
  const adminContext = await browser.newContext();
  const admin = await signInAs(adminContext, "admin");
  await admin.goto("/admin");
  const stamp = Date.now();
  const partnerName = `莫凡 Mo Fan ${stamp}`;
  await admin.getByLabel("电子邮箱").fill(`dongguan-researcher-${stamp}@example.org`);
  await admin.getByLabel("角色").selectOption("researcher");
  await admin.getByLabel("所属地区").selectOption({ label: "东莞" });
  await admin.getByRole("button", { name: "生成邀请" }).click();
  const link = (await admin.getByTestId("invite-link").textContent())?.trim() ?? "";
  expect(link).toMatch(/\/invite\//);
  await adminContext.close();

  const partnerContext = await browser.newContext({ locale: "en-US" });
  const partner = await partnerContext.newPage();
  await partner.goto(link);
  await partner.getByLabel("Display name").fill(partnerName);
  await partner.getByLabel("Organisation").fill("东莞理工学院");
  await partner.getByLabel("Password", { exact: true }).fill("dongguan-partner-2026");
  await partner.getByLabel("Confirm password").fill("dongguan-partner-2026");
  await partner.getByRole("button", { name: "Create my account" }).click();
  await expect(partner).toHaveURL("/");

  // The researcher (Shenzhen) drafts a Shenzhen-led project with Dongguan as partner.
  const researcherContext = await browser.newContext();
  const researcher = await signInAs(researcherContext, "researcher");
  await researcher.goto("/projects");
  await researcher.getByRole("link", { name: "新建项目" }).click();
  await expect(researcher).toHaveURL("/projects/new");
  const title = `深莞芯片封测联合攻关 ${stamp}`;
  await researcher.getByRole("button", { name: "创建草稿" }).click();
  await expect(researcher.getByText("请至少选择一个合作地区。")).toBeVisible();
  await researcher.getByLabel("项目名称").fill(title);
  await researcher.getByLabel("项目摘要").fill("深圳负责芯片设计，东莞负责封装测试，共建联合实验线。");
  await researcher.getByLabel("项目方案").fill("## 分工\n\n- 深圳：**设计**\n- 东莞：封装测试");
  await expect(researcher.getByLabel("牵头地区")).toHaveValue(/\d+/);
  await researcher.getByRole("checkbox", { name: "东莞" }).check();
  await researcher.getByRole("group", { name: "对应建议" }).getByRole("checkbox").first().check();
  await researcher.getByLabel("预算（元）").fill("1200000");
  await researcher.getByLabel("实施周期（月）").fill("18");
  await researcher.getByLabel("预期成果").fill("建成一条联合封测验证线。");
  await researcher.getByLabel("标签").fill("芯片, 封装测试");
  await researcher.getByRole("button", { name: "创建草稿" }).click();
  await expect(researcher).toHaveURL(/\/projects\/\d+$/);
  await expect(researcher.getByRole("heading", { name: title })).toBeVisible();
  await expect(researcher.getByTestId("project-status")).toHaveText("草稿");
  await expect(researcher.getByTestId("missing-partners")).toContainText("东莞");
  await expect(researcher.getByRole("button", { name: "提交各地区审议" })).toBeDisabled();

  await researcher.getByLabel("合作地区的研究人员").selectOption({ label: `${partnerName} · 东莞` });
  await researcher.getByRole("button", { name: "发送邀请" }).click();
  await expect(researcher.getByTestId("coauthors")).toContainText("已邀请");

  // The partner accepts; the researcher's open page learns of it live.
  await partner.goto(researcher.url());
  await partner.getByRole("button", { name: "Accept" }).click();
  await expect(partner.getByTestId("coauthors")).toContainText("Accepted");
  await expect(researcher.getByTestId("coauthors")).toContainText("已接受");
  await expect(researcher.getByTestId("missing-partners")).toHaveText("各合作地区均已有联合申报人接受邀请。");

  // A member watches the list before submission: the draft is not there.
  const memberContext = await browser.newContext();
  const member = await signInAs(memberContext, "member");
  await member.goto("/projects");
  await expect(member.getByRole("heading", { name: "联合项目" })).toBeVisible();
  await expect(member.getByText(title)).toHaveCount(0);

  await researcher.getByRole("button", { name: "提交各地区审议" }).click();
  await acceptConfirm(researcher);
  await expect(researcher.getByTestId("project-status")).toHaveText("已提交");

  const card = member.getByTestId("project-list").locator("li").filter({ hasText: title });
  await expect(card).toBeVisible();
  await expect(card).toContainText("已提交");
  await expect(card).toContainText("牵头：深圳");
  await expect(card).toContainText("合作：东莞");
  await expect(card).toContainText("1,200,000");

  await memberContext.close();
  await partnerContext.close();
  await researcherContext.close();
});
