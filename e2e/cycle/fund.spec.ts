import { expect, test, type Page } from "@playwright/test";
import { acceptConfirm, callTrpc, invitedAccount, signInAs } from "../fixtures";

/**
 * Issue #19 end to end: the call's money comes from the centre, Shenzhen and Dongguan, so the
 * portfolio's electorate is the coordination-body members of those two regions. Each person works
 * in their own browser context, as they would on their own machine.
 */
test("[FUND] an admin opens a call, researchers submit, two reviewers score (a conflicted one is refused), the chair puts the chosen portfolio to the regions, members of two regions vote while a watcher sees the tally move, and the funded projects are public", async ({
  browser,
}) => {
  // Well under 90 s on a quiet machine; the margin is for a shared two-core one under heavy load.
  test.setTimeout(240_000);
  const stamp = Date.now();
  const titleZh = `深莞联合封装专项 ${stamp}`;

  // Set-up with no bearing on the journey: the people (by invitation) and a project of each researcher,
  // before the regions with a benefit-sharing plan, which is what a call takes.
  const adminContext = await browser.newContext();
  const admin = await signInAs(adminContext, "admin");
  const dongguanResearcher = await invitedAccount(browser, "researcher", "dongguan", "dg-researcher", admin);
  const reviewerA = await invitedAccount(browser, "researcher", "hangzhou", "reviewer-a", admin);
  const reviewerB = await invitedAccount(browser, "researcher", "tianjin", "reviewer-b", admin);
  // Same organisation ("dongguan lab") as the Dongguan proposer: the server refuses them for that proposal.
  const conflicted = await invitedAccount(browser, "researcher", "dongguan", "reviewer-c", admin);
  const shenzhenMember = await invitedAccount(browser, "member", "shenzhen", "sz-voter", admin);
  const dongguanMember = await invitedAccount(browser, "member", "dongguan", "dg-voter", admin);

  const researcherContext = await browser.newContext();
  const researcher = await signInAs(researcherContext, "researcher");
  const clusters = await callTrpc<Array<{ regions: Array<{ id: number; code: string }> }>>(
    researcher.request,
    "reference.regions",
  );
  const regionId = (code: string) => clusters.flatMap((c) => c.regions).find((r) => r.code === code)!.id;
  const projectTitles = [`深莞先进封装中试线 ${stamp}`, `莞深芯片测试数据平台 ${stamp}`] as const;
  const proposers = [researcher, dongguanResearcher.page] as const;
  const researcherId = (await callTrpc<{ id: number }>(researcher.request, "account.me")).id;
  // Each project is led by one researcher with the other as its partner region's co-proposer.
  const setups = [
    { page: researcher, lead: "shenzhen", partner: "dongguan", budgetYuan: 4_000_000, coproposer: dongguanResearcher },
    {
      page: dongguanResearcher.page,
      lead: "dongguan",
      partner: "shenzhen",
      budgetYuan: 3_000_000,
      coproposer: { page: researcher, accountId: researcherId },
    },
  ];
  for (const [i, { page, lead, partner, budgetYuan, coproposer }] of setups.entries()) {
    const project = await callTrpc<{ id: number }>(page.request, "projects.create", {
      title: projectTitles[i],
      summary: "深圳与东莞共建的先进封装与测试能力。",
      body: "## 分工\n\n- 深圳：设计与验证\n- 东莞：中试与量产",
      expectedOutcomes: "建成一条可共享的中试线。",
      budgetYuan,
      durationMonths: 24,
      tags: ["封装"],
      recommendations: [1],
      leadRegionId: regionId(lead),
      partnerRegionIds: [regionId(partner)],
    });
    await callTrpc(page.request, "projects.inviteCoauthor", { projectId: project.id, accountId: coproposer.accountId });
    await callTrpc(coproposer.page.request, "projects.respondToInvitation", {
      projectId: project.id,
      response: "accept",
    });
    await callTrpc(page.request, "projects.submit", { projectId: project.id });
    await callTrpc(page.request, "ballots.plans.propose", {
      projectId: project.id,
      rationale: "成本与收益按 6:4 分担。",
      shares: [
        { regionId: regionId(lead), costBp: 6_000, benefitBp: 6_000 },
        { regionId: regionId(partner), costBp: 4_000, benefitBp: 4_000 },
      ],
    });
  }

  // The admin drafts the call with the two regions' contributions, appoints the reviewers, and opens it.
  await admin.goto("/fund/new");
  await admin.getByLabel("标题（中文）").fill(titleZh);
  await admin.getByLabel("标题（英文）").fill(`Shenzhen–Dongguan packaging programme ${stamp}`);
  await admin.getByLabel("说明（中文）").fill("支持深圳与东莞先进封装的联合项目。");
  await admin.getByLabel("说明（英文）").fill("Joint projects in advanced packaging between Shenzhen and Dongguan.");
  await admin.getByLabel("申报截止时间").fill("2030-06-30T18:00");
  await admin.getByRole("group", { name: "适用的政策建议" }).getByRole("checkbox").first().check();
  await admin.getByLabel("中央财政出资额（元）").fill("5000000");
  await admin.getByLabel("深圳", { exact: true }).fill("6000000");
  await admin.getByLabel("东莞", { exact: true }).fill("6000000");
  await admin.getByRole("button", { name: "保存为草稿" }).click();
  await expect(admin).toHaveURL(/\/fund\/\d+$/);
  const callUrl = new URL(admin.url()).pathname;
  await expect(admin.getByRole("heading", { name: titleZh })).toBeVisible();
  await admin.getByRole("button", { name: "发布指南" }).click();
  await expect(admin.getByText("征集中")).toBeVisible();

  await admin.goto("/fund/reviewers");
  for (const reviewer of [reviewerA, reviewerB, conflicted]) {
    await admin.getByLabel("查找科研人员").fill(reviewer.name);
    await admin.getByRole("button", { name: `将 ${reviewer.name} 设为评审专家` }).click();
    await expect(admin.getByRole("button", { name: `取消 ${reviewer.name} 的评审专家资格` })).toBeVisible();
  }

  // Both researchers submit their project on the call's page.
  for (const [i, page] of proposers.entries()) {
    await page.goto(callUrl);
    const form = page.getByTestId("submit-proposal");
    const option = form.getByLabel("项目").locator("option", { hasText: projectTitles[i] });
    await form.getByLabel("项目").selectOption((await option.getAttribute("value")) ?? "");
    await form.getByRole("button", { name: "申报此指南" }).click();
    await expect(page.getByTestId("proposals").getByRole("listitem")).toHaveCount(i + 1);
  }

  // The admin assigns two reviewers to each proposal; the conflicted one is refused at the field.
  await admin.goto(callUrl);
  const proposal = (i: number) =>
    admin.getByTestId("proposals").getByRole("listitem").filter({ hasText: projectTitles[i] });
  const assignField = (i: number) => proposal(i).getByLabel("分配评审专家");
  await assignField(1).selectOption({ label: `${conflicted.name} · dongguan lab` });
  await proposal(1).getByRole("button", { name: "分配", exact: true }).click();
  await expect(assignField(1)).toHaveAttribute("aria-invalid", "true");
  await expect(assignField(1)).toHaveAccessibleDescription(/利益冲突/);
  await expect(proposal(1)).not.toContainText(`${conflicted.name} (已分配)`);
  for (const i of [0, 1])
    for (const [reviewer, org] of [
      [reviewerA, "hangzhou lab"],
      [reviewerB, "tianjin lab"],
    ] as const) {
      await assignField(i).selectOption({ label: `${reviewer.name} · ${org}` });
      await proposal(i).getByRole("button", { name: "分配", exact: true }).click();
      await expect(proposal(i)).toContainText(`${reviewer.name} (已分配)`);
    }
  await expect(assignField(1)).not.toHaveAttribute("aria-invalid", "true");
  await admin.getByRole("button", { name: "截止申报并开始评审" }).click();
  await expect(admin.getByText("专家评审中")).toBeVisible();

  // Each reviewer declares no conflict and scores with the rubric: the Shenzhen-led project 5, the other 3.
  for (const reviewer of [reviewerA, reviewerB]) {
    const page = reviewer.page;
    await page.goto("/fund/reviews");
    for (const [i, title] of projectTitles.entries()) {
      await page.getByTestId("assignments").getByRole("link", { name: title }).click();
      await page.getByRole("checkbox").check();
      await page.getByRole("button", { name: "声明并开始评审" }).click();
      const review = page.getByTestId("review-form");
      await expect(review).toBeVisible();
      const scores = review.getByLabel("评分");
      const count = await scores.count();
      expect(count).toBeGreaterThan(0);
      for (let k = 0; k < count; k += 1) {
        await scores.nth(k).selectOption(i === 0 ? "5" : "3");
        await review.getByLabel("意见").nth(k).fill("分工清晰，可行。");
      }
      await review.getByRole("button", { name: "提交评审" }).click();
      await expect(page.getByText(/您的评审：/)).toBeVisible();
      await page.getByRole("link", { name: "← 我的评审" }).click();
    }
  }

  // The chair compares the three portfolios and puts the exact one to the regions.
  const chairContext = await browser.newContext();
  const chair = await signInAs(chairContext, "member");
  await chair.goto(callUrl);
  await expect(chair.getByTestId("proposals").getByTestId("aggregate").first()).toContainText("5.00");
  await chair.getByRole("button", { name: "结束评审并遴选组合" }).click();
  for (const method of ["exact", "greedy", "equal_shares"])
    await expect(chair.getByTestId(`portfolio-${method}`)).toContainText("2 个项目");
  const ballotForm = chair.getByTestId("portfolio-ballot-form");
  await ballotForm.getByLabel("拟资助的组合").selectOption({ label: "总分最高" });
  await ballotForm.getByLabel("决定理由（记入审计日志）").fill("两项均在各出资方额度内，总分最高。");
  await ballotForm.getByLabel("投票方式").selectOption("roll_call");
  await ballotForm.getByLabel("表决期间公开实时计票").check();
  await ballotForm.getByRole("button", { name: "提交各地区表决" }).click();
  const chairBallot = chair.getByTestId("portfolio-ballots").getByTestId("ballot-panel");
  await expect(chairBallot).toBeVisible();
  await expect(ballotForm).toHaveCount(0);

  // The watcher (the Shenzhen proposer) follows the ballot on the call page.
  await researcher.goto(callUrl);
  const watched = researcher.getByTestId("portfolio-ballots").getByTestId("ballot-panel");
  await expect(watched.getByTestId(`turnout-${regionId("shenzhen")}`)).toContainText(/深圳：0\/\d+ 已投票/);
  await expect(watched.getByTestId("tally-1")).toContainText("赞成 0，反对 0");
  await expect(watched).toContainText(projectTitles[0]);
  await expect(watched).toContainText(projectTitles[1]);
  // From here the watcher's page applies the notices' turnout and tallies, then the close: it reads the
  // ballot, the call and the call's ballots no more.
  const ballotReads: string[] = [];
  researcher.on("request", (request) => {
    const procedures = /\/api\/trpc\/([^?]+)/.exec(new URL(request.url()).pathname)?.[1]?.split(",") ?? [];
    if (procedures.some((p) => ["ballots.get", "fund.get", "ballots.forCall"].includes(p)))
      ballotReads.push(request.url());
  });

  // A member of each funding region votes in their own context; the watcher sees each vote arrive.
  const voters: Array<{ page: Page; code: string; region: string }> = [
    { page: shenzhenMember.page, code: "shenzhen", region: "深圳" },
    { page: dongguanMember.page, code: "dongguan", region: "东莞" },
  ];
  for (const [index, voter] of voters.entries()) {
    // A member finds the ballot among their work on the home page.
    await voter.page.goto("/");
    await voter.page
      .getByTestId("my-ballots")
      .getByRole("link", { name: `联合基金指南“${titleZh}”的资助组合` })
      .click();
    await expect(voter.page).toHaveURL(`${callUrl}#portfolio-ballots`);
    const form = voter.page.getByTestId("vote-form");
    await form.getByRole("group", { name: "方案 1" }).getByLabel("赞成").check();
    await form.getByRole("button", { name: "投票" }).click();
    await expect(voter.page.getByTestId("vote-recorded")).toContainText("您的投票已记录");
    await expect(watched.getByTestId(`turnout-${regionId(voter.code)}`)).toContainText(
      new RegExp(`${voter.region}：1/\\d+ 已投票`),
    );
    await expect(watched.getByTestId("tally-1")).toContainText(`赞成 ${index + 1}，反对 0`);
  }

  expect(ballotReads).toEqual([]);

  // Every region met quorum, so the chair closes early; the call is awarded with exactly that portfolio.
  await chairBallot.getByRole("button", { name: "立即结束表决" }).click();
  await acceptConfirm(chair);
  await expect(chair.getByText("各地区一致同意，指南已按该组合立项。")).toBeVisible();
  await expect(chair.getByText("已立项").first()).toBeVisible();
  for (const page of [chair, researcher]) {
    const funded = page.getByTestId("funded-projects");
    await expect(funded.getByRole("heading", { name: projectTitles[0] })).toBeVisible();
    await expect(funded.getByRole("heading", { name: projectTitles[1] })).toBeVisible();
  }
  // The watcher took the close from its event: the result, the call awarded, the round's row.
  await expect(researcher.getByText("各地区一致同意，指南已按该组合立项。")).toBeVisible();
  expect(ballotReads).toEqual([]);

  // One region pays alone: its share of the regions' money is 100 %, far past the 5-point threshold,
  // so the drift shows per region and the chair may put a revision of the shares to the regions.
  // The payment's answer carries the project's money and drift: the chair's page sets them, no read.
  const paymentReads = resultsReadsOf(chair);
  const paid = chair.getByTestId("funded-projects").getByRole("listitem").first();
  await paid.getByText("填报本项目执行情况").click();
  await paid.getByLabel("出资方").selectOption({ index: 1 });
  await paid.getByLabel("金额（元）").fill("1000000");
  await paid.getByLabel("拨付日期").fill("2026-11-20");
  await paid.getByRole("button", { name: "登记拨款" }).click();
  const drift = chair.locator('[data-testid^="revision-"]').first();
  const shares = drift.getByRole("table", { name: /约定成本份额与实际份额/ });
  await expect(shares.getByRole("columnheader", { name: "偏差（百分点）" })).toBeVisible();
  await expect(shares).toContainText("100%");
  await expect(drift.getByText("提出成本份额调整")).toBeVisible();
  expect(paymentReads).toEqual([]);

  // The chair puts the shares actually paid to the regions (the form starts from them), and the watcher
  // opens the call again to follow the revision's ballot. The proposal's answer carries the new revision
  // as the results show it, so the chair's page sets it and reads the results no more.
  const proposalReads = resultsReadsOf(chair);
  await drift.getByText("提出成本份额调整").click();
  await drift.getByLabel("调整理由").fill("按实际拨付调整成本份额。");
  // Roll call: a secret ballot tells its turnout only once three have voted, and the chair closes on it.
  await drift.getByLabel("投票方式").selectOption("roll_call");
  await drift.getByRole("button", { name: "提请各地区表决" }).click();
  const revisionBallot = drift.getByTestId("ballot-panel");
  await expect(revisionBallot).toBeVisible();
  await expect(drift.locator('[data-testid^="revisions-"]')).toContainText("按实际拨付调整成本份额。");
  expect(proposalReads).toEqual([]);
  await researcher.goto(callUrl);
  const watchedRevision = researcher.locator('[data-testid^="revision-"]').first();
  await expect(watchedRevision.getByTestId("ballot-panel")).toBeVisible();
  // From here neither page reads the results: the close's event (the watcher) and the close's answer
  // (the chair) carry the revision's outcome and the project's money and drift.
  const resultsReads = resultsReadsOf(chair, researcher);
  // A member of each region agrees to the revised shares (the second plan).
  for (const voter of voters) {
    await voter.page.goto(callUrl);
    const form = voter.page.getByTestId("vote-form");
    await form.getByRole("group", { name: "方案 2" }).getByLabel("赞成").check();
    await form.getByRole("button", { name: "投票" }).click();
    await expect(voter.page.getByTestId("vote-recorded")).toContainText("您的投票已记录");
  }
  await revisionBallot.getByRole("button", { name: "立即结束表决" }).click();
  await acceptConfirm(chair);
  for (const page of [chair, researcher]) {
    await expect(page.locator('[data-testid^="revisions-"]').first()).toContainText("已调整");
    await expect(page.locator('[data-testid^="revision-"]').first().getByTestId("ballot-panel")).toHaveCount(0);
  }
  expect(resultsReads).toEqual([]);

  // Signed out: the accountability page lists both funded projects under this call.
  const publicContext = await browser.newContext();
  const visitor = await publicContext.newPage();
  await visitor.goto("/fund/accountability?region=dongguan");
  const listed = visitor.getByTestId("accountability-projects");
  for (const title of projectTitles) await expect(listed.getByText(title)).toBeVisible();
  await expect(listed).toContainText(titleZh);

  for (const context of [
    adminContext,
    chairContext,
    researcherContext,
    publicContext,
    dongguanResearcher.context,
    reviewerA.context,
    reviewerB.context,
    conflicted.context,
    shenzhenMember.context,
    dongguanMember.context,
  ])
    await context.close();
});

/** The `fund.results` requests `pages` send from now on (one batch may carry several procedures). */
function resultsReadsOf(...pages: Page[]): string[] {
  const reads: string[] = [];
  for (const page of pages)
    page.on("request", (request) => {
      const procedures = /\/api\/trpc\/([^?]+)/.exec(new URL(request.url()).pathname)?.[1]?.split(",") ?? [];
      if (procedures.includes("fund.results")) reads.push(request.url());
    });
  return reads;
}
