import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "@/db/schema";
import { ballotProject, freshRegions, putToVote } from "@/server/testing/ballots";
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

let services: TestServices;
let regionId: (code: string) => number;

beforeAll(async () => {
  services = await createTestServices();
  regionId = await regionIdsByCode(services.deps.db);
});
afterAll(async () => {
  await services?.close();
});

const account = (role: Role = "researcher", regionCode = "qingdao") =>
  createTestAccount(services.deps.db, { role, regionCode });
const as = (who: TestAccount | null) => callerFor(services.deps, who?.user ?? null);
const draftOf = (title: string) =>
  proposalInput(regionId, { title, leadRegionId: regionId("qingdao"), partnerRegionIds: [regionId("yantai")] });

describe(`workbench: my work (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[WORKBENCH] lists my drafts, my open invitations, ballots waiting for my vote and my reports — and nobody else's", async () => {
    const me = await account("member", "qingdao");
    const other = await account("researcher", "qingdao");
    const mine = await as(me).projects.create(draftOf("My own draft"));
    await as(other).projects.create(draftOf("Someone else's draft"));

    // An invitation to co-propose another's draft, from a partner region.
    const yantaiMe = await account("member", "yantai");
    const invitedTo = await as(other).projects.create(draftOf("Draft inviting Yantai"));
    await as(other).projects.inviteCoauthor({ projectId: invitedTo.id, accountId: yantaiMe.account.id });

    const work = await as(me).workbench.myWork();
    expect(work.drafts.map((d) => [d.id, d.isProposer])).toEqual([[mine.id, true]]);
    expect(work.invitations).toEqual([]);
    const invitee = await as(yantaiMe).workbench.myWork();
    expect(invitee.invitations.map((i) => i.projectId)).toEqual([invitedTo.id]);
    expect(invitee.drafts).toEqual([]);

    // Accepting turns the invitation into one of my drafts, as co-proposer.
    await as(yantaiMe).projects.respondToInvitation({ projectId: invitedTo.id, response: "accept" });
    const accepted = await as(yantaiMe).workbench.myWork();
    expect(accepted.invitations).toEqual([]);
    expect(accepted.drafts.map((d) => [d.id, d.isProposer])).toEqual([[invitedTo.id, false]]);

    // A submitted draft leaves the drafts list.
    await as(other).projects.submit({ projectId: invitedTo.id });
    expect((await as(yantaiMe).workbench.myWork()).drafts).toEqual([]);

    // Reports I filed, with how many are still open.
    const { threadId } = await startProject(services.deps, other, draftOf("Reported project"));
    const comment = await as(other).comments.add({ threadId, body: "Buy cheap watches", stance: "support" });
    await as(me).moderation.report({ targetKind: "comment", targetId: comment.id, reason: "spam" });
    const reported = await as(me).workbench.myWork();
    expect(reported.reports.map((r) => [r.targetKind, r.targetId, r.status])).toEqual([
      ["comment", comment.id, "open"],
    ]);
    expect(reported.openReports).toBe(1);
    expect((await as(other).workbench.myWork()).reports).toEqual([]);
  });

  it("[WORKBENCH] a ballot waits for my vote until I vote; voters outside its electorate never see it", async () => {
    const project = await ballotProject(services.deps, { members: [1, 1] });
    const [chair] = project.members[0]!;
    const [voter] = project.members[1]!;
    const ballot = await putToVote(services.deps, chair!, project.projectId);
    const outsider = await account("member", "shanghai");

    expect((await as(voter!).workbench.myWork()).ballotsToVote.map((b) => [b.ballotId, b.projectId])).toEqual([
      [ballot.id, project.projectId],
    ]);
    expect((await as(outsider).workbench.myWork()).ballotsToVote).toEqual([]);

    const planIds = (await as(voter!).ballots.get({ ballotId: ballot.id })).plans.map((p) => p.id);
    await as(voter!).ballots.castVote({
      ballotId: ballot.id,
      choices: planIds.map((planId) => ({ planId, choice: "approve" as const })),
    });
    expect((await as(voter!).workbench.myWork()).ballotsToVote).toEqual([]);
  });

  it("[WORKBENCH] is refused to nobody signed in", async () => {
    expect((await callFailure(as(null).workbench.myWork())).code).toBe("UNAUTHORIZED");
  });
});

describe(`projects: draft filter and partner reach (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[DRAFTS] the draft filter lists my own drafts, every draft to an admin, none to others", async () => {
    const me = await account();
    const stranger = await account();
    const admin = await account("admin", "hangzhou");
    const mine = await as(me).projects.create(draftOf("Findable draft"));
    const theirs = await as(stranger).projects.create(draftOf("Stranger's draft"));
    const ids = async (who: TestAccount) =>
      (await as(who).projects.list({ status: "draft", limit: 50 })).items.map((p) => p.id);

    expect(await ids(me)).toContain(mine.id);
    expect(await ids(me)).not.toContain(theirs.id);
    expect((await as(me).projects.list({ status: "draft", limit: 50 })).items.every((p) => p.status === "draft")).toBe(
      true,
    );
    expect(await ids(admin)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    // Signed out, the draft filter finds nothing rather than failing: a shared link still opens.
    expect((await as(null).projects.list({ status: "draft" })).items).toEqual([]);
    // Without the filter, the public list still has no drafts.
    expect((await as(me).projects.list({ limit: 50 })).items.map((p) => p.id)).not.toContain(mine.id);
  });

  it("[REACH] partner regions where nobody could co-propose are not in regionsWithCoproposers", async () => {
    const [empty, moderatorsOnly, staffed] = await freshRegions(services.deps.db, 3);
    await createTestAccount(services.deps.db, { role: "moderator", regionCode: moderatorsOnly!.code });
    const alone = await createTestAccount(services.deps.db, { role: "researcher", regionCode: staffed!.code });
    const reach = await as(await account()).projects.regionsWithCoproposers();
    expect(reach).toContain(staffed!.id);
    expect(reach).not.toContain(empty!.id);
    expect(reach).not.toContain(moderatorsOnly!.id);
    // Nobody can invite themselves: to the one person there, their own region is out of reach.
    expect(await as(alone).projects.regionsWithCoproposers()).not.toContain(staffed!.id);
    expect((await callFailure(as(await account("moderator")).projects.regionsWithCoproposers())).code).toBe(
      "FORBIDDEN",
    );
  });
});
