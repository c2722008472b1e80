import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import { accounts, projectCoauthors, regions, type Role } from "@/db/schema";
import type { CreateProjectInput } from "./contract";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  regionIdsByCode,
  type TestAccount,
  type TestServices,
} from "@/server/testing/fixtures";
import { putToVote } from "@/server/testing/ballots";
import { proposalInput, startProject } from "@/server/testing/projects";
import { callFailure } from "@/server/testing/trpc-errors";

let services: TestServices;
let regionId: (code: string) => number;

beforeAll(async () => {
  services = await createTestServices();
  regionId = await regionIdsByCode(services.deps.db);
});
afterAll(async () => {
  await services?.close();
});

const signedOut = () => callerFor(services.deps, null);
const as = (who: TestAccount) => callerFor(services.deps, who.user);
const account = (role: Role = "researcher", regionCode = "shenzhen", displayName?: string) =>
  createTestAccount(services.deps.db, { role, regionCode, displayName });
const proposal = (overrides: Partial<CreateProjectInput> = {}) => proposalInput(regionId, overrides);

/** Shenzhen leads; Dongguan and Hangzhou are partners. */
async function threeRegionDraft(proposer: TestAccount) {
  return as(proposer).projects.create(proposal({ partnerRegionIds: [regionId("dongguan"), regionId("hangzhou")] }));
}

describe(`projects router: co-proposers (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[INVITE] the proposer invites someone from a partner region, who sees the draft and accepts", async () => {
    const proposer = await account();
    const invitee = await account("member", "dongguan", "林东 Lin Dong");
    const { id } = await as(proposer).projects.create(proposal());

    expect(await as(proposer).projects.inviteCoauthor({ projectId: id, accountId: invitee.account.id })).toEqual({
      projectId: id,
      accountId: invitee.account.id,
      regionId: regionId("dongguan"),
      status: "invited",
      page: expect.objectContaining({ id, coauthors: [expect.objectContaining({ status: "invited" })] }),
    });
    expect(await as(invitee).projects.myInvitations()).toMatchObject([
      { projectId: id, status: "draft", proposer: { id: proposer.account.id } },
    ]);
    const seen = await as(invitee).projects.get({ projectId: id });
    expect(seen.viewer).toMatchObject({
      isProposer: false,
      coauthorStatus: "invited",
      canEdit: false,
      allowedActions: [],
    });
    expect(seen.coauthors).toMatchObject([
      {
        account: { id: invitee.account.id, displayName: "林东 Lin Dong" },
        region: { code: "dongguan" },
        status: "invited",
        respondedAt: null,
      },
    ]);
    expect(seen.missingPartnerRegions.map((r) => r.code)).toEqual(["dongguan"]);

    expect(await as(invitee).projects.respondToInvitation({ projectId: id, response: "accept" })).toMatchObject({
      status: "accepted",
    });
    const after = await as(proposer).projects.get({ projectId: id });
    expect(after).toMatchObject({
      missingPartnerRegions: [],
      readyToSubmit: true,
      coauthors: [{ status: "accepted", respondedAt: expect.any(Date) }],
    });
    expect(await as(invitee).projects.myInvitations()).toEqual([]);
    expect((await as(invitee).projects.get({ projectId: id })).viewer).toMatchObject({
      coauthorStatus: "accepted",
      canEdit: true,
      allowedActions: [],
    });
  });

  it("[INVITE] refused: someone outside the partner regions, the proposer, a moderator, an unknown account — each explained", async () => {
    const proposer = await account();
    const { id } = await threeRegionDraft(proposer);
    const invite = (accountId: number) => as(proposer).projects.inviteCoauthor({ projectId: id, accountId });

    const fromQingdao = await callFailure(
      invite((await account("researcher", "qingdao", "Qingdao Researcher")).account.id),
    );
    expect(fromQingdao).toMatchObject({ code: "BAD_REQUEST", reason: "COAUTHOR_NOT_ELIGIBLE" });
    expect(fromQingdao.error.message).toBe(
      "Qingdao Researcher is from Qingdao (青岛), which is not a partner region of this project; co-proposers come from Hangzhou (杭州), Dongguan (东莞)",
    );
    // The lead region is not a partner: its people are not co-proposers.
    expect(await callFailure(invite((await account("researcher", "shenzhen")).account.id))).toMatchObject({
      code: "BAD_REQUEST",
      reason: "COAUTHOR_NOT_ELIGIBLE",
    });
    const self = await callFailure(invite(proposer.account.id));
    expect(self).toMatchObject({ code: "BAD_REQUEST", reason: "COAUTHOR_NOT_ELIGIBLE" });
    expect(self.error.message).toContain("You are the proposer");
    const moderator = await callFailure(invite((await account("moderator", "dongguan")).account.id));
    expect(moderator).toMatchObject({ code: "BAD_REQUEST", reason: "COAUTHOR_NOT_ELIGIBLE" });
    expect(moderator.error.message).toContain("moderator");
    expect(await callFailure(invite(999_999))).toMatchObject({ code: "NOT_FOUND", reason: "ACCOUNT_NOT_FOUND" });
    expect((await as(proposer).projects.get({ projectId: id })).coauthors).toEqual([]);
  });

  it("[INVITE] one open or accepted invitation per person; only the proposer invites, and only before voting", async () => {
    const proposer = await account();
    const { id, coauthors } = await startProject(services.deps, proposer, proposal(), { submit: false });
    const invitee = await account("researcher", "dongguan", "Second Dongguan");

    await as(proposer).projects.inviteCoauthor({ projectId: id, accountId: invitee.account.id });
    const twice = await callFailure(
      as(proposer).projects.inviteCoauthor({ projectId: id, accountId: invitee.account.id }),
    );
    expect(twice).toMatchObject({ code: "CONFLICT", reason: "COAUTHOR_ALREADY_INVITED" });
    expect(twice.error.message).toBe("Second Dongguan has already been invited and has not answered yet");
    const accepted = await callFailure(
      as(proposer).projects.inviteCoauthor({ projectId: id, accountId: coauthors[0]!.account.id }),
    );
    expect(accepted).toMatchObject({ code: "CONFLICT" });
    expect(accepted.error.message).toContain("already a co-proposer");

    const third = await account("researcher", "dongguan");
    const byCoauthor = await callFailure(
      as(coauthors[0]!).projects.inviteCoauthor({ projectId: id, accountId: third.account.id }),
    );
    expect(byCoauthor).toMatchObject({ code: "FORBIDDEN", reason: "PROJECT_FORBIDDEN" });

    await as(proposer).projects.submit({ projectId: id });
    // Submitted projects may still gain co-proposers.
    expect(await as(proposer).projects.inviteCoauthor({ projectId: id, accountId: third.account.id })).toMatchObject({
      status: "invited",
    });
    await putToVote(services.deps, await account("member", "shanghai"), id);
    const late = await callFailure(
      as(proposer).projects.inviteCoauthor({
        projectId: id,
        accountId: (await account("researcher", "dongguan")).account.id,
      }),
    );
    expect(late).toMatchObject({ code: "PRECONDITION_FAILED", reason: "PROJECT_NOT_EDITABLE" });
    expect(late.error.message).toContain("it is voting");
    const lateAnswer = await callFailure(as(third).projects.respondToInvitation({ projectId: id, response: "accept" }));
    expect(lateAnswer).toMatchObject({ code: "PRECONDITION_FAILED", reason: "PROJECT_NOT_EDITABLE" });
  });

  it("[RESPOND] only the invitee answers, once; a declined invitation can be sent again", async () => {
    const proposer = await account();
    const invitee = await account("researcher", "dongguan");
    const { id } = await as(proposer).projects.create(proposal());
    await as(proposer).projects.inviteCoauthor({ projectId: id, accountId: invitee.account.id });

    const byProposer = await callFailure(
      as(proposer).projects.respondToInvitation({ projectId: id, response: "accept" }),
    );
    expect(byProposer).toMatchObject({ code: "NOT_FOUND", reason: "COAUTHOR_INVITATION_NOT_FOUND" });
    expect(byProposer.error.message).toBe("You have not been invited to co-propose this project");
    // A stranger cannot even see the draft.
    const stranger = await account("researcher", "dongguan");
    expect(
      await callFailure(as(stranger).projects.respondToInvitation({ projectId: id, response: "accept" })),
    ).toMatchObject({ code: "NOT_FOUND", reason: "NOT_FOUND" });
    expect(
      await callFailure(signedOut().projects.respondToInvitation({ projectId: id, response: "accept" })),
    ).toMatchObject({ code: "UNAUTHORIZED" });

    expect(await as(invitee).projects.respondToInvitation({ projectId: id, response: "decline" })).toMatchObject({
      status: "declined",
    });
    const again = await callFailure(as(invitee).projects.respondToInvitation({ projectId: id, response: "accept" }));
    expect(again).toMatchObject({ code: "CONFLICT", reason: "COAUTHOR_INVITATION_ANSWERED" });
    expect(again.error.message).toBe("You have already declined this invitation");
    expect(await as(proposer).projects.get({ projectId: id })).toMatchObject({
      missingPartnerRegions: [{ code: "dongguan" }],
      coauthors: [{ status: "declined" }],
    });

    expect(await as(proposer).projects.inviteCoauthor({ projectId: id, accountId: invitee.account.id })).toMatchObject({
      status: "invited",
    });
    expect(await as(invitee).projects.respondToInvitation({ projectId: id, response: "accept" })).toMatchObject({
      status: "accepted",
    });
    expect((await as(proposer).projects.get({ projectId: id })).coauthors).toMatchObject([
      { account: { id: invitee.account.id }, status: "accepted" },
    ]);
  });

  it("[SUBMIT] refused while a partner region lacks an accepted co-proposer, naming it, and the page says the same", async () => {
    const proposer = await account();
    const { id } = await threeRegionDraft(proposer);
    const dongguan = await account("researcher", "dongguan");
    const hangzhou = await account("member", "hangzhou");
    await as(proposer).projects.inviteCoauthor({ projectId: id, accountId: dongguan.account.id });
    await as(proposer).projects.inviteCoauthor({ projectId: id, accountId: hangzhou.account.id });

    const none = await callFailure(as(proposer).projects.submit({ projectId: id }));
    expect(none).toMatchObject({ code: "PRECONDITION_FAILED", httpStatus: 412, reason: "COAUTHORS_MISSING" });
    expect(none.error.message).toBe(
      "Every partner region needs an accepted co-proposer before the project can be submitted; still missing: Hangzhou (杭州), Dongguan (东莞)",
    );

    await as(dongguan).projects.respondToInvitation({ projectId: id, response: "accept" });
    await as(hangzhou).projects.respondToInvitation({ projectId: id, response: "decline" });
    const one = await callFailure(as(proposer).projects.submit({ projectId: id }));
    expect(one.error.message).toMatch(/still missing: Hangzhou \(杭州\)$/);
    const page = await as(proposer).projects.get({ projectId: id });
    expect(page).toMatchObject({
      status: "draft",
      readyToSubmit: false,
      missingPartnerRegions: [{ code: "hangzhou", nameEn: "Hangzhou", nameZh: "杭州" }],
    });

    const hangzhou2 = await account("researcher", "hangzhou");
    await as(proposer).projects.inviteCoauthor({ projectId: id, accountId: hangzhou2.account.id });
    await as(hangzhou2).projects.respondToInvitation({ projectId: id, response: "accept" });
    expect(await as(proposer).projects.submit({ projectId: id })).toMatchObject({ status: "submitted" });

    // The public sees who signed on, not who declined.
    const pub = await signedOut().projects.get({ projectId: id });
    expect(pub.coauthors.map((c) => [c.account.id, c.status])).toEqual([
      [dongguan.account.id, "accepted"],
      [hangzhou2.account.id, "accepted"],
    ]);
    expect(pub.viewer).toEqual({
      isProposer: false,
      coauthorStatus: null,
      canEdit: false,
      canInvite: false,
      allowedActions: [],
    });
  });

  it("[REGIONS] an invitation from a region the proposer has since dropped can no longer be accepted", async () => {
    const proposer = await account();
    const { id } = await threeRegionDraft(proposer);
    const hangzhou = await account("researcher", "hangzhou");
    await as(proposer).projects.inviteCoauthor({ projectId: id, accountId: hangzhou.account.id });
    await as(proposer).projects.update({ projectId: id, partnerRegionIds: [regionId("dongguan")] });

    const refused = await callFailure(as(hangzhou).projects.respondToInvitation({ projectId: id, response: "accept" }));
    expect(refused).toMatchObject({ code: "BAD_REQUEST", reason: "COAUTHOR_NOT_ELIGIBLE" });
    expect(await as(hangzhou).projects.respondToInvitation({ projectId: id, response: "decline" })).toMatchObject({
      status: "declined",
    });
  });

  it("[EDIT] an accepted co-proposer may edit; an invitee who has not accepted, and a stranger, may not", async () => {
    const proposer = await account();
    const { id, coauthors } = await startProject(services.deps, proposer, proposal(), { submit: false });
    const pending = await account("researcher", "dongguan");
    await as(proposer).projects.inviteCoauthor({ projectId: id, accountId: pending.account.id });

    expect(await as(coauthors[0]!).projects.update({ projectId: id, summary: "Rewritten by Dongguan" })).toMatchObject({
      changed: ["summary"],
    });
    expect(await callFailure(as(pending).projects.update({ projectId: id, summary: "Not yet" }))).toMatchObject({
      code: "FORBIDDEN",
      reason: "PROJECT_FORBIDDEN",
    });
    await as(proposer).projects.submit({ projectId: id });
    const stranger = await callFailure(
      as(await account("member", "shanghai")).projects.update({ projectId: id, summary: "Hijack" }),
    );
    expect(stranger).toMatchObject({ code: "FORBIDDEN", reason: "PROJECT_FORBIDDEN" });
    expect(stranger.error.message).toBe("Only the proposer and accepted co-proposers can edit this project");
    expect((await signedOut().projects.get({ projectId: id })).summary).toBe("Rewritten by Dongguan");
  });

  it("[CANDIDATES] the proposer finds people to invite: partner regions only, not yet on board, by name or organisation", async () => {
    const proposer = await account();
    const { id } = await threeRegionDraft(proposer);
    const wang = await createTestAccount(services.deps.db, {
      role: "researcher",
      regionCode: "hangzhou",
      displayName: "王海 Wang Hai",
      organisation: "浙江大学",
    });
    const li = await createTestAccount(services.deps.db, {
      role: "member",
      regionCode: "dongguan",
      displayName: "李莞 Li Guan",
      organisation: "东莞理工学院",
    });
    await createTestAccount(services.deps.db, {
      role: "moderator",
      regionCode: "hangzhou",
      displayName: "王海 Moderator",
    });
    await createTestAccount(services.deps.db, {
      role: "researcher",
      regionCode: "qingdao",
      displayName: "王海 Qingdao",
    });

    const byName = await as(proposer).projects.coauthorCandidates({ projectId: id, q: "王海" });
    expect(byName.map((c) => c.id)).toEqual([wang.account.id]);
    expect(byName[0]).toMatchObject({
      displayName: "王海 Wang Hai",
      organisation: "浙江大学",
      region: { code: "hangzhou" },
    });
    expect(Object.keys(byName[0]!)).not.toContain("email");
    expect((await as(proposer).projects.coauthorCandidates({ projectId: id, q: "理工" })).map((c) => c.id)).toEqual([
      li.account.id,
    ]);

    await as(proposer).projects.inviteCoauthor({ projectId: id, accountId: wang.account.id });
    expect(await as(proposer).projects.coauthorCandidates({ projectId: id, q: "王海" })).toEqual([]);
    const all = await as(proposer).projects.coauthorCandidates({ projectId: id });
    expect(all.every((c) => c.region.code === "dongguan" || c.region.code === "hangzhou")).toBe(true);
    expect(all.map((c) => c.id)).not.toContain(proposer.account.id);
    expect(await callFailure(as(li).projects.coauthorCandidates({ projectId: id }))).toMatchObject({
      code: "NOT_FOUND",
    });
  });
  it("[PAGE] the page's people and regions are the rows themselves: every field, the times as dates, in order", async () => {
    const proposer = await account("researcher", "shenzhen", "Page Proposer");
    const { id } = await threeRegionDraft(proposer);
    const fromHangzhou = await account("member", "hangzhou", "Page Hangzhou");
    const fromDongguan = await account("researcher", "dongguan", "Page Dongguan");
    await as(proposer).projects.inviteCoauthor({ projectId: id, accountId: fromHangzhou.account.id });
    await as(proposer).projects.inviteCoauthor({ projectId: id, accountId: fromDongguan.account.id });
    await as(fromHangzhou).projects.respondToInvitation({ projectId: id, response: "accept" });

    const db = services.deps.db;
    const summary = {
      id: regions.id,
      code: regions.code,
      nameZh: regions.nameZh,
      nameEn: regions.nameEn,
      clusterId: regions.clusterId,
    };
    const regionRows = await db
      .select(summary)
      .from(regions)
      .where(inArray(regions.code, ["shenzhen", "dongguan", "hangzhou"]));
    const region = (code: string) => regionRows.find((row) => row.code === code)!;
    const author = async (who: TestAccount) => {
      const [row] = await db
        .select({
          id: accounts.id,
          displayName: accounts.displayName,
          role: accounts.role,
          organisation: accounts.organisation,
        })
        .from(accounts)
        .where(eq(accounts.id, who.account.id));
      return row!;
    };
    const invitation = async (who: TestAccount) => {
      const [row] = await db
        .select({ invitedAt: projectCoauthors.invitedAt, respondedAt: projectCoauthors.respondedAt })
        .from(projectCoauthors)
        .where(and(eq(projectCoauthors.projectId, id), eq(projectCoauthors.accountId, who.account.id)));
      return row!;
    };

    const page = await as(proposer).projects.get({ projectId: id });
    expect(page.proposer).toEqual({ ...(await author(proposer)), region: region("shenzhen") });
    expect(page.leadRegion).toEqual(region("shenzhen"));
    // Partners in region-id order, as they were read before.
    expect(page.partnerRegions).toEqual([region("dongguan"), region("hangzhou")].sort((a, b) => a.id - b.id));
    // Invitation order; the accepted one carries its answer's time.
    expect(page.coauthors).toEqual([
      {
        account: await author(fromHangzhou),
        region: region("hangzhou"),
        status: "accepted",
        ...(await invitation(fromHangzhou)),
      },
      {
        account: await author(fromDongguan),
        region: region("dongguan"),
        status: "invited",
        ...(await invitation(fromDongguan)),
      },
    ]);
    expect(page.coauthors[0]!.respondedAt).toBeInstanceOf(Date);
    expect(page.coauthors[0]!.invitedAt).toBeInstanceOf(Date);
    expect(page.missingPartnerRegions).toEqual([region("dongguan")]);
  });
});
