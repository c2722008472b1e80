import { expect, test } from "@playwright/test";
import { acceptConfirm, invitedAccount, signInAs } from "../fixtures";

test("[MEETING] a chair schedules a meeting with an agenda, a member registers, the session runs live in a second context, minutes are approved, both regions confirm the record and the register shows it confirmed", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const stamp = Date.now();
  const title = `长三角协调会议 ${stamp}`;

  // The demo member chairs the coordination body; a Suzhou member joins by invitation (Suzhou: the ballot
  // e2e counts Hangzhou's and Beijing's members, and the specs share one server).
  const chairContext = await browser.newContext();
  const chair = await signInAs(chairContext, "member");
  const hangzhou = await invitedAccount(browser, "member", "suzhou", "sz-member");
  const member = hangzhou.page;

  await chair.goto("/meetings/new");
  await expect(chair).toHaveTitle(/新建会议/);
  await chair.getByLabel("标题（中文）").fill(title);
  await chair.getByLabel("标题（英文）").fill(`YRD coordination meeting ${stamp}`);
  // The host region comes suggested (the one that hosted least recently).
  await expect(chair.getByLabel("承办地区")).not.toHaveValue("");
  // Hosted by the chair's own Shanghai: the record then goes to Shanghai and Suzhou, one answer each.
  await chair.getByLabel("承办地区").selectOption({ label: "上海" });
  await chair.getByLabel("开始时间").fill("2027-03-01T10:00");
  // A meeting that ends before it starts is refused at the field, and nothing typed is lost.
  await chair.getByLabel("结束时间").fill("2027-03-01T09:00");
  await chair.getByRole("button", { name: "保存草稿" }).click();
  await expect(chair.getByText("会议结束时间必须晚于开始时间。")).toBeVisible();
  await expect(chair.getByLabel("标题（中文）")).toHaveValue(title);
  await chair.getByLabel("结束时间").fill("2027-03-01T12:00");
  await chair.getByRole("button", { name: "保存草稿" }).click();
  await chair.waitForURL(/\/meetings\/\d+$/);
  const url = new URL(chair.url()).pathname;
  await expect(chair.getByTestId("meeting-status")).toHaveText("草稿");

  // The agenda: two items, the second moved up by its keyboard-reachable button.
  for (const [zh, en] of [
    ["开幕", "Opening"],
    ["联合实验室共建", "Joint laboratory"],
  ]) {
    await chair.getByLabel("议程项（中文）").fill(zh!);
    await chair.getByLabel("议程项（英文）").fill(en!);
    await chair.getByRole("button", { name: "加入议程" }).click();
    await expect(chair.getByTestId("agenda-item").filter({ hasText: zh! })).toBeVisible();
  }
  await chair.getByRole("button", { name: "将“联合实验室共建”上移" }).click();
  await expect(chair.getByTestId("agenda-item").first()).toContainText("联合实验室共建");
  await chair.getByRole("button", { name: "发布会议安排" }).click();
  await expect(chair.getByTestId("meeting-status")).toHaveText("已安排");

  // The member registers in person, from their own context.
  await member.goto(url);
  await expect(member.getByRole("heading", { name: title })).toBeVisible();
  await expect(member.getByTestId("meeting-actions")).toHaveCount(0);
  await member.getByRole("button", { name: "报名", exact: true }).click();
  await expect(member.getByTestId("my-registration")).toHaveText("您已报名现场参会。");

  // The chair opens the session: the member's page follows without a reload.
  await chair.getByRole("button", { name: "开始会议" }).click();
  await expect(member.getByTestId("meeting-status")).toHaveText("进行中");
  await expect(member.getByTestId("current-item")).toHaveText("联合实验室共建");
  await member.getByRole("button", { name: "签到", exact: true }).click();
  await expect(chair.getByTestId("presence")).toContainText("苏州");
  await expect(chair.getByTestId("registered-count")).toHaveText("已报名 1 人");

  // The member raises a hand; the chair gives the floor; both see it live.
  await member.getByRole("button", { name: "举手发言" }).click();
  await expect(chair.getByTestId("speakers")).toContainText(hangzhou.name);
  await chair.getByRole("button", { name: "请其发言" }).click();
  await expect(member.getByTestId("speakers")).toContainText("正在发言");

  // Minutes and a decision on the current item, seen by the member as they are recorded.
  const first = chair.getByTestId("agenda-item").first();
  await first.getByLabel("纪要").fill("各方同意在杭州共建联合实验室。");
  await first.getByRole("button", { name: "保存纪要" }).click();
  await first.getByLabel("决定（中文）").fill("在杭州共建联合实验室");
  await first.getByLabel("决定（英文）").fill("Set up a joint laboratory in Hangzhou");
  await first.getByRole("button", { name: "记录决定" }).click();
  await expect(member.getByTestId("agenda-item").first()).toContainText("在杭州共建联合实验室");

  // The chair moves to the next item: the member's current item changes without a reload.
  await chair.getByTestId("next-item").click();
  await expect(member.getByTestId("current-item")).toHaveText("开幕");

  await chair.getByRole("button", { name: "结束会议" }).click();
  await acceptConfirm(chair);
  await expect(chair.getByTestId("meeting-status")).toHaveText("待批准纪要");
  await chair.getByRole("button", { name: "批准纪要" }).click();
  await acceptConfirm(chair);
  await expect(member.getByTestId("meeting-status")).toHaveText("已结束");
  await expect(member.getByTestId("agenda-item").first()).toContainText("各方同意在杭州共建联合实验室。");

  // Each region confirms the record for itself; contesting without a reason is refused at the field.
  const memberRecord = member.locator("#record");
  await expect(memberRecord.getByTestId("record-status")).toHaveText("待确认");
  await memberRecord.getByRole("radio", { name: "有异议" }).check();
  await memberRecord.getByRole("button", { name: "提交答复" }).click();
  await expect(memberRecord.getByText("此项不能为空。")).toBeVisible();
  await memberRecord.getByRole("radio", { name: "已确认" }).check();
  await memberRecord.getByRole("button", { name: "提交答复" }).click();
  const chairRecord = chair.locator("#record");
  await expect(chairRecord.getByText("苏州：已确认")).toBeVisible();
  await expect(chairRecord.getByTestId("record-status")).toHaveText("待确认");
  await chairRecord.getByRole("button", { name: "提交答复" }).click();
  await expect(memberRecord.getByTestId("record-status")).toHaveText("各地区均已确认");

  await member.goto("/decisions?status=confirmed");
  await expect(member).toHaveTitle(/决定登记簿/);
  await expect(member.getByTestId("decision-register")).toContainText("在杭州共建联合实验室");

  // A signed-out visitor finds nothing at a coordination meeting's address.
  const anonymous = await browser.newContext();
  const response = await (await anonymous.newPage()).goto(url);
  expect(response?.status()).toBe(404);
  await Promise.all([chairContext.close(), hangzhou.context.close(), anonymous.close()]);
});
