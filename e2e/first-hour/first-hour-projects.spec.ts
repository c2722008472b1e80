import { expect as baseExpect, test, type Page } from "@playwright/test";
import { callTrpc, invitedAccount, signInAs } from "../fixtures";

// Several steps per test on a shared two-core machine: pages may take longer than the default to answer.
test.describe.configure({ timeout: 180_000 });
const expect = baseExpect.configure({ timeout: 30_000 });

type Clusters = Array<{ id: number; regions: Array<{ id: number; code: string }> }>;

async function regionIds(page: Page): Promise<(code: string) => number> {
  const clusters = await callTrpc<Clusters>(page.request, "reference.regions");
  const all = clusters.flatMap((c) => c.regions);
  return (code) => all.find((r) => r.code === code)!.id;
}

function proposal(title: string, region: (code: string) => number) {
  return {
    title,
    summary: "深圳负责设计，东莞负责封装测试。",
    body: "## 分工\n\n深圳设计，东莞封测。",
    expectedOutcomes: "一条联合验证线。",
    budgetYuan: 1_200_000,
    durationMonths: 18,
    tags: ["芯片"],
    recommendations: [1],
    leadRegionId: region("shenzhen"),
    partnerRegionIds: [region("dongguan")],
  };
}

test("[FIRST-HOUR] the proposer edits a submitted project from its page and sees the kept version and the diff", async ({
  browser,
}) => {
  const context = await browser.newContext();
  const researcher = await signInAs(context, "researcher");
  const region = await regionIds(researcher);
  const stamp = Date.now();
  const title = `深莞封测验证线 ${stamp}`;
  const project = await callTrpc<{ id: number }>(researcher.request, "projects.create", proposal(title, region));
  const partner = await invitedAccount(browser, "researcher", "dongguan", "dg-partner");
  await callTrpc(researcher.request, "projects.inviteCoauthor", {
    projectId: project.id,
    accountId: partner.accountId,
  });
  await callTrpc(partner.page.request, "projects.respondToInvitation", { projectId: project.id, response: "accept" });
  await callTrpc(researcher.request, "projects.submit", { projectId: project.id });
  await partner.context.close();

  await researcher.goto(`/projects/${project.id}`);
  await researcher.getByRole("link", { name: "编辑" }).click();
  await expect(researcher).toHaveURL(`/projects/${project.id}/edit`);
  await expect(researcher.getByLabel("项目名称")).toHaveValue(title);
  // Regions are fixed after submission; the form says so and does not offer them.
  await expect(researcher.getByLabel("牵头地区")).toBeDisabled();

  // A refused field keeps everything typed, and the reason sits at the field.
  await researcher.getByLabel("项目摘要").fill("深圳负责芯片设计与验证，东莞负责封装测试与量产导入。");
  await researcher.getByLabel("预算（元）").fill("12x");
  await researcher.getByRole("button", { name: "保存修改" }).click();
  await expect(researcher.getByText("预算须为正整数（单位：元）。")).toBeVisible();
  await expect(researcher.getByLabel("项目摘要")).toHaveValue("深圳负责芯片设计与验证，东莞负责封装测试与量产导入。");
  await researcher.getByLabel("预算（元）").fill("1500000");
  await researcher.getByRole("button", { name: "保存修改" }).click();

  await expect(researcher).toHaveURL(`/projects/${project.id}`);
  await expect(researcher.getByText("第2版", { exact: true })).toBeVisible();
  const versions = researcher.getByTestId("versions");
  await expect(versions.locator("li")).toHaveCount(2);
  const diff = researcher.locator("section").filter({ has: researcher.getByRole("heading", { name: "历次版本" }) });
  await expect(diff.getByRole("rowheader", { name: "项目摘要" })).toBeVisible();
  await expect(diff.getByRole("rowheader", { name: "预算" })).toBeVisible();
  await expect(diff).toContainText("量产导入");
  await context.close();
});

test("[FIRST-HOUR] a draft left behind is found again on the workbench and with the draft filter; the form warns of a region with nobody to invite", async ({
  browser,
}) => {
  const context = await browser.newContext();
  const researcher = await signInAs(context, "researcher");
  const region = await regionIds(researcher);
  const title = `尚未提交的草稿 ${Date.now()}`;
  const draft = await callTrpc<{ id: number }>(researcher.request, "projects.create", proposal(title, region));
  await researcher.goto(`/projects/${draft.id}`);
  await expect(researcher.getByTestId("project-status")).toHaveText("草稿");

  await researcher.goto("/");
  const drafts = researcher.getByTestId("my-drafts");
  await drafts.getByRole("link", { name: title }).click();
  await expect(researcher).toHaveURL(`/projects/${draft.id}`);

  await researcher.goto("/projects");
  await expect(researcher.getByTestId("project-list").getByText(title)).toHaveCount(0);
  await researcher.getByLabel("状态").selectOption("draft");
  const card = researcher.getByTestId("project-list").locator("li").filter({ hasText: title });
  await expect(card).toContainText("草稿");

  // An admin adds a region nobody lives in yet: the form says a draft with it could never be submitted.
  const adminContext = await browser.newContext();
  const admin = await signInAs(adminContext, "admin");
  const clusters = await callTrpc<Clusters>(admin.request, "reference.regions");
  const code = `empty${Date.now() % 100000}`;
  await callTrpc(admin.request, "admin.addRegion", {
    code,
    clusterId: clusters[0]!.id,
    nameZh: `空城${code}`,
    nameEn: `Empty ${code}`,
  });
  await adminContext.close();
  await researcher.goto("/projects/new");
  await expect(researcher.getByTestId("unreachable-regions")).toHaveCount(0);
  await researcher.getByRole("checkbox", { name: `空城${code}` }).check();
  await expect(researcher.getByTestId("unreachable-regions")).toContainText(`空城${code}`);
  await researcher.getByRole("checkbox", { name: "东莞" }).check();
  await expect(researcher.getByTestId("unreachable-regions")).not.toContainText("东莞");
  await researcher.getByRole("checkbox", { name: `空城${code}` }).uncheck();
  await expect(researcher.getByTestId("unreachable-regions")).toHaveCount(0);
  await context.close();
});

test("[FIRST-HOUR] a reply posted without choosing a stance does not move the stance chart", async ({ browser }) => {
  const adminContext = await browser.newContext();
  const admin = await signInAs(adminContext, "admin");
  const slug = `first-hour-${Date.now()}`;
  const forum = await callTrpc<{ id: number }>(admin.request, "forums.create", {
    slug,
    titleZh: `新人第一小时 ${slug}`,
    titleEn: `First hour ${slug}`,
  });
  await adminContext.close();

  const researcherContext = await browser.newContext();
  const researcher = await signInAs(researcherContext, "researcher");
  const topic = await callTrpc<{ id: number }>(researcher.request, "topics.create", {
    forumId: forum.id,
    title: "共享中试平台",
    body: "是否共建中试平台？",
  });
  await researcher.goto(`/topics/${topic.id}`);
  // Nothing is pre-selected; posting without a stance is refused at the stance.
  await expect(researcher.getByRole("radio", { checked: true })).toHaveCount(0);
  await researcher.getByLabel("您的评论").fill("深圳支持共建。");
  await researcher.getByRole("button", { name: "发表评论" }).click();
  await expect(researcher.getByText("请选择立场：它将计入您所在地区的立场统计。")).toBeVisible();
  await researcher
    .locator("label")
    .filter({ hasText: /^支持$/ })
    .click();
  await expect(researcher.getByRole("radio", { name: "支持" })).toBeChecked();
  await researcher.getByRole("button", { name: "发表评论" }).click();
  const comment = researcher.locator("article").filter({ hasText: "深圳支持共建。" });
  await expect(comment).toBeVisible();
  await researcherContext.close();

  const memberContext = await browser.newContext();
  const member = await signInAs(memberContext, "member");
  await member.goto(`/forums/${slug}`);
  const picture = member.getByTestId("stance-picture");
  await expect(picture).toContainText("深圳");
  await expect(picture).not.toContainText("上海");

  await member.goto(`/topics/${topic.id}`);
  await member.locator("article").filter({ hasText: "深圳支持共建。" }).getByRole("button", { name: "回复" }).click();
  const reply = member.locator("form").filter({ has: member.getByLabel("您的回复") });
  await expect(reply.getByRole("radio", { name: "不表态" })).toBeChecked();
  await member.getByLabel("您的回复").fill("上海想先了解费用分担。");
  await reply.getByRole("button", { name: "发表回复" }).click();
  await expect(member.getByText("上海想先了解费用分担。")).toBeVisible();

  await member.goto(`/forums/${slug}`);
  await expect(picture).toContainText("深圳");
  await expect(picture).not.toContainText("上海");
  await memberContext.close();
});

test("[FIRST-HOUR] the confirmation dialog works from the keyboard: focus inside, Escape cancels and returns focus, Enter on confirm goes ahead", async ({
  browser,
}) => {
  const context = await browser.newContext();
  const researcher = await signInAs(context, "researcher");
  const region = await regionIds(researcher);
  const draft = await callTrpc<{ id: number }>(
    researcher.request,
    "projects.create",
    proposal(`待撤回的草稿 ${Date.now()}`, region),
  );
  await researcher.goto(`/projects/${draft.id}`);

  const withdraw = researcher.getByRole("button", { name: "撤回" });
  // Disabled until the page's code has run; focusing it before then would leave Enter with nothing to do.
  await expect(withdraw).toBeEnabled();
  await withdraw.focus();
  await researcher.keyboard.press("Enter");
  const dialog = researcher.getByRole("alertdialog", { name: "请确认" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("确定撤回本项目吗？此操作无法撤销。");
  const cancel = dialog.getByRole("button", { name: "取消" });
  const confirm = dialog.getByRole("button", { name: "撤回" });
  await expect(cancel).toBeFocused();
  await researcher.keyboard.press("Tab");
  await expect(confirm).toBeFocused();
  await researcher.keyboard.press("Tab");
  await expect(cancel).toBeFocused();

  await researcher.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(withdraw).toBeFocused();
  await expect(researcher.getByTestId("project-status")).toHaveText("草稿");

  await researcher.keyboard.press("Enter");
  await expect(dialog).toBeVisible();
  await researcher.keyboard.press("Tab");
  await expect(confirm).toBeFocused();
  await researcher.keyboard.press("Enter");
  await expect(researcher.getByTestId("project-status")).toHaveText("已撤回");
  await context.close();
});
