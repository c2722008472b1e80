import { expect, test } from "@playwright/test";
import { acceptConfirm, invitedAccount, queryTrpc, signInAs } from "../fixtures";

test("[TALENT] a researcher applies for a secondment in another region; the host shortlists and offers in a second context, live; the applicant accepts", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const stamp = Date.now();
  // The host: the demo researcher of the Shenzhen institute posts a secondment hosted in Shenzhen.
  const hostContext = await browser.newContext();
  const host = await signInAs(hostContext, "researcher");
  await host.goto("/talent");
  await host.getByRole("link", { name: "发布岗位" }).click();
  await expect(host).toHaveURL("/talent/new");
  await host.getByRole("button", { name: "发布", exact: true }).click();
  await expect(host.getByText("This field is required.").or(host.getByText("此项为必填项。")).first()).toBeVisible();
  const title = `功率器件可靠性测试挂职 ${stamp}`;
  await host.getByLabel("岗位类型").selectOption("secondment");
  await host.getByLabel("标题").fill(title);
  await host.getByLabel("工作内容").fill("在深圳参与碳化硅功率模块的可靠性测试与失效分析。");
  await host.getByLabel("领域", { exact: true }).fill("半导体");
  await host.getByLabel("期限（月）").fill("4");
  await host.getByLabel("提供的支持").fill("住宿与每月补贴");
  await host.getByRole("button", { name: "发布", exact: true }).click();
  await expect(host).toHaveURL(/\/talent\/\d+$/);
  await expect(host.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(host.getByText("暂无申请。")).toBeVisible();
  const postingUrl = new URL(host.url()).pathname;
  const postingId = Number(postingUrl.split("/").pop());

  // The applicant: a researcher in Qingdao finds it on the board by its filters and applies.
  const applicant = await invitedAccount(browser, "researcher", "qingdao", "talent");
  await applicant.page.goto("/talent?kind=secondment&field=半导体");
  await applicant.page.getByRole("link", { name: title }).click();
  await expect(applicant.page).toHaveURL(postingUrl);
  await applicant.page.getByLabel("简要说明您的优势").fill(`我在青岛做过三年功率模块老化测试。${stamp}`);
  await applicant.page.getByRole("button", { name: "提交申请" }).click();
  await expect(applicant.page.getByTestId("application-status")).toHaveAttribute("data-status", "applied");

  // The host's pipeline shows it without a reload (live on the posting's stream), and moves it on.
  const row = host.getByTestId("pipeline-row").filter({ hasText: applicant.name });
  await expect(row).toBeVisible();
  await expect(row.getByText(`我在青岛做过三年功率模块老化测试。${stamp}`)).toBeVisible();
  await row.getByRole("button", { name: "列入候选" }).click();
  await expect(row.getByTestId("application-status")).toHaveAttribute("data-status", "shortlisted");
  await row.getByRole("button", { name: "发出录用" }).click();
  await expect(row.getByTestId("application-status")).toHaveAttribute("data-status", "offered");

  // Someone else never sees the application: not on the page, not through the API.
  const outsiderContext = await browser.newContext();
  const outsider = await signInAs(outsiderContext, "member");
  await outsider.goto(postingUrl);
  await expect(outsider.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(outsider.getByText(applicant.name)).toHaveCount(0);
  await expect(queryTrpc(outsider.request, "talent.pipeline", { postingId })).rejects.toThrow(
    /TALENT_FORBIDDEN|FORBIDDEN/,
  );
  await outsiderContext.close();

  // The applicant is told, and accepts the offer.
  await applicant.page.goto("/notifications");
  await expect(applicant.page.getByText(/已向您发出录用邀请/).first()).toBeVisible();
  await applicant.page.goto(postingUrl);
  await expect(applicant.page.getByTestId("application-status")).toHaveAttribute("data-status", "offered");
  await applicant.page.getByRole("button", { name: "接受录用" }).click();
  await expect(applicant.page.getByTestId("application-status")).toHaveAttribute("data-status", "accepted");

  // The host sees the acceptance live, and after the exchange marks it completed.
  await expect(row.getByTestId("application-status")).toHaveAttribute("data-status", "accepted");
  await row.getByRole("button", { name: "确认交流完成" }).click();
  await expect(row.getByTestId("application-status")).toHaveAttribute("data-status", "completed");

  // The completed cross-regional exchange counts on the applicant's profile.
  await host.goto(`/people/${applicant.accountId}`);
  await expect(host.getByTestId("recognition").getByText("人才交流")).toBeVisible();
  const recognition = await queryTrpc<{ counts: { exchanges: number } }>(host.request, "talent.recognition", {
    accountId: applicant.accountId,
  });
  expect(recognition.counts.exchanges).toBe(1);

  // The host's CSV carries the application.
  const csv = await queryTrpc<{ body: string }>(host.request, "talent.export", { postingId });
  expect(csv.body).toContain(applicant.name);
  expect(csv.body).toContain("completed");

  // Withdrawing is asked first.
  const second = await invitedAccount(browser, "researcher", "tianjin", "talent2");
  await second.page.goto(postingUrl);
  await second.page.getByLabel("简要说明您的优势").fill("希望参加。");
  await second.page.getByRole("button", { name: "提交申请" }).click();
  await second.page.getByRole("button", { name: "撤回申请" }).click();
  await acceptConfirm(second.page);
  await expect(second.page.getByTestId("application-status")).toHaveAttribute("data-status", "withdrawn");
  // The host stops taking applications on the posting's page: the answer is the posting as the page shows
  // it, so the page reads talent.get no more.
  await host.goto(postingUrl);
  await expect(host.getByTestId("pipeline")).toBeVisible();
  const postingReads: string[] = [];
  host.on("request", (request) => {
    const procedures = /\/api\/trpc\/([^?]+)/.exec(new URL(request.url()).pathname)?.[1]?.split(",") ?? [];
    if (procedures.includes("talent.get")) postingReads.push(request.url());
  });
  await host.getByRole("button", { name: "停止接受申请" }).click();
  await expect(host.getByRole("button", { name: "重新接受申请" })).toBeVisible();
  await expect(host.getByText("已截止", { exact: true })).toBeVisible();
  expect(postingReads).toEqual([]);

  await second.context.close();
  await applicant.context.close();
  await hostContext.close();
});
