import { expect, test } from "@playwright/test";
import { acceptConfirm, callTrpc, invitedAccount, signInAs } from "../fixtures";

test("[POLL] a poll tallied per region: the chair opens a yes/no poll in session, members of two regions vote in their own contexts, the chair sees the per-region tally live, then closes it", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  // The demo member chairs the coordination body; Qingdao and Yantai members (no other spec counts them) vote.
  const chairContext = await browser.newContext();
  const chair = await signInAs(chairContext, "member");
  const qingdao = await invitedAccount(browser, "member", "qingdao", "qd-member");
  const yantai = await invitedAccount(browser, "member", "yantai", "yt-member");

  // The meeting and its registrations over the API: the poll is what this spec is about.
  const { regionId } = await callTrpc<{ regionId: number }>(chair.request, "meetings.suggestedHost");
  const { meetingId } = await callTrpc<{ meetingId: number }>(chair.request, "meetings.create", {
    kind: "coordination",
    titleZh: `快速投票会议 ${stamp}`,
    titleEn: `Quick poll meeting ${stamp}`,
    hostRegionId: regionId,
    startsAt: "2027-04-01T10:00",
    endsAt: "2027-04-01T12:00",
  });
  await callTrpc(chair.request, "meetings.transition", { meetingId, action: "schedule" });
  for (const member of [qingdao, yantai])
    await callTrpc(member.page.request, "meetings.register", { meetingId, mode: "online" });
  await callTrpc(chair.request, "meetings.transition", { meetingId, action: "start" });

  const url = `/meetings/${meetingId}`;
  await Promise.all([chair.goto(url), qingdao.page.goto(url), yantai.page.goto(url)]);
  await chair.getByTestId("open-poll").locator("summary").click();
  await chair.getByLabel("问题（中文）").fill("是否共建海洋联合实验室？");
  await chair.getByLabel("问题（英文）").fill("Do we set up a joint marine laboratory?");
  await chair.getByLabel("决定规则").selectOption("double_majority");
  await chair.getByTestId("open-poll-submit").click();

  // The poll reaches both members without a reload; each votes from their own page.
  const poll = (page: typeof chair) => page.getByTestId("poll").filter({ hasText: "是否共建海洋联合实验室？" });
  await poll(qingdao.page).getByRole("button", { name: "赞成" }).click();
  await poll(yantai.page).getByRole("button", { name: "反对" }).click();
  const summary = poll(chair).getByTestId("poll-summary");
  await expect(summary).toContainText("总计：赞成 1，反对 1，弃权 0");
  await expect(summary).toContainText("按规则未通过");
  // Per region, on the chart's table: Qingdao's yes and Yantai's no.
  const chart = poll(chair).getByTestId("poll-chart");
  await expect(chart.getByRole("row", { name: /青岛/ })).toContainText("100");
  await expect(chart.getByRole("row", { name: /烟台/ })).toContainText("010");

  // Yantai changes its vote: a double majority now, seen by the chair live.
  await poll(yantai.page).getByRole("button", { name: "赞成" }).click();
  await expect(summary).toContainText("总计：赞成 2，反对 0，弃权 0");
  await expect(summary).toContainText("按规则通过");
  await expect(chart.getByRole("row", { name: /烟台/ })).toContainText("100");

  await poll(chair).getByRole("button", { name: "结束投票" }).click();
  await acceptConfirm(chair);
  await expect(poll(qingdao.page)).toContainText("已结束");
  await expect(poll(qingdao.page).getByRole("button", { name: "赞成" })).toHaveCount(0);
  await Promise.all([chairContext.close(), qingdao.context.close(), yantai.context.close()]);
});
