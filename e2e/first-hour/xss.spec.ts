import { expect, test, type Page } from "@playwright/test";
import { localeCookie } from "../../i18n/locale";
import { callTrpc as call, invitedAccount, queryTrpc, signInAs, signInOverApi } from "../fixtures";

/**
 * Payloads that each, if they ran, would set `window.__xss`, open a dialog or fetch from
 * evil.example. They go in through every field people type that other people see, and Chromium
 * then renders the pages that show those fields.
 */
const payloads = [
  `<script>window.__xss="script"</script>`,
  `<img src=x onerror="window.__xss='img'">`,
  `<svg onload="window.__xss='svg'"><circle r=1 /></svg>`,
  `"><script>alert('attr')</script>`,
  `<iframe src="javascript:window.__xss='iframe'"></iframe>`,
  `[link](javascript:window.__xss='md-link')`,
  `<a href="javascript:alert('href')">click</a>`,
  `![img](http://evil.example/md.png)`,
  `<img src="http://evil.example/tag.png">`,
  `<style>body{background:url(http://evil.example/css.png)}</style>`,
  `<details open ontoggle="window.__xss='details'">x</details>`,
  `<math><mtext><table><mglyph><style><img src=x onerror="window.__xss='mxss'">`,
  `{{constructor.constructor('window.__xss="template"')()}}`,
  `<object data="javascript:window.__xss='object'"></object>`,
  `<body onload="window.__xss='body'">`,
];

interface Watch {
  dialogs: string[];
  outbound: string[];
}

function watch(page: Page): Watch {
  const seen: Watch = { dialogs: [], outbound: [] };
  page.on("dialog", (dialog) => {
    seen.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (!["localhost", "127.0.0.1"].includes(url.hostname) && url.protocol !== "data:" && url.protocol !== "blob:")
      seen.outbound.push(request.url());
  });
  return seen;
}

async function expectNothingRan(page: Page, seen: Watch, where: string) {
  await page.waitForLoadState("networkidle");
  const state = await page.evaluate(() => ({
    flag: (window as unknown as { __xss?: string }).__xss ?? null,
    // An inline handler or script that made it into the DOM, even if it did not fire.
    handlers: [...document.querySelectorAll("*")].flatMap((el) =>
      [...el.attributes]
        .filter((a) => /^on/i.test(a.name) && a.value.includes("__xss"))
        .map((a) => `${el.tagName} ${a.name}`),
    ),
    scripts: [...document.querySelectorAll("script")].filter(
      (s) => s.textContent?.includes("__xss") && !s.textContent.includes("self.__next_f"),
    ).length,
    javascriptUrls: [...document.querySelectorAll("[href],[src],[data]")].filter((el) =>
      /^\s*javascript:/i.test(el.getAttribute("href") ?? el.getAttribute("src") ?? el.getAttribute("data") ?? ""),
    ).length,
  }));
  expect({ where, ...state, dialogs: seen.dialogs, outbound: seen.outbound }).toEqual({
    where,
    flag: null,
    handlers: [],
    scripts: 0,
    javascriptUrls: 0,
    dialogs: [],
    outbound: [],
  });
}

test("[XSS] payloads in comments, topic titles, project fields, display names and plan rationales execute nowhere in Chromium", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const stamp = Date.now();

  // A researcher whose display name is itself a payload, joined by invitation.
  const adminContext = await browser.newContext();
  const admin = await signInAs(adminContext, "admin");
  const clusters = await call<Array<{ regions: Array<{ id: number; code: string }> }>>(
    admin.request,
    "reference.regions",
  );
  const regionId = (code: string) => clusters.flatMap((c) => c.regions).find((r) => r.code === code)!.id;
  const email = `xss-${stamp}@example.org`;
  const password = `xss-researcher-${stamp}-Qz`;
  const invitation = await call<{ token: string }>(admin.request, "invitations.issue", {
    email,
    role: "researcher",
    regionId: regionId("shanghai"),
    organisation: "Lab",
  });
  const authorContext = await browser.newContext();
  const author = await authorContext.newPage();
  await call(author.request, "invitations.redeem", {
    token: invitation.token,
    displayName: `<img src=x onerror="window.__xss='name'">`,
    organisation: `<b onmouseover="window.__xss='org'">Lab</b>`,
    password,
  });
  await signInOverApi(author.request, email, password);

  // A topic titled with a payload, every payload as a comment on it.
  const forums = await call<Array<{ id: number; slug: string }>>(author.request, "forums.list");
  const forum = forums[0]!;
  const topic = await call<{ id: number; threadId: number }>(author.request, "topics.create", {
    forumId: forum.id,
    title: `<script>window.__xss="title"</script> ${stamp}`,
    body: payloads.join("\n\n"),
  });
  // Three payloads a comment keeps the author under the limit of ten comments a minute.
  const inThrees = Array.from({ length: Math.ceil(payloads.length / 3) }, (_, i) =>
    payloads.slice(i * 3, i * 3 + 3).join("\n\n"),
  );
  for (const body of inThrees)
    await call(author.request, "comments.add", { threadId: topic.threadId, body, stance: "concern" });

  // A submitted project whose every text field carries payloads, and a plan whose rationale and terms do.
  const project = await call<{ id: number; threadId: number }>(author.request, "projects.create", {
    title: `<svg onload="window.__xss='project-title'"> ${stamp}`,
    summary: payloads.slice(0, 4).join(" "),
    body: payloads.join("\n\n"),
    expectedOutcomes: payloads.slice(4, 9).join("\n"),
    budgetYuan: 1_000_000,
    durationMonths: 12,
    tags: [`<img src=x onerror="window.__xss='tag'">`],
    recommendations: [2],
    leadRegionId: regionId("shanghai"),
    partnerRegionIds: [regionId("hangzhou")],
  });
  const partner = await invitedAccount(browser, "researcher", "hangzhou", "xss-partner");
  await call(author.request, "projects.inviteCoauthor", { projectId: project.id, accountId: partner.accountId });
  await call(partner.page.request, "projects.respondToInvitation", { projectId: project.id, response: "accept" });
  await partner.context.close();
  await call(author.request, "projects.submit", { projectId: project.id });
  for (const body of inThrees.slice(0, 3))
    await call(author.request, "comments.add", { threadId: project.threadId, body, stance: "question" });
  const starting = await queryTrpc<{ shares: unknown[] }>(author.request, "ballots.plans.startingPlan", {
    projectId: project.id,
  });
  await call(author.request, "ballots.plans.propose", {
    projectId: project.id,
    shares: starting.shares,
    rationale: payloads.slice(0, 6).join("\n"),
    terms: payloads.slice(6).join("\n"),
  });

  // Read by someone else, signed in, in both languages.
  const readerContext = await browser.newContext();
  const reader = await signInAs(readerContext, "member");
  const seen = watch(reader);
  for (const locale of ["zh-CN", "en"]) {
    await readerContext.addCookies([{ name: localeCookie, value: locale, url: test.info().project.use.baseURL! }]);
    for (const path of [
      `/topics/${topic.id}`,
      `/forums/${forum.slug}`,
      "/",
      `/projects/${project.id}`,
      "/projects",
      `/regions/shanghai`,
    ]) {
      await reader.goto(path);
      await expectNothingRan(reader, seen, `${locale} ${path}`);
    }
    // The plans and their rationales are on the project page's plans section.
    await reader.goto(`/projects/${project.id}`);
    await expect(reader.getByText("window.__xss='svg'", { exact: false }).first()).toBeVisible();
    await expectNothingRan(reader, seen, `${locale} project plans`);
  }
  await Promise.all([adminContext.close(), authorContext.close(), readerContext.close()]);
});
