import { expect, test, type Browser } from "@playwright/test";
import { callTrpc, invitedAccount, signInAs } from "../fixtures";

/** A person from an invited account, acting for a new organisation of their region (added and linked by the admin). */
async function personFor(browser: Browser, regionCode: string, nameZh: string, nameEn: string) {
  const person = await invitedAccount(browser, "researcher", regionCode, `ally-${regionCode}`);
  const adminContext = await browser.newContext();
  const admin = await signInAs(adminContext, "admin");
  const clusters = await callTrpc<Array<{ regions: Array<{ id: number; code: string }> }>>(
    admin.request,
    "reference.regions",
  );
  const regionId = clusters.flatMap((c) => c.regions).find((r) => r.code === regionCode)!.id;
  const created = await callTrpc<{ organisation: { id: number } }>(admin.request, "organisations.create", {
    nameZh,
    nameEn,
    aliases: [],
    type: "enterprise",
    regionId,
    sectors: ["集成电路"],
  });
  await callTrpc(admin.request, "organisations.linkAccount", {
    accountId: person.accountId,
    organisationId: created.organisation.id,
    rememberName: false,
  });
  await adminContext.close();
  return { ...person, regionId, organisationId: created.organisation.id };
}

test("[ALLIANCE] an enterprise founds an alliance; organisations from two other clusters accept chain roles in their own browsers; the matrix shows them live", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const stamp = Date.now();
  const founder = await personFor(browser, "shanghai", `上海芯联制造有限公司${stamp}`, `Shanghai Xinlian Fab ${stamp}`);
  const designer = await personFor(browser, "shenzhen", `深圳芯设计有限公司${stamp}`, `Shenzhen Xin Design ${stamp}`);
  const packager = await personFor(browser, "qingdao", `青岛晶封测有限公司${stamp}`, `Qingdao Jing Packaging ${stamp}`);

  // The founder founds the alliance from the list page, in the manufacturing stage.
  const page = founder.page;
  await page.goto("/alliances");
  await expect(page.getByRole("heading", { level: 1, name: "产业创新联盟" })).toBeVisible();
  const allianceName = `跨区域芯片联盟 ${stamp}`;
  await page.getByLabel("中文名称").fill(allianceName);
  await page.getByLabel("英文名称").fill(`Cross-regional chip alliance ${stamp}`);
  await page.getByLabel("本单位在产业链中的环节").selectOption("manufacturing");
  await page.getByLabel("本单位的贡献").fill("12 英寸产线");
  await page.getByRole("button", { name: "发起联盟" }).click();
  await expect(page).toHaveURL(/\/alliances\/\d+$/);
  await expect(page.getByRole("heading", { level: 1, name: allianceName })).toBeVisible();
  const allianceUrl = new URL(page.url()).pathname;

  // Invitations to the two organisations, each in its own chain role.
  // Waits for this search's own result, not just any second option: on a loaded machine the previous
  // search's organisation can still be listed, and picking it invited the first organisation twice.
  const invite = async (query: string, role: string, invitedSoFar: number) => {
    const organisation = page.getByLabel("单位", { exact: true });
    await page.getByLabel("查找单位").fill(query);
    const found = organisation.locator("option", { hasText: query });
    await expect(found).toHaveCount(1);
    await organisation.selectOption({ label: (await found.textContent()) ?? query });
    await page.getByLabel("产业链环节").selectOption(role);
    await page.getByRole("button", { name: "发送邀请" }).click();
    await expect(page.getByTestId("invitations").getByRole("listitem")).toHaveCount(invitedSoFar);
    await expect(page.getByText("邀请已发送。")).toBeVisible();
  };
  await invite(`深圳芯设计有限公司${stamp}`, "design", 1);
  await invite(`青岛晶封测有限公司${stamp}`, "packaging_testing", 2);

  // Each invited organisation answers in its own browser; the founder's page follows live.
  await designer.page.goto(allianceUrl);
  // The page reads the alliance after hydration; on a loaded machine that can take a while.
  await expect(designer.page.getByTestId("invitations")).toBeVisible({ timeout: 30_000 });
  const mine = designer.page.getByTestId("invitations").getByRole("listitem").filter({ hasText: "深圳芯设计" });
  await mine.getByLabel("本单位的贡献（选填）").fill("EDA 与芯片设计");
  await mine.getByRole("button", { name: "代表本单位接受" }).click();
  await expect(page.getByTestId("members")).toContainText(`深圳芯设计有限公司${stamp}`);
  await expect(page.getByTestId("members")).toContainText("EDA 与芯片设计");

  await packager.page.goto(allianceUrl);
  await expect(packager.page.getByTestId("invitations")).toBeVisible({ timeout: 30_000 });
  // Someone else's invitation has no answer buttons for this person.
  await expect(packager.page.getByTestId("invitations").getByRole("button", { name: "代表本单位接受" })).toHaveCount(1);
  await packager.page.getByRole("button", { name: "代表本单位接受" }).click();
  await expect(page.getByTestId("members").getByRole("listitem")).toHaveCount(3);

  // The matrix: each organisation in its stage and city; the rest of the grid empty.
  const matrix = page.getByTestId("matrix");
  await expect(matrix.locator(`[data-cell="manufacturing:${founder.regionId}"]`)).toHaveAttribute(
    "data-state",
    "filled",
  );
  await expect(matrix.locator(`[data-cell="design:${designer.regionId}"]`)).toHaveAttribute("data-state", "filled");
  await expect(matrix.locator(`[data-cell="packaging_testing:${packager.regionId}"]`)).toHaveAttribute(
    "data-state",
    "filled",
  );
  await expect(matrix.locator(`[data-cell="design:${founder.regionId}"]`)).toHaveAttribute("data-state", "empty");
  await expect(matrix.getByText("空白 21 格，扎堆 0 格")).toBeVisible();

  // The invited person was told, and the organisation's profile lists the alliance.
  await designer.page.goto("/notifications");
  await expect(designer.page.getByText(new RegExp(`邀请您的单位加入“${allianceName}`))).toBeVisible();
  await designer.page.goto(`/organisations/${designer.organisationId}`);
  await expect(designer.page.getByRole("link", { name: allianceName })).toBeVisible();

  for (const p of [founder, designer, packager]) await p.context.close();
});
