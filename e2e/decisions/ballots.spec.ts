import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { callTrpc, invitedAccount, signInAs, acceptConfirm } from "../fixtures";

const call = callTrpc;

test("[BALLOT] three members of three regions vote in three contexts; a watcher sees turnout and tallies move live; the ballot closes and the result page shows the winner and downloads the CSV", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const stamp = Date.now();

  // Set-up over the API: a Hangzhou and a Beijing member join by invitation; Shanghai has the demo member.
  const partners = [];
  for (const code of ["hangzhou", "beijing"])
    partners.push({ code, ...(await invitedAccount(browser, "member", code, `${code}-member`)) });
  const [hangzhou, beijing] = partners as [(typeof partners)[number], (typeof partners)[number]];

  // The demo researcher proposes a Shanghai-led project; both partner members co-propose it; it is submitted.
  const watcherContext = await browser.newContext();
  const watcher = await signInAs(watcherContext, "researcher");
  const clusters = await call<Array<{ regions: Array<{ id: number; code: string }> }>>(
    watcher.request,
    "reference.regions",
  );
  const regionId = (code: string) => clusters.flatMap((c) => c.regions).find((r) => r.code === code)!.id;
  const title = `长三角—京津冀算力互联 ${stamp}`;
  const project = await call<{ id: number }>(watcher.request, "projects.create", {
    title,
    summary: "上海牵头，杭州与北京共建跨区域算力调度平台。",
    body: "## 分工\n\n- 上海：调度平台\n- 杭州：算法\n- 北京：算力节点",
    expectedOutcomes: "建成一套跨区域算力调度平台。",
    budgetYuan: 3_000_000,
    durationMonths: 24,
    tags: ["算力"],
    recommendations: [1],
    leadRegionId: regionId("shanghai"),
    partnerRegionIds: [regionId("hangzhou"), regionId("beijing")],
  });
  for (const partner of partners) {
    await call(watcher.request, "projects.inviteCoauthor", { projectId: project.id, accountId: partner.accountId });
    await call(partner.page.request, "projects.respondToInvitation", { projectId: project.id, response: "accept" });
  }
  await call(watcher.request, "projects.submit", { projectId: project.id });
  const url = `/projects/${project.id}`;

  // The Shanghai member proposes two plans in the page: the starting plan, and one typed in.
  const memberContext = await browser.newContext();
  const member = await signInAs(memberContext, "member");
  await member.goto(url);
  const plans = member.getByTestId("benefit-plans");
  await expect(plans.getByText("尚无方案。")).toBeVisible();
  await plans.getByRole("button", { name: "使用初始方案" }).click();
  await expect(plans.getByTestId("cost-sum")).toHaveText("100%");
  await plans.getByLabel("方案说明").fill("成本均摊，收益按成本分配。");
  await plans.getByRole("button", { name: "提出方案" }).click();
  await expect(plans.getByTestId("plan-cards").locator(":scope > li")).toHaveCount(1);

  const shares = { 上海: ["50", "40"], 杭州: ["30", "30"], 北京: ["20", "25"] } as const;
  for (const [region, [cost, benefit]] of Object.entries(shares)) {
    await plans.getByLabel(`${region}的成本份额（%）`).fill(cost);
    await plans.getByLabel(`${region}的收益份额（%）`).fill(benefit);
  }
  await expect(plans.getByTestId("benefit-sum")).toHaveText("95%");
  await plans.getByLabel("方案说明").fill("上海承担一半成本。");
  await plans.getByRole("button", { name: "提出方案" }).click();
  await expect(plans.getByText("成本份额与收益份额须各自合计恰好为 100%。")).toBeVisible();
  await plans.getByLabel("北京的收益份额（%）").fill("30");
  await expect(plans.getByTestId("benefit-sum")).toHaveText("100%");
  await plans.getByRole("button", { name: "提出方案" }).click();
  await expect(plans.getByTestId("plan-cards").locator(":scope > li")).toHaveCount(2);

  // The watcher is on the page before the vote opens; the ballot appears without a reload.
  await watcher.goto(url);
  await expect(watcher.getByTestId("plan-cards").locator(":scope > li")).toHaveCount(2);

  // A partner member does not chair: no form to open the vote, a word on who can; they may consent
  // for their region to simple majority, and everyone sees it.
  await hangzhou.page.goto(url);
  await expect(hangzhou.page.getByTestId("open-ballot-chair-only")).toContainText("只能由协调机构主席或管理员发起");
  await expect(hangzhou.page.getByTestId("open-ballot")).toHaveCount(0);
  const consents = hangzhou.page.getByTestId("simple-majority-consents");
  await consents.getByRole("button", { name: "代表杭州表示同意" }).click();
  await expect(consents.getByTestId(`consent-${regionId("hangzhou")}`)).toContainText("杭州：已由");
  await expect(consents.getByRole("button", { name: "撤回杭州的同意" })).toBeVisible();

  const openForm = member.getByTestId("open-ballot");
  // The minimum quorum holds in the form, at its field.
  await openForm.getByLabel("法定人数（占各地区成员的百分比）").fill("10");
  await openForm.getByRole("button", { name: "发起表决" }).click();
  await expect(openForm.getByText("法定人数不得低于各地区投票人的 50%。")).toBeVisible();
  await openForm.getByLabel("表决规则").selectOption("regional_consent");
  await expect(openForm.getByText("方案须在每个地区均获多数赞成")).toBeVisible();
  await openForm.getByLabel("法定人数（占各地区成员的百分比）").fill("50");
  // Running tallies are for roll-call ballots only: a secret one shows its counts at the close.
  await openForm.getByLabel("投票方式").selectOption("roll_call");
  await openForm.getByLabel("表决期间公开实时计票").check();
  await openForm.getByRole("button", { name: "发起表决" }).click();
  await acceptConfirm(member);
  await expect(member.getByTestId("ballot-panel")).toBeVisible();
  await expect(member.getByTestId("project-status")).toHaveText("表决中");

  const panel = watcher.getByTestId("ballot-panel");
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId("countdown")).toContainText("剩余");
  await expect(panel.getByTestId("turnout")).toContainText("上海：0/1 已投票");
  await expect(panel.getByText("只有各参与地区的协调机构成员可以投票。")).toBeVisible();
  // From here the watcher's page applies the notices' tallies and turnout: it reads the ballot no more.
  const ballotReads: string[] = [];
  watcher.on("request", (request) => {
    if (request.url().includes("ballots.get")) ballotReads.push(request.url());
  });

  // Three voters in three contexts; the watcher sees each vote arrive.
  const votes: Array<{ page: Page; region: string; choices: [string, string] }> = [
    { page: member, region: "上海", choices: ["赞成", "反对"] },
    { page: hangzhou.page, region: "杭州", choices: ["赞成", "弃权"] },
    { page: beijing.page, region: "北京", choices: ["赞成", "赞成"] },
  ];
  for (const [index, voter] of votes.entries()) {
    if (voter.page !== member) await voter.page.goto(url);
    if (voter.page === hangzhou.page)
      await expect(voter.page.getByTestId("close-state")).toContainText("只有协调机构主席或管理员可以提前结束表决");
    const form = voter.page.getByTestId("vote-form");
    await form.getByRole("group", { name: "方案 1" }).getByLabel(voter.choices[0]).check();
    await form.getByRole("group", { name: "方案 2" }).getByLabel(voter.choices[1]).check();
    await form.getByRole("button", { name: "投票" }).click();
    await expect(voter.page.getByTestId("vote-recorded")).toContainText("您的投票已记录");
    await expect(panel.getByTestId("turnout")).toContainText(`${voter.region}：1/1 已投票`);
    await expect(panel.getByTestId("tally-1")).toContainText(`赞成 ${index + 1}`);
  }
  await expect(panel.getByTestId("tally-2")).toContainText("方案 2：赞成 1，反对 1，弃权 1");

  // A vote can be changed; the tally follows.
  const shanghaiForm = member.getByTestId("vote-form");
  await shanghaiForm.getByRole("group", { name: "方案 2" }).getByLabel("弃权").check();
  await shanghaiForm.getByRole("button", { name: "修改投票" }).click();
  await expect(member.getByTestId("vote-recorded")).toBeVisible();
  await expect(panel.getByTestId("tally-2")).toContainText("方案 2：赞成 1，反对 0，弃权 2");
  expect(ballotReads).toEqual([]);

  // Every region met quorum, so the chair may close early; everyone sees the result.
  await member.getByRole("button", { name: "立即结束表决" }).click();
  await acceptConfirm(member);
  await expect(member.getByTestId("result-outcome")).toContainText("方案 1 获得通过。");
  await expect(watcher.getByTestId("result-outcome")).toContainText("方案 1 获得通过。");
  await expect(watcher.getByTestId("project-status")).toHaveText("已通过");

  // The result page, with the digest and the CSV.
  await watcher.goto(`${url}/result`);
  const result = watcher.getByTestId("ballot-result");
  await expect(result.getByTestId("result-outcome")).toContainText("方案 1 获得通过。");
  await expect(result.getByTestId("digest")).toHaveText(/^[0-9a-f]{64}$/);
  const [download] = await Promise.all([
    watcher.waitForEvent("download"),
    result.getByRole("button", { name: "下载 CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const csv = await readFile(await download.path(), "utf8");
  const lines = csv.trim().split("\n");
  expect(lines[0]).toContain("record,ballot_id,round,rule");
  const planRows = lines.filter((line) => line.startsWith("plan,") && line.includes(",all,"));
  expect(planRows).toHaveLength(2);
  expect(planRows[0]).toMatch(/,regional_consent,5000,agreement,\d+,all,3,0,0,/);
  expect(planRows[0]).toContain(",true,true,");
  expect(planRows[1]).toMatch(/,all,1,0,2,/);

  for (const partner of partners) await partner.page.context().close();
  await memberContext.close();
  await watcherContext.close();
});
