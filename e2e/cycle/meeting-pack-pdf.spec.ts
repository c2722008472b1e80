import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { queryTrpc, signInAs } from "../fixtures";

test("[PACK] a member downloads the demo meeting's agenda and minutes packs as PDFs from the meeting page; signed out they are not found", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const context = await browser.newContext();
  const member = await signInAs(context, "member");
  const past = await queryTrpc<{ meetings: Array<{ id: number; titleZh: string }> }>(member.request, "meetings.list", {
    when: "past",
  });
  const meeting = past.meetings.find((m) => m.titleZh === "山东半岛城市群第三次科技协调会议");
  expect(meeting).toBeDefined();

  await member.goto(`/meetings/${meeting!.id}`);
  for (const kind of ["agenda", "minutes"] as const) {
    const link = member.getByTestId(`pack-pdf-${kind}`);
    await expect(link).toHaveText(kind === "agenda" ? "议程材料包（PDF）" : "纪要材料包（PDF）");
    const [download] = await Promise.all([member.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toBe(`meeting-${meeting!.id}-${kind}-zh-CN.pdf`);
    const pdf = await readFile(await download.path());
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    // The Chinese font is embedded as a subset: the whole font is 8 MB, a pack tens of kilobytes.
    expect(pdf.length).toBeGreaterThan(10_000);
    expect(pdf.length).toBeLessThan(1_000_000);
  }

  // The minutes pack page: the record's status and each decision; the agenda pack page has neither.
  await member.getByRole("link", { name: "纪要材料包", exact: true }).click();
  await expect(member).toHaveTitle(/^纪要材料包：山东半岛城市群第三次科技协调会议/);
  await expect(member.getByTestId("pack-record-status")).toHaveText("会议记录：待确认");
  await expect(member.getByTestId("pack-decision")).toHaveCount(2);
  await member.getByRole("link", { name: "议程材料包", exact: true }).click();
  await expect(member).toHaveTitle(/^议程材料包：/);
  await expect(member.getByTestId("pack-item")).toHaveCount(2);
  await expect(member.getByTestId("pack-record-status")).toHaveCount(0);

  // Cached until its content changes: the same content answers 304 with no body.
  const url = `/api/meetings/${meeting!.id}/pack.pdf?kind=minutes&lang=en`;
  const english = await member.request.get(url);
  expect(english.status()).toBe(200);
  expect(english.headers()["content-type"]).toBe("application/pdf");
  expect(english.headers()["cache-control"]).toBe("private, no-cache");
  const etag = english.headers()["etag"]!;
  expect(etag).toMatch(/^"minutes-en-[\w-]{22}"$/);
  const again = await member.request.get(url, { headers: { "if-none-match": etag } });
  expect(again.status()).toBe(304);
  expect((await again.body()).length).toBe(0);
  expect(again.headers()["etag"]).toBe(etag);

  // A coordination meeting is for members only: signed out, its packs do not exist.
  const anonymous = await browser.newContext();
  for (const kind of ["agenda", "minutes"])
    expect((await anonymous.request.get(`/api/meetings/${meeting!.id}/pack.pdf?kind=${kind}`)).status()).toBe(404);
  await anonymous.close();
  await context.close();
});
