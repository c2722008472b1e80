import { expect, test } from "@playwright/test";
import { callTrpc, signInAs } from "../fixtures";

const pdf = (text: string) =>
  Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n` +
      `3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
  );
const png = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

test("[FILES] a proposer attaches files to a draft project; others and signed-out visitors get 404; versions are kept", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const researcherContext = await browser.newContext();
  const researcher = await signInAs(researcherContext, "researcher");
  const clusters = await callTrpc<Array<{ regions: Array<{ id: number; code: string }> }>>(
    researcher.request,
    "reference.regions",
  );
  const regionId = (code: string) => clusters.flatMap((c) => c.regions).find((r) => r.code === code)!.id;
  const project = await callTrpc<{ id: number }>(researcher.request, "projects.create", {
    title: `附件测试草稿 ${Date.now()}`,
    summary: "深圳与东莞共建封装测试中试线。",
    body: "深圳负责设计，东莞负责封装测试。",
    expectedOutcomes: "一条中试线。",
    budgetYuan: 3_000_000,
    durationMonths: 24,
    tags: [],
    recommendations: [2],
    leadRegionId: regionId("shenzhen"),
    partnerRegionIds: [regionId("dongguan")],
  });

  await researcher.goto(`/projects/${project.id}`);
  const panel = researcher.getByRole("region", { name: "附件" });
  await expect(panel.getByText("暂无附件。可上传方案、纪要、数据或照片。")).toBeVisible();

  // A web page renamed to .pdf is refused from its content, with the reason at the field.
  await panel.getByLabel("上传附件").setInputFiles({
    name: "方案.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("<!doctype html><script>alert(1)</script>"),
  });
  await expect(panel.getByRole("alert")).toContainText("不支持此类文件");

  await panel
    .getByLabel("上传附件")
    .setInputFiles({ name: "中试线方案.pdf", mimeType: "application/pdf", buffer: pdf("v1") });
  await expect(panel.getByText("已上传 中试线方案.pdf。")).toBeVisible();
  const row = panel.getByTestId("attachment-list").getByRole("listitem").filter({ hasText: "中试线方案.pdf" });
  await expect(row.getByText(/PDF 文档 · 李明 Li Ming 上传于/)).toBeVisible();
  await panel.getByLabel("上传附件").setInputFiles({ name: "现场照片.png", mimeType: "image/png", buffer: png });
  await expect(panel.getByRole("img", { name: "现场照片.png 的预览" })).toBeVisible();

  const link = row.getByRole("link", { name: "中试线方案.pdf" });
  const href = (await link.getAttribute("href"))!;
  const served = await researcher.request.get(href);
  expect(served.status()).toBe(200);
  expect(served.headers()["content-type"]).toBe("application/pdf");
  expect(served.headers()["content-disposition"]).toMatch(/^inline;/);
  expect(served.headers()["x-content-type-options"]).toBe("nosniff");
  expect(served.headers()["content-security-policy"]).toContain("default-src 'none'");
  expect((await served.body()).toString()).toContain("% v1");

  // A new version through the same route; the old one stays downloadable.
  const attachmentId = Number(href.split("/").pop());
  const query = `kind=project&id=${project.id}&name=${encodeURIComponent("中试线方案-修订.pdf")}&attachmentId=${attachmentId}`;
  const crossSite = await researcher.request.post(`/api/attachments?${query}`, {
    data: pdf("forged"),
    headers: { origin: "https://evil.example", "content-type": "application/pdf" },
  });
  expect(crossSite.status()).toBe(403);
  const second = await researcher.request.post(`/api/attachments?${query}`, {
    data: pdf("v2"),
    headers: { "content-type": "application/pdf" },
  });
  expect(second.status()).toBe(201);
  await researcher.reload();
  const revised = researcher
    .getByRole("region", { name: "附件" })
    .getByRole("listitem")
    .filter({ hasText: "中试线方案-修订.pdf" });
  await revised.getByRole("button", { name: /历史版本/ }).click();
  await expect(revised.getByRole("link", { name: "第 1 版" })).toBeVisible();
  expect((await (await researcher.request.get(`${href}?version=1`)).body()).toString()).toContain("% v1");
  expect((await (await researcher.request.get(href)).body()).toString()).toContain("% v2");

  // The draft is its proposers' own: a member and a signed-out visitor get "not found", as for the draft.
  const memberContext = await browser.newContext();
  const member = await signInAs(memberContext, "member");
  expect((await member.request.get(href)).status()).toBe(404);
  expect((await member.request.get(`/projects/${project.id}`)).status()).toBe(404);
  const member403 = await member.request.post(`/api/attachments?kind=project&id=${project.id}&name=x.pdf`, {
    data: pdf("intruder"),
    headers: { "content-type": "application/pdf" },
  });
  expect(member403.status()).toBe(404);
  const anonymousContext = await browser.newContext();
  expect((await anonymousContext.request.get(href)).status()).toBe(404);
  expect(
    (
      await anonymousContext.request.post(`/api/attachments?kind=project&id=${project.id}&name=x.pdf`, {
        data: pdf("anonymous"),
      })
    ).status(),
  ).toBe(401);
  await Promise.all([researcherContext.close(), memberContext.close(), anonymousContext.close()]);
});

test("[PWA] the app is installable; the service worker keeps a meeting pack for offline reading, never other pages", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const context = await browser.newContext();
  const page = await context.newPage();
  const manifest = await page.request.get("/manifest.webmanifest");
  expect(manifest.ok()).toBe(true);
  const body = (await manifest.json()) as {
    name: string;
    short_name: string;
    display: string;
    icons: { src: string }[];
  };
  expect(body.short_name).toBe("协同");
  expect(body.display).toBe("standalone");
  for (const icon of body.icons) expect((await page.request.get(icon.src)).headers()["content-type"]).toBe("image/png");

  await page.goto("/meetings");
  await page
    .getByRole("link", { name: /长三角区域创新论坛/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/meetings\/\d+$/);
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", /manifest\.webmanifest/);
  const scriptUrl = await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL);
  expect(scriptUrl).toMatch(/\/sw\.js$/);

  await page.getByRole("link", { name: "议程材料包", exact: true }).click();
  await expect(page).toHaveURL(/\/meetings\/\d+\/pack$/);
  const packUrl = page.url();
  // Opened under the worker's control, the pack is stored once the server's check says yes.
  await page.reload();
  await expect(page.getByTestId("pack-status")).toHaveText("已保存，可离线阅读");
  const check = await page.request.get(
    `${new URL(packUrl).pathname.replace("/pack", "").replace("/meetings", "/api/meetings")}/offline`,
  );
  expect(check.headers()["x-xietong-offline"]).toBe("ok");

  await context.setOffline(true);
  await page.goto(packUrl);
  await expect(page.getByRole("heading", { level: 1, name: /议程材料包/ })).toBeVisible();
  await page.goto("/projects");
  await expect(page.getByRole("heading", { level: 1, name: "当前处于离线状态" })).toBeVisible();
  await context.setOffline(false);
  await context.close();
});
