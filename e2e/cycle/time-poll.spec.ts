import { expect, test } from "@playwright/test";
import { acceptConfirm, callTrpc, invitedAccount, queryTrpc, signInAs } from "../fixtures";

test("[POLL] a chair polls a meeting's time with a holiday slot, a member answers in a second context, the chair closes it", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const stamp = Date.now();
  const title = `时间投票会议 ${stamp}`;
  const chairContext = await browser.newContext();
  const chair = await signInAs(chairContext, "member");
  // A Suzhou member, as the meetings e2e (the ballot e2e counts Hangzhou's and Beijing's members).
  const invited = await invitedAccount(browser, "member", "suzhou", "poll-member");
  const member = invited.page;

  const { regionId } = await callTrpc<{ regionId: number }>(chair.request, "meetings.suggestedHost");
  const { meetingId } = await callTrpc<{ meetingId: number }>(chair.request, "meetings.create", {
    kind: "coordination",
    titleZh: title,
    titleEn: `Time poll meeting ${stamp}`,
    hostRegionId: regionId,
    startsAt: "2027-11-01T10:00",
    endsAt: "2027-11-01T12:00",
  });
  await callTrpc(chair.request, "meetings.transition", { meetingId, action: "schedule" });

  // The chair offers National Day 2027 and an ordinary Monday; a slot ending before it starts is refused at its field.
  await chair.goto(`/meetings/${meetingId}`);
  const form = chair.getByTestId("time-poll-form");
  await form.getByLabel("时段 1：开始").fill("2027-10-01T09:00");
  await form.getByLabel("时段 1：结束").fill("2027-10-01T11:00");
  await form.getByLabel("时段 2：开始").fill("2027-10-11T14:00");
  await form.getByLabel("时段 2：结束").fill("2027-10-11T13:00");
  await form.getByRole("button", { name: "发起时间投票" }).click();
  await expect(form.getByText("时段的结束时间必须晚于开始时间。")).toBeVisible();
  await form.getByLabel("时段 2：结束").fill("2027-10-11T16:00");
  await form.getByRole("button", { name: "发起时间投票" }).click();
  const poll = chair.getByTestId("time-poll");
  const holidayRow = poll.locator("tbody tr").filter({ hasText: "节假日：国庆节" });
  await expect(holidayRow).toBeVisible();
  // With no answers yet, the working day ranks first.
  await expect(poll.locator("tbody tr").first()).toContainText("工作日");

  // The member answers "yes" for the holiday; the chair's table follows live and the holiday moves up.
  await member.goto(`/meetings/${meetingId}`);
  const memberPoll = member.getByTestId("time-poll");
  await memberPoll.locator("tbody tr").filter({ hasText: "国庆节" }).getByRole("combobox").selectOption("yes");
  await memberPoll.getByRole("button", { name: "保存我的回答" }).click();
  await expect(memberPoll.getByText("回答已保存；投票结束前可随时修改。")).toBeVisible();
  await expect(holidayRow.getByTestId("poll-yes")).toHaveText("1");
  await expect(poll.locator("tbody tr").first()).toContainText("国庆节");
  await expect(poll).toContainText("已有 1 人回答");

  // The chair closes on the holiday slot: the meeting takes its time, the member sees the poll closed.
  await holidayRow.getByRole("button", { name: "选定此时段" }).click();
  await acceptConfirm(chair);
  await expect(memberPoll).toContainText("已结束");
  await expect(memberPoll.locator("tbody tr").filter({ hasText: "国庆节" })).toContainText("已选定");
  await expect(memberPoll.getByRole("combobox")).toHaveCount(0);
  const startsAt = async () =>
    (await queryTrpc<{ meeting: { startsAt: string } }>(member.request, "meetings.get", { meetingId })).meeting
      .startsAt;
  await expect.poll(startsAt).toBe("2027-10-01T01:00:00.000Z");
  await Promise.all([chairContext.close(), invited.context.close()]);
});
