import { expect, test } from "@playwright/test";
import { callTrpc, queryTrpc, signInAs } from "../fixtures";

/** The demo round: 60 seeded people over all ten regions, three groups on its map. */
async function demoRoundId(request: Parameters<typeof queryTrpc>[0]): Promise<number> {
  for (let roundId = 1; roundId <= 5; roundId += 1) {
    const round = await queryTrpc<{ round: { question: string } }>(request, "opinions.get", { roundId }).catch(
      () => null,
    );
    if (round?.round.question.includes("联合基金")) return roundId;
  }
  throw new Error("the demo opinion round is missing");
}

test("[OPINION] a member votes through every statement while a researcher watches: the map, its counts and the statement list change live in both contexts", async ({
  browser,
}) => {
  // Twelve votes, two live pages and a statement added: a loaded two-core machine took 3 minutes to reach
  // the sixth vote once (load average 35).
  test.setTimeout(240_000);
  const watcherContext = await browser.newContext();
  const watcher = await signInAs(watcherContext, "researcher");
  const roundId = await demoRoundId(watcher.request);
  await watcher.goto(`/opinions/${roundId}`);
  await expect(watcher).toHaveTitle(/意见征集/);
  // The first read carries the whole map; on a loaded two-core machine it can take a while.
  await expect(watcher.getByTestId("map-counts")).toContainText("60", { timeout: 45_000 });
  // Groups on the map (the chart and its legend), their cards, and consensus beside division.
  await expect(watcher.getByTestId("opinion-scatter")).toBeVisible();
  expect(await watcher.getByTestId("map-legend").locator("li").count()).toBeGreaterThanOrEqual(2);
  await expect(watcher.getByTestId("group-A")).toBeVisible();
  await expect(watcher.getByTestId("consensus-list").locator("li").first()).toBeVisible();
  await expect(watcher.getByTestId("divisive-groups").locator("li").first()).toBeVisible();

  const memberContext = await browser.newContext();
  const member = await signInAs(memberContext, "member");
  await member.goto(`/opinions/${roundId}`);
  const card = member.getByTestId("vote-card");
  await expect(card.getByTestId("vote-progress")).toContainText("0 / 12", { timeout: 45_000 });
  // Through every statement, alternating answers; the keyboard path (Tab to a button, Enter) for some.
  for (let i = 0; i < 12; i += 1) {
    const text = await card.getByTestId("vote-statement").textContent();
    const choice = ["赞同", "反对", "跳过／不确定"][i % 3]!;
    if (i % 4 === 0) {
      await card.getByRole("button", { name: choice }).focus();
      await member.keyboard.press("Enter");
    } else await card.getByRole("button", { name: choice }).click();
    if (i < 11) await expect(card.getByTestId("vote-statement")).not.toHaveText(text ?? "");
  }
  await expect(card.getByTestId("vote-done")).toBeVisible();
  await expect(card.getByTestId("vote-progress")).toContainText("12 / 12");

  // The recomputed map reaches both pages without a reload: 61 voters now, the member's own dot among them.
  await expect(watcher.getByTestId("map-counts")).toContainText("61", { timeout: 20_000 });
  await expect(member.getByTestId("map-counts")).toContainText("61", { timeout: 20_000 });

  // The watcher adds a statement in the page; it appears in the member's list and vote card live.
  const statement = `设立跨区域联合基金年度听证会 ${Date.now()}`;
  await watcher.getByLabel("观点", { exact: true }).fill(statement);
  await watcher.getByRole("button", { name: "添加", exact: true }).click();
  await expect(watcher.getByRole("status").filter({ hasText: "已添加" })).toBeVisible();
  await expect(member.getByTestId("statement-list")).toContainText(statement);
  await expect(card.getByTestId("vote-statement")).toHaveText(statement);

  // Both exports are k-anonymous: no region column rests on fewer than 3 people.
  const csv = await queryTrpc<{ body: string }>(member.request, "opinions.export", { roundId, format: "csv" });
  expect(csv.body.split("\r\n")[0]).toContain("group_A_n");
  // No count in the export rests on one or two people: every head count (voters, a group's or a region's n)
  // is 0 or at least 3. Shares (agree, disagree) may be anything.
  const [header = [], ...rows] = parseCsv(csv.body);
  const counts = header.flatMap((name, i) => (name === "voters" || name.endsWith("_n") ? [i] : []));
  expect(counts.length).toBeGreaterThan(1);
  for (const row of rows) for (const i of counts) expect(["1", "2"]).not.toContain(row[i]);

  await watcherContext.close();
  await memberContext.close();
});

test("[OPINION] a member opens a round on a topic from the topic page; an unknown round is a 404", async ({
  browser,
}) => {
  const context = await browser.newContext();
  const member = await signInAs(context, "member");
  const forums = await callTrpc<Array<{ id: number; slug: string }>>(member.request, "forums.list");
  const topic = await callTrpc<{ id: number }>(member.request, "topics.create", {
    forumId: forums[0]!.id,
    title: `意见征集测试 ${Date.now()}`,
    body: "测试话题",
  });
  await member.goto(`/topics/${topic.id}`);
  const rounds = member.getByTestId("opinion-rounds");
  await rounds.getByRole("button", { name: "发起意见征集" }).click();
  await rounds.getByLabel("议题").fill("x");
  await rounds.getByRole("button", { name: "发起", exact: true }).click();
  await expect(rounds.locator("#" + (await rounds.getByLabel("议题").getAttribute("id")) + "-error")).toBeVisible();
  await rounds.getByLabel("议题").fill("数据共享协议应包含哪些条款？");
  await rounds.getByRole("button", { name: "发起", exact: true }).click();
  await expect(member).toHaveURL(/\/opinions\/\d+$/);
  await expect(member.getByTestId("round-question")).toHaveText("数据共享协议应包含哪些条款？");
  await expect(member.getByTestId("map-empty")).toBeVisible();
  const missing = await member.goto("/opinions/999999");
  expect(missing?.status()).toBe(404);
  await context.close();
});

/** RFC 4180 rows: quoted cells may hold commas, quotes (doubled) and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i += 1;
    } else cell += ch;
  }
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
