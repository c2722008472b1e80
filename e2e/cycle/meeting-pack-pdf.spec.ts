import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { queryTrpc, signInAs } from "../fixtures";

test("[PACK] a member downloads the demo meeting's pack as a PDF from the meeting page; signed out it is not found", async ({
  browser,
}) => {
  test.setTimeout(60_000);
  const context = await browser.newContext();
  const member = await signInAs(context, "member");
  const past = await queryTrpc<{ meetings: Array<{ id: number; titleZh: string }> }>(member.request, "meetings.list", {
    when: "past",
  });
  const meeting = past.meetings.find((m) => m.titleZh === "山东半岛城市群第三次科技协调会议");
  expect(meeting).toBeDefined();

  await member.goto(`/meetings/${meeting!.id}`);
  const link = member.getByTestId("pack-pdf");
  await expect(link).toHaveText("下载 PDF");
  const [download] = await Promise.all([member.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toBe(`meeting-${meeting!.id}-zh-CN.pdf`);
  const pdf = await readFile(await download.path());
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  // The Chinese font is embedded as a subset: the whole font is 8 MB, a pack tens of kilobytes.
  expect(pdf.length).toBeGreaterThan(10_000);
  expect(pdf.length).toBeLessThan(1_000_000);

  // The English pack from the pack page's own link.
  await member.goto(`/meetings/${meeting!.id}/pack`);
  await expect(member.getByTestId("pack-pdf")).toBeVisible();
  const english = await member.request.get(`/api/meetings/${meeting!.id}/pack.pdf?lang=en`);
  expect(english.status()).toBe(200);
  expect(english.headers()["content-type"]).toBe("application/pdf");

  // A coordination meeting is for members only: signed out, its pack does not exist.
  const anonymous = await browser.newContext();
  const hidden = await anonymous.request.get(`/api/meetings/${meeting!.id}/pack.pdf`);
  expect(hidden.status()).toBe(404);
  await anonymous.close();
  await context.close();
});
