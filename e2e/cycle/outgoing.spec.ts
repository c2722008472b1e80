import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { callTrpc, invitedAccount, queryTrpc, signInAs } from "../fixtures";

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

test("[WEBHOOK] an admin adds a signed webhook in the page; a test notice and a ballot's close reach the receiver, signed, and the log says sent", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const received: Received[] = [];
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/xietong`;
  const bodies = () =>
    received.map((r) => JSON.parse(r.body) as { kind: string; title: string; data: Record<string, unknown> });

  const adminContext = await browser.newContext();
  const admin = await signInAs(adminContext, "admin");
  await admin.goto("/admin?tab=outgoing");
  await expect(admin).toHaveTitle(/对外推送/);
  const webhooks = admin.getByText("尚未配置 Webhook。");
  await expect(webhooks.or(admin.getByTestId("webhook-list"))).toBeVisible();

  // A malformed address is refused at its field, and nothing typed is lost.
  await admin.getByRole("button", { name: "新增 Webhook" }).click();
  await admin.getByLabel("名称").fill("协调办公室接收端");
  await admin.getByLabel("类型").selectOption("generic");
  await admin.getByLabel("地址").fill("ftp://example.org/hook");
  await admin.getByRole("button", { name: "保存" }).click();
  await expect(admin.getByText("请填写完整的 Webhook 地址，以 https:// 开头。")).toBeVisible();
  await expect(admin.getByLabel("名称")).toHaveValue("协调办公室接收端");

  await admin.getByLabel("地址").fill(hookUrl);
  await admin.getByRole("button", { name: "保存" }).click();
  await expect(admin.getByText("请立即复制签名密钥，此后不再显示：")).toBeVisible();
  const secret = (await admin.getByTestId("webhook-secret").textContent())!.trim();
  const row = admin.getByTestId("webhook-list").locator("li", { hasText: "协调办公室接收端" });
  await expect(row).toContainText("表决开始 · 表决结束");

  // "Send a test" goes through the same worker.
  await row.getByRole("button", { name: "发送测试" }).click();
  await expect.poll(() => bodies().map((b) => b.kind), { timeout: 30_000 }).toContain("test");

  // A Shenzhen-led project with a Dongguan co-proposer is put to a vote and closed by the admin.
  const partner = await invitedAccount(browser, "researcher", "dongguan", "dongguan-researcher");
  const researcherContext = await browser.newContext();
  const researcher = await signInAs(researcherContext, "researcher");
  const clusters = await callTrpc<Array<{ regions: Array<{ id: number; code: string }> }>>(
    researcher.request,
    "reference.regions",
  );
  const regionId = (code: string) => clusters.flatMap((c) => c.regions).find((r) => r.code === code)!.id;
  const title = `深莞柔性显示中试线 ${Date.now()}`;
  const project = await callTrpc<{ id: number }>(researcher.request, "projects.create", {
    title,
    summary: "深圳负责材料研发，东莞建设中试线。",
    body: "## 分工\n\n- 深圳：材料\n- 东莞：中试",
    expectedOutcomes: "建成一条柔性显示中试线。",
    budgetYuan: 5_000_000,
    durationMonths: 18,
    tags: ["显示"],
    recommendations: [3],
    leadRegionId: regionId("shenzhen"),
    partnerRegionIds: [regionId("dongguan")],
  });
  await callTrpc(researcher.request, "projects.inviteCoauthor", {
    projectId: project.id,
    accountId: partner.accountId,
  });
  await callTrpc(partner.page.request, "projects.respondToInvitation", { projectId: project.id, response: "accept" });
  await callTrpc(researcher.request, "projects.submit", { projectId: project.id });
  const starting = await queryTrpc<{ shares: unknown[] }>(admin.request, "ballots.plans.startingPlan", {
    projectId: project.id,
  });
  await callTrpc(admin.request, "ballots.plans.propose", {
    projectId: project.id,
    shares: starting.shares,
    rationale: "成本与收益按投入分配。",
  });
  const ballot = await callTrpc<{ id: number }>(admin.request, "ballots.open", {
    projectId: project.id,
    closesAt: new Date(Date.now() + 26 * 3_600_000),
    rule: "regional_consent",
    quorumBp: 5000,
    visibility: "secret",
    showRunningTallies: false,
  });
  await callTrpc(admin.request, "ballots.close", { ballotId: ballot.id, confirmEarlyClose: true });

  await expect
    .poll(() => bodies().find((b) => b.kind === "ballot_closed" && b.data.projectId === project.id), {
      timeout: 30_000,
    })
    .toBeTruthy();
  const closed = received.find((r) => r.body.includes('"ballot_closed"') && r.body.includes(title))!;
  const timestamp = closed.headers["x-xietong-timestamp"] as string;
  const signature = createHmac("sha256", secret).update(`${timestamp}.${closed.body}`).digest("hex");
  expect(closed.headers["x-xietong-signature"]).toBe(`v1=${signature}`);
  // The opening was reported too, and nothing twice (the sender posts one notice after another: wait for both).
  const forProject = () =>
    bodies()
      .filter((b) => b.data.projectId === project.id)
      .map((b) => b.kind)
      .sort();
  await expect.poll(forProject, { timeout: 30_000 }).toEqual(["ballot_closed", "ballot_opened"]);

  // The log in the page says what went out.
  await admin.reload();
  const log = admin.getByTestId("delivery-log");
  await expect(log.locator("tr", { hasText: `“${title}”表决结束` })).toContainText("已发送");

  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await Promise.all([adminContext.close(), researcherContext.close(), partner.context.close()]);
});
