import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountOrganisations, auditEntries, notifications, organisations, type Role } from "@/db/schema";
import { linkUnlinkedAccounts } from "@/server/features/organisations";
import { matchKeysOf } from "@/server/features/organisations/rules/normalise-name";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  regionIdsByCode,
  type TestAccount,
  type TestServices,
} from "@/server/testing/fixtures";
import { proposalInput, startProject } from "@/server/testing/projects";
import { callFailure } from "@/server/testing/trpc-errors";
import type { OrganisationType } from "@/shared/alliance-vocabulary";

let services: TestServices;
let regionId: (code: string) => number;

beforeAll(async () => {
  services = await createTestServices();
  regionId = await regionIdsByCode(services.deps.db);
});
afterAll(async () => {
  await services?.close();
});

const as = (who: TestAccount | null) => callerFor(services.deps, who?.user ?? null);
const account = (role: Role, regionCode: string, organisation: string) =>
  createTestAccount(services.deps.db, { role, regionCode, organisation });

/** An organisation as it stood before the migration ran: written straight to the table. */
async function existingOrganisation(
  nameZh: string,
  nameEn: string,
  regionCode: string,
  type: OrganisationType = "enterprise",
) {
  const [org] = await services.deps.db
    .insert(organisations)
    .values({
      nameZh,
      nameEn,
      type,
      regionId: regionId(regionCode),
      matchKeys: matchKeysOf({ nameZh, nameEn, aliases: [] }),
    })
    .returning();
  return org!;
}

async function linkOf(accountId: number) {
  const [row] = await services.deps.db
    .select()
    .from(accountOrganisations)
    .where(eq(accountOrganisations.accountId, accountId));
  return row ?? null;
}

/** A person who acts for a new organisation of that region. */
async function personOf(nameZh: string, nameEn: string, regionCode: string, role: Role = "researcher") {
  const org = await existingOrganisation(nameZh, nameEn, regionCode);
  const person = await account(role, regionCode, nameZh);
  await linkUnlinkedAccounts(services.deps.db);
  return { org, person };
}

describe(`organisations (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[MIGRATE] free text is linked on exact and normalised matches; the rest wait for an admin", async () => {
    // Profiles written before organisations were entities: no organisation to link to yet.
    const exact = await account("researcher", "shenzhen", "深圳市华芯微电子有限公司");
    const suffix = await account("researcher", "shenzhen", "深圳市华芯微电子股份有限公司");
    const english = await account("researcher", "shenzhen", "HUAXIN MICROELECTRONICS COMPANY LIMITED");
    const fullWidth = await account("researcher", "shanghai", "上海交通大学　");
    const short = await account("researcher", "shanghai", "上海交大");
    const unknown = await account("member", "hangzhou", "杭州某某孵化器");
    const placeholder = await account("member", "hangzhou", "—");
    expect(await linkOf(exact.account.id)).toBeNull();
    const huaxin = await existingOrganisation(
      "深圳市华芯微电子有限公司",
      "Huaxin Microelectronics Co., Ltd.",
      "shenzhen",
    );
    const sjtu = await existingOrganisation("上海交通大学", "Shanghai Jiao Tong University", "shanghai", "university");

    expect(await linkUnlinkedAccounts(services.deps.db)).toBeGreaterThanOrEqual(4);
    expect(await linkOf(exact.account.id)).toMatchObject({ organisationId: huaxin.id, method: "exact" });
    expect(await linkOf(suffix.account.id)).toMatchObject({ organisationId: huaxin.id, method: "normalised" });
    expect(await linkOf(english.account.id)).toMatchObject({ organisationId: huaxin.id, method: "normalised" });
    expect(await linkOf(fullWidth.account.id)).toMatchObject({ organisationId: sjtu.id });
    expect(await linkOf(short.account.id)).toBeNull();
    expect(await linkOf(unknown.account.id)).toBeNull();
    // Running it again changes nothing.
    expect(await linkUnlinkedAccounts(services.deps.db)).toBe(0);

    const admin = await account("admin", "shanghai", "协同平台运维组");
    expect((await callFailure(as(short).organisations.review())).code).toBe("FORBIDDEN");
    const review = await as(admin).organisations.review();
    const shortRow = review.find((r) => r.id === short.account.id)!;
    expect(shortRow.suggestions[0]).toMatchObject({ id: sjtu.id, likely: true });
    expect(review.some((r) => r.id === unknown.account.id)).toBe(true);
    expect(review.some((r) => r.id === exact.account.id)).toBe(false);
    expect(review.some((r) => r.id === placeholder.account.id)).toBe(false);

    // Linking by hand keeps the short name, so the next person writing it is linked without review.
    await as(admin).organisations.linkAccount({
      accountId: short.account.id,
      organisationId: sjtu.id,
      rememberName: true,
    });
    expect(await linkOf(short.account.id)).toMatchObject({ organisationId: sjtu.id, method: "admin" });
    // A new account is linked as it is created; an edited profile follows its new text.
    const later = await account("researcher", "shanghai", "上海交大");
    expect(await linkOf(later.account.id)).toMatchObject({ organisationId: sjtu.id, method: "exact" });
    expect((await as(null).organisations.list({ query: "交大", regionId: null })).map((o) => o.id)).toEqual([sjtu.id]);
    await as(later).account.updateProfile({
      displayName: "Later",
      organisation: "Huaxin Microelectronics Inc.",
      locale: "en",
    });
    expect(await linkOf(later.account.id)).toMatchObject({ organisationId: huaxin.id, method: "normalised" });
    // An admin's link survives the person's own edits.
    await as(short).account.updateProfile({ displayName: "Short", organisation: "SJTU", locale: "zh-CN" });
    expect(await linkOf(short.account.id)).toMatchObject({ organisationId: sjtu.id, method: "admin" });

    // Creating the missing organisation links the accounts that named it, in the same step.
    const created = await as(admin).organisations.create({
      nameZh: "杭州某某孵化器",
      nameEn: "Hangzhou Example Incubator",
      aliases: [],
      type: "enterprise",
      regionId: regionId("hangzhou"),
      sectors: ["孵化"],
    });
    expect(created.linked).toBeGreaterThanOrEqual(1);
    expect(await linkOf(unknown.account.id)).toMatchObject({ organisationId: created.organisation.id });
    const audit = await services.deps.db.select().from(auditEntries).where(eq(auditEntries.actorId, admin.account.id));
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(["organisation.create", "organisation.link_account"]),
    );

    const profile = await as(exact).organisations.get({ organisationId: huaxin.id });
    expect(profile.people.map((p) => p.id)).toEqual(expect.arrayContaining([exact.account.id, suffix.account.id]));
    expect((await as(null).organisations.get({ organisationId: huaxin.id })).people).toEqual([]);
  });
});

describe(`alliances (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[ALLIANCE] an enterprise founds, two organisations from two clusters join with chain roles, the matrix shows them", async () => {
    const { org: smic, person: founder } = await personOf(
      "上海芯联制造有限公司",
      "Shanghai Xinlian Manufacturing",
      "shanghai",
    );
    const { org: suzhouOrg, person: suzhouPerson } = await personOf(
      "苏州晶测封装有限公司",
      "Suzhou Jingce Packaging",
      "suzhou",
    );
    const { org: szOrg, person: szPerson } = await personOf("深圳芯设计有限公司", "Shenzhen Xin Design", "shenzhen");
    const loner = await account("researcher", "beijing", "没有登记的单位");

    expect(
      (await callFailure(as(loner).alliances.found({ nameZh: "甲", nameEn: "A", chainRole: "design" }))).reason,
    ).toBe("ORGANISATION_REQUIRED");
    const alliance = await as(founder).alliances.found({
      nameZh: "长三角集成电路产业创新联盟",
      nameEn: "YRD Integrated Circuit Alliance",
      descriptionZh: "设计、制造、封测分工协作。",
      descriptionEn: "Design, manufacturing, packaging and testing in a division of labour.",
      sectors: ["集成电路"],
      chainRole: "manufacturing",
      contribution: "12-inch line",
    });
    const listed = await as(null).alliances.list({ query: "集成电路" });
    expect(listed).toMatchObject([{ id: alliance.id, members: 1, cities: 1 }]);
    expect(await as(null).alliances.list({ query: "no such alliance" })).toEqual([]);
    const page = await as(founder).alliances.get({ allianceId: alliance.id });
    expect(page.forum?.slug).toBe(`alliance-${alliance.id}`);
    expect(page.members).toMatchObject([{ organisationId: smic.id, status: "accepted", chainRole: "manufacturing" }]);
    expect(page.me.canInvite).toBe(true);

    expect(
      (
        await callFailure(
          as(loner).alliances.invite({ allianceId: alliance.id, organisationId: szOrg.id, chainRole: "design" }),
        )
      ).reason,
    ).toBe("ALLIANCE_FORBIDDEN");
    const invitation = await as(founder).alliances.invite({
      allianceId: alliance.id,
      organisationId: suzhouOrg.id,
      chainRole: "packaging_testing",
      contribution: "Advanced packaging line",
    });
    const szInvitation = await as(founder).alliances.invite({
      allianceId: alliance.id,
      organisationId: szOrg.id,
      chainRole: "design",
    });
    expect(
      (
        await callFailure(
          as(founder).alliances.invite({ allianceId: alliance.id, organisationId: szOrg.id, chainRole: "design" }),
        )
      ).reason,
    ).toBe("ALLIANCE_MEMBER_EXISTS");
    const told = await services.deps.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.recipientId, suzhouPerson.account.id), eq(notifications.kind, "alliance_invited")));
    expect(told).toHaveLength(1);
    expect(told[0]!.link).toBe(`/alliances/${alliance.id}#invitations`);

    // Only the invited organisation's people answer; once.
    expect((await callFailure(as(szPerson).alliances.answer({ memberId: invitation.id, accept: true }))).reason).toBe(
      "ALLIANCE_FORBIDDEN",
    );
    await as(suzhouPerson).alliances.answer({ memberId: invitation.id, accept: true, contribution: "" });
    expect(
      (await callFailure(as(suzhouPerson).alliances.answer({ memberId: invitation.id, accept: false }))).reason,
    ).toBe("ALLIANCE_INVITATION_ANSWERED");
    await as(szPerson).alliances.answer({
      memberId: szInvitation.id,
      accept: true,
      contribution: "EDA and chip design",
    });

    const after = await as(null).alliances.get({ allianceId: alliance.id });
    expect(
      after.members
        .filter((m) => m.status === "accepted")
        .map((m) => m.organisationId)
        .sort(),
    ).toEqual([smic.id, suzhouOrg.id, szOrg.id].sort());
    expect(after.members.find((m) => m.organisationId === szOrg.id)?.contribution).toBe("EDA and chip design");

    // A project homed in the alliance counts in the cells of its cities that a member fills.
    const project = await startProject(
      services.deps,
      founder,
      proposalInput(regionId, { leadRegionId: regionId("shanghai"), partnerRegionIds: [regionId("suzhou")] }),
    );
    await as(founder).alliances.homeProject({ allianceId: alliance.id, projectId: project.id });
    expect(
      (await callFailure(as(founder).alliances.homeProject({ allianceId: alliance.id, projectId: project.id }))).reason,
    ).toBe("ALLIANCE_PROJECT_HOMED");

    const matrix = await as(null).alliances.matrix({ allianceId: alliance.id });
    const cell = (role: string, code: string) =>
      matrix.rows.find((r) => r.chainRole === role)!.cells.find((c) => c.regionId === regionId(code))!;
    expect(matrix.regionIds.sort()).toEqual([regionId("shanghai"), regionId("suzhou"), regionId("shenzhen")].sort());
    expect(cell("manufacturing", "shanghai")).toMatchObject({
      state: "filled",
      organisationIds: [smic.id],
      projectIds: [project.id],
    });
    expect(cell("packaging_testing", "suzhou")).toMatchObject({ state: "filled", projectIds: [project.id] });
    expect(cell("design", "shenzhen")).toMatchObject({ state: "filled", projectIds: [] });
    expect(cell("design", "shanghai").state).toBe("empty");

    // A second Shanghai manufacturer makes that cell crowded.
    const { org: rival, person: rivalPerson } = await personOf(
      "上海华晶制造有限公司",
      "Shanghai Huajing Fab",
      "shanghai",
    );
    const rivalInvite = await as(founder).alliances.invite({
      allianceId: alliance.id,
      organisationId: rival.id,
      chainRole: "manufacturing",
    });
    await as(rivalPerson).alliances.answer({ memberId: rivalInvite.id, accept: true });
    const crowded = await as(null).alliances.matrix({ allianceId: alliance.id });
    expect(crowded.crowdedCells).toBe(1);

    // The cluster's matrix: every YRD city, Shenzhen (another cluster) left out.
    const yrd = await as(null).alliances.clusterMatrix({ clusterCode: "yrd" });
    expect(yrd.matrix.regionIds).toContain(regionId("hangzhou"));
    expect(yrd.matrix.regionIds).not.toContain(regionId("shenzhen"));
    expect(yrd.alliances.map((a) => a.id)).toContain(alliance.id);

    const csv = await as(null).alliances.export({ allianceId: alliance.id });
    expect(csv.body.split("\r\n")[0]).toContain("chain_role,region_code");
    expect(csv.body).toMatch(/manufacturing,shanghai,上海,Shanghai,crowded,1,2,1,/);

    // Every change went out live on the alliance's stream, with the members the page shows.
    const events = (
      services.deps.publisher as unknown as {
        published: { stream: string; type: string; payload: { members: unknown[] } }[];
      }
    ).published.filter((e) => e.stream === `alliance:${alliance.id}`);
    expect(events.map((e) => e.type).every((t) => t === "alliance:changed")).toBe(true);
    expect(events.at(-1)!.payload.members).toHaveLength(4);

    const profile = await as(null).organisations.get({ organisationId: suzhouOrg.id });
    expect(profile.alliances).toMatchObject([
      { allianceId: alliance.id, chainRole: "packaging_testing", status: "accepted" },
    ]);
  });
});
