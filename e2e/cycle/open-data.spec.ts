import { expect, test } from "@playwright/test";
import { strFromU8, unzipSync } from "fflate";
import { callTrpc, signInAs } from "../fixtures";

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

test("[OPEN-DATA] the open-data page shows the API reference; the API lists public projects but never a draft; an admin's dump is listed", async ({
  browser,
  page,
}) => {
  test.setTimeout(180_000);
  const researcherContext = await browser.newContext();
  const researcher = await signInAs(researcherContext, "researcher");
  const regions = await callTrpc<{ regions: { id: number; code: string }[] }[]>(
    researcher.request,
    "reference.regions",
  );
  const regionId = (code: string) => regions.flatMap((c) => c.regions).find((r) => r.code === code)!.id;
  const draftTitle = `开放数据测试草稿 ${Date.now()}`;
  const draft = await callTrpc<{ id: number }>(researcher.request, "projects.create", {
    title: draftTitle,
    summary: "只有提案人能看到的草稿。",
    body: "草稿正文。",
    expectedOutcomes: "无",
    budgetYuan: 1_000_000,
    durationMonths: 12,
    tags: [],
    recommendations: [1],
    leadRegionId: regionId("shanghai"),
    partnerRegionIds: [regionId("hangzhou")],
  });
  await researcherContext.close();

  // Signed out: the reference, rendered from the served document.
  await page.goto("/open-data");
  await expect(page).toHaveTitle(/开放数据/);
  await expect(page.getByRole("heading", { level: 1, name: "开放数据" })).toBeVisible();
  const reference = page.getByTestId("api-reference");
  await expect(reference.getByText("/api/v1/projects/{id}/ballot-results")).toBeVisible();
  await expect(reference.getByText("已提交的合作项目，按时间由新到旧；可按状态、地区或政策建议筛选。")).toBeVisible();

  // The API as an anonymous caller: public projects, never the draft.
  const list = await page.request.get("/api/v1/projects?limit=100");
  expect(list.status()).toBe(200);
  const projects = (await list.json()) as Page<{ id: number; title: string; status: string }>;
  expect(projects.items.length).toBeGreaterThan(0);
  expect(projects.items.every((p) => p.status !== "draft")).toBe(true);
  expect(projects.items.map((p) => p.id)).not.toContain(draft.id);
  const hidden = await page.request.get(`/api/v1/projects/${draft.id}`, { headers: { "accept-language": "en" } });
  expect(hidden.status()).toBe(404);
  expect(await hidden.text()).not.toContain(draftTitle);
  const etag = list.headers()["etag"]!;
  expect((await page.request.get("/api/v1/projects?limit=100", { headers: { "if-none-match": etag } })).status()).toBe(
    304,
  );

  // An admin asks for a dump in the admin tab; it is written and listed on the public page.
  const adminContext = await browser.newContext();
  const admin = await signInAs(adminContext, "admin");
  await admin.goto("/admin?tab=openData");
  await admin.getByTestId("request-dump").click();
  await expect(admin.getByText("已加入生成队列，进度见下方。")).toBeVisible();
  const asked = admin.getByTestId("admin-dump-list").locator("li", { hasText: "手动生成" });
  // Finished means its file is linked: "已完成" alone also matches the running progress ("已完成 3/8 个数据集").
  await expect(asked.getByRole("link", { name: /^xietong-open-data-.*\.zip$/ })).toBeVisible({ timeout: 60_000 });
  await expect(asked.getByText("已完成", { exact: true })).toBeVisible();
  await adminContext.close();
  await page.goto("/open-data");
  const dumps = page.getByTestId("dump-list");
  await expect(dumps.getByRole("link", { name: /下载/ }).first()).toBeVisible();
  const href = await dumps.getByRole("link", { name: /下载/ }).first().getAttribute("href");
  const zip = await page.request.get(href!);
  expect(zip.status()).toBe(200);
  expect(zip.headers()["content-type"]).toBe("application/zip");
  const files = unzipSync(new Uint8Array(await zip.body()));
  const projectsJson = strFromU8(files["projects.json"]!);
  expect(projectsJson).toContain(projects.items[0]!.title);
  expect(projectsJson).not.toContain(draftTitle);
});
