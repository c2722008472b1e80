import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEntries, clusters, projects, regions, threads, type Role } from "@/db/schema";
import type { CreateProjectInput } from "./contract";
import { decideProject } from "./project-status";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  describeEvent,
  observeCommitsAndPublishes,
  regionIdsByCode,
  type TestAccount,
  type TestServices,
} from "@/server/testing/fixtures";
import { ballotProject, ballotSettings, makeChair, putToVote } from "@/server/testing/ballots";
import { proposalInput, startProject } from "@/server/testing/projects";
import { callFailure, clientErrorShape } from "@/server/testing/trpc-errors";

let services: TestServices;
let admin: TestAccount;
let regionId: (code: string) => number;

beforeAll(async () => {
  services = await createTestServices();
  admin = await createTestAccount(services.deps.db, { role: "admin", regionCode: "beijing" });
  regionId = await regionIdsByCode(services.deps.db);
});
afterAll(async () => {
  await services?.close();
});

const signedOut = () => callerFor(services.deps, null);
const asAdmin = () => callerFor(services.deps, admin.user);
const as = (who: TestAccount) => callerFor(services.deps, who.user);
const account = (role: Role = "researcher", regionCode = "shenzhen") =>
  createTestAccount(services.deps.db, { role, regionCode });
const proposal = (overrides: Partial<CreateProjectInput> = {}) => proposalInput(regionId, overrides);

describe(`projects router: proposals and their lifecycle (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it.each(["researcher", "member", "admin"] as const)(
    "[CREATE] a %s proposes a draft with its own discussion thread",
    async (role) => {
      const proposer = role === "admin" ? admin : await account(role);
      const created = await as(proposer).projects.create(
        proposal({
          title: "  Chips across the river  ",
          body: "**Bold** <script>alert(1)</script>",
          tags: [" AI ", "ai", "集成电路"],
          recommendations: [4, 2],
        }),
      );

      expect(created).toMatchObject({ status: "draft", version: 1 });
      const project = await as(proposer).projects.get({ projectId: created.id });
      expect(project).toMatchObject({
        id: created.id,
        status: "draft",
        title: "Chips across the river",
        budgetYuan: 120_000_000,
        durationMonths: 36,
        tags: ["ai", "集成电路"],
        version: 1,
        commentCount: 0,
        threadId: created.threadId,
        submittedAt: null,
        proposer: { id: proposer.account.id, role },
        leadRegion: { code: "shenzhen" },
        partnerRegions: [{ code: "dongguan" }],
        missingPartnerRegions: [{ code: "dongguan" }],
        readyToSubmit: false,
        commentsOpen: false,
        coauthors: [],
        viewer: {
          isProposer: true,
          coauthorStatus: null,
          canEdit: true,
          canInvite: true,
          allowedActions: ["submit", "withdraw"],
        },
      });
      expect(project.recommendations.map((r) => r.number)).toEqual([2, 4]);
      expect(project.bodyHtml).toContain("<strong>Bold</strong>");
      expect(project.bodyHtml).not.toContain("<script");
      expect(Object.keys(project.proposer ?? {})).not.toContain("email");
      const [thread] = await services.deps.db.select().from(threads).where(eq(threads.id, created.threadId));
      expect(thread).toMatchObject({ ownerKind: "project", stream: `project:${created.id}` });
    },
  );

  it("[ROLES] a moderator may not propose, and a signed-out visitor must sign in", async () => {
    const moderator = await account("moderator");
    expect(await callFailure(as(moderator).projects.create(proposal({ title: "Not allowed" })))).toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await callFailure(signedOut().projects.create(proposal({ title: "Not allowed" })))).toMatchObject({
      code: "UNAUTHORIZED",
    });
    expect(await services.deps.db.select().from(projects).where(eq(projects.title, "Not allowed"))).toEqual([]);
  });

  describe("[INPUT] a malformed proposal is BAD_REQUEST naming the broken rule, and nothing is stored", () => {
    const cases: ReadonlyArray<[string, () => Partial<CreateProjectInput>, string, string]> = [
      ["one region only", () => ({ partnerRegionIds: [] }), "partnerRegionIds", "at least two distinct regions"],
      [
        "the lead again as partner",
        () => ({ partnerRegionIds: [regionId("shenzhen")] }),
        "partnerRegionIds",
        "lead region cannot also be a partner",
      ],
      [
        "a partner twice",
        () => ({ partnerRegionIds: [regionId("dongguan"), regionId("dongguan")] }),
        "partnerRegionIds",
        "only once",
      ],
      ["a budget of 0", () => ({ budgetYuan: 0 }), "budgetYuan", "The budget must be a positive whole number of yuan"],
      ["a negative budget", () => ({ budgetYuan: -5 }), "budgetYuan", "positive whole number"],
      ["a fractional budget", () => ({ budgetYuan: 10.5 }), "budgetYuan", "positive whole number"],
      [
        "a budget over ¥1 trillion",
        () => ({ budgetYuan: 1_000_000_000_001 }),
        "budgetYuan",
        "at most ¥1,000,000,000,000",
      ],
      ["0 months", () => ({ durationMonths: 0 }), "durationMonths", "from 1 to 120"],
      ["121 months", () => ({ durationMonths: 121 }), "durationMonths", "from 1 to 120"],
      ["no recommendation", () => ({ recommendations: [] }), "recommendations", "at least one recommendation"],
      ["recommendation 6", () => ({ recommendations: [6] }), "recommendations", "numbered 1 to 5"],
      ["a recommendation twice", () => ({ recommendations: [1, 1] }), "recommendations", "only once"],
      ["eleven tags", () => ({ tags: Array.from({ length: 11 }, (_, i) => `tag${i}`) }), "tags", "at most 10 tags"],
      ["a blank title", () => ({ title: "   " }), "title", "Title cannot be empty"],
      ["a blank body", () => ({ body: "\n\n" }), "body", "Body cannot be empty"],
    ];
    it.each(cases)("%s", async (_label, overrides, field, message) => {
      const proposer = await account();
      const input = proposal({ title: `Refused ${field}`, ...overrides() });

      const failure = await callFailure(as(proposer).projects.create(input));

      expect(failure).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400 });
      const shape = clientErrorShape(failure.error, "projects.create", "mutation", input);
      expect(failure.error.message).toContain(message);
      expect(shape.message).toMatch(/[\u4e00-\u9fff]/);
      expect(shape.data.fieldErrors?.map((e) => e.field)).toContain(field);
      expect(
        await services.deps.db.select().from(projects).where(eq(projects.proposerId, proposer.account.id)),
      ).toEqual([]);
    });
  });

  it("[INPUT] an unknown region is NOT_FOUND and a retired one BAD_REQUEST, each named", async () => {
    const proposer = await account();
    const unknown = await callFailure(as(proposer).projects.create(proposal({ partnerRegionIds: [999_999] })));
    expect(unknown).toMatchObject({ code: "NOT_FOUND", reason: "REGION_NOT_FOUND" });
    expect(unknown.error.message).toContain("999999");

    const [cluster] = await services.deps.db.select().from(clusters).limit(1);
    const [retired] = await services.deps.db
      .insert(regions)
      .values({ code: "old-town", clusterId: cluster!.id, nameZh: "旧城", nameEn: "Old Town", retiredAt: new Date() })
      .returning();
    const refused = await callFailure(as(proposer).projects.create(proposal({ partnerRegionIds: [retired!.id] })));
    expect(refused).toMatchObject({ code: "BAD_REQUEST", reason: "REGION_RETIRED" });
    expect(refused.error.message).toContain("Old Town (旧城)");
    expect(await services.deps.db.select().from(projects).where(eq(projects.proposerId, proposer.account.id))).toEqual(
      [],
    );
  });

  it("[BUDGET] ¥1 trillion, past 2^31, is stored and read back exactly", async () => {
    const proposer = await account();
    const { id } = await startProject(services.deps, proposer, proposal({ budgetYuan: 1_000_000_000_000 }));
    expect((await signedOut().projects.get({ projectId: id })).budgetYuan).toBe(1_000_000_000_000);
    const page = await signedOut().projects.list({ sort: "budget", limit: 1 });
    expect(page.items[0]).toMatchObject({ id, budgetYuan: 1_000_000_000_000 });
  });

  it("[DRAFT] a draft is seen only by its proposer, its invitees and admins; others get NOT_FOUND", async () => {
    const proposer = await account();
    const invitee = await account("researcher", "dongguan");
    const { id } = await as(proposer).projects.create(proposal());
    await as(proposer).projects.inviteCoauthor({ projectId: id, accountId: invitee.account.id });

    for (const who of [proposer, invitee, admin])
      expect(await as(who).projects.get({ projectId: id })).toMatchObject({ id, status: "draft" });
    for (const caller of [
      signedOut(),
      as(await account("member", "shanghai")),
      as(await account("researcher", "dongguan")),
    ]) {
      expect(await callFailure(caller.projects.get({ projectId: id }))).toMatchObject({ code: "NOT_FOUND" });
      expect(await callFailure(caller.projects.versions({ projectId: id }))).toMatchObject({ code: "NOT_FOUND" });
    }
    // Acting on a draft one cannot see is NOT_FOUND too, so its existence does not leak.
    expect(await callFailure(as(await account("member", "shanghai")).ballots.open(ballotSettings(id)))).toMatchObject({
      code: "NOT_FOUND",
    });

    expect((await signedOut().projects.list({ limit: 50 })).items.map((p) => p.id)).not.toContain(id);
    expect((await as(proposer).projects.list({ mine: true })).items.map((p) => p.id)).toEqual([id]);
    expect((await as(invitee).projects.list({ mine: true })).items.map((p) => p.id)).toEqual([id]);
    // The draft filter lists the drafts one may open: an admin's lists every draft, a stranger's none of this one.
    expect((await as(admin).projects.list({ status: "draft", limit: 50 })).items.map((p) => p.id)).toContain(id);
    expect(
      (await as(await account("member", "shanghai")).projects.list({ status: "draft", limit: 50 })).items.map(
        (p) => p.id,
      ),
    ).not.toContain(id);
    expect(await callFailure(signedOut().projects.list({ mine: true }))).toMatchObject({
      code: "UNAUTHORIZED",
      reason: "NOT_SIGNED_IN",
    });
  });

  it("[LIFECYCLE] submit by the proposer, voting opened by a member (audited), decided by the ballot, archived by an admin", async () => {
    const proposer = await account();
    const member = await account("member", "shanghai");
    const { id, coauthors } = await startProject(services.deps, proposer, proposal(), { submit: false });

    const byCoauthor = await callFailure(as(coauthors[0]!).projects.submit({ projectId: id }));
    expect(byCoauthor).toMatchObject({ code: "FORBIDDEN", reason: "TRANSITION_NOT_PERMITTED" });
    expect(byCoauthor.error.message).toBe("Only the proposer can submit this project");
    expect(await as(proposer).projects.submit({ projectId: id })).toMatchObject({ id, status: "submitted" });
    expect((await signedOut().projects.get({ projectId: id })).submittedAt).toBeInstanceOf(Date);

    expect(await callFailure(as(proposer).ballots.open(ballotSettings(id)))).toMatchObject({
      code: "FORBIDDEN",
      reason: "ROLE_REQUIRED",
    });
    expect(await callFailure(as(await account("moderator")).ballots.open(ballotSettings(id)))).toMatchObject({
      code: "FORBIDDEN",
    });
    await putToVote(services.deps, member, id);
    expect((await signedOut().projects.get({ projectId: id })).status).toBe("voting");
    const audit = await services.deps.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.action, "project.open-voting"), eq(auditEntries.targetId, String(id))));
    expect(audit).toMatchObject([
      {
        actorId: member.account.id,
        targetType: "project",
        before: { status: "submitted" },
        after: { status: "voting" },
      },
    ]);

    const again = await callFailure(as(proposer).projects.submit({ projectId: id }));
    expect(again).toMatchObject({ code: "PRECONDITION_FAILED", httpStatus: 412, reason: "INVALID_TRANSITION" });
    expect(again.error.message).toContain('status "voting"');
    expect(await callFailure(as(proposer).projects.withdraw({ projectId: id }))).toMatchObject({
      code: "PRECONDITION_FAILED",
      reason: "INVALID_TRANSITION",
    });
    expect(await callFailure(asAdmin().projects.archive({ projectId: id }))).toMatchObject({
      code: "PRECONDITION_FAILED",
    });

    expect(await decideProject(services.deps, id, "approve")).toMatchObject({ status: "approved" });
    expect(await callFailure(as(member).projects.archive({ projectId: id }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await asAdmin().projects.archive({ projectId: id })).toMatchObject({ status: "archived" });
    expect(
      await services.deps.db
        .select()
        .from(auditEntries)
        .where(and(eq(auditEntries.action, "project.archive"), eq(auditEntries.targetId, String(id)))),
    ).toHaveLength(1);
    expect((await signedOut().projects.get({ projectId: id })).status).toBe("archived");
  });

  it("[LIFECYCLE] an admin opening voting on a draft is told the project is still a draft", async () => {
    const { id } = await as(await account()).projects.create(proposal());
    const failure = await callFailure(asAdmin().ballots.open(ballotSettings(id)));
    expect(failure).toMatchObject({ code: "PRECONDITION_FAILED", reason: "INVALID_TRANSITION" });
    expect(failure.error.message).toBe(
      'This project cannot be put to a vote: it is still a draft (status "draft"), and only submitted projects can be put to a vote',
    );
  });

  it("[WITHDRAW] the proposer withdraws a submitted project: it stays listed as withdrawn and its discussion closes", async () => {
    const proposer = await account();
    const { id, threadId, coauthors } = await startProject(services.deps, proposer, proposal());
    await as(coauthors[0]!).comments.add({ threadId, body: "Before withdrawal", stance: "support" });

    expect(await callFailure(as(coauthors[0]!).projects.withdraw({ projectId: id }))).toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await as(proposer).projects.withdraw({ projectId: id })).toMatchObject({ status: "withdrawn" });

    expect((await signedOut().projects.list({ status: "withdrawn", limit: 50 })).items.map((p) => p.id)).toContain(id);
    const refused = await callFailure(as(coauthors[0]!).comments.add({ threadId, body: "After", stance: "concern" }));
    expect(refused).toMatchObject({ code: "PRECONDITION_FAILED", reason: "THREAD_CLOSED" });
    expect(refused.error.message).toContain("this project is withdrawn");
    expect((await signedOut().comments.list({ threadId })).items).toHaveLength(1);
    expect(await callFailure(as(proposer).projects.submit({ projectId: id }))).toMatchObject({
      code: "PRECONDITION_FAILED",
    });
  });

  it("[COMMENTS] a submitted project is discussed with the forum comment capability; a draft's thread is closed", async () => {
    const proposer = await account();
    const reader = await account("member", "qingdao");
    const { id, threadId } = await startProject(services.deps, proposer, proposal({ recommendations: [2] }));
    const draft = await as(proposer).projects.create(proposal());

    const added = await as(reader).comments.add({ threadId, body: "Who owns the **line**?", stance: "question" });
    await as(proposer).comments.add({
      threadId,
      parentId: added.id,
      body: "Both cities, in shares",
      stance: "support",
    });
    await as(reader).comments.react({ commentId: added.id, kind: "agree" });

    const listed = await signedOut().comments.list({ threadId });
    expect(listed.items.map((c) => [c.stance, c.depth])).toEqual([
      ["question", 0],
      ["support", 1],
    ]);
    expect(listed.items[0]?.reactions.agree).toBe(1);
    expect((await signedOut().projects.get({ projectId: id })).commentCount).toBe(2);
    expect((await signedOut().projects.get({ projectId: id })).commentsOpen).toBe(true);

    const closed = await callFailure(
      as(reader).comments.add({ threadId: draft.threadId, body: "Too early", stance: "support" }),
    );
    expect(closed).toMatchObject({ code: "PRECONDITION_FAILED", reason: "THREAD_CLOSED" });
    expect(closed.error.message).toContain("still a draft");
  });

  it("[LIVE] proposals, status changes, co-authors and edits are published after commit on their streams", async () => {
    const { deps, timeline } = observeCommitsAndPublishes(services.deps);
    const proposer = await account();
    const coauthor = await account("researcher", "dongguan");
    const caller = callerFor(deps, proposer.user);

    const { id } = await caller.projects.create(proposal());
    await caller.projects.inviteCoauthor({ projectId: id, accountId: coauthor.account.id });
    await callerFor(deps, coauthor.user).projects.respondToInvitation({ projectId: id, response: "accept" });
    await caller.projects.submit({ projectId: id });
    await caller.projects.update({ projectId: id, budgetYuan: 99_000_000 });
    const refused = await callFailure(caller.ballots.open(ballotSettings(id)));
    expect(refused.code).toBe("FORBIDDEN");
    await callFailure(callerFor(deps, admin.user).projects.archive({ projectId: id }));

    const stream = `project:${id}`;
    const published = (entry: string) => entry.replace(/#\d+/g, "");
    // Each action's answer reads the page after its commit ("read"), before or after its publish.
    expect(timeline.filter((entry) => entry !== "read").map(published)).toEqual([
      "commit",
      `publish user:${proposer.account.id} project:created`,
      "commit",
      `publish ${stream} coauthor:invited, user:${coauthor.account.id} coauthor:invited, user:${coauthor.account.id} notification:created`,
      "commit",
      `publish ${stream} coauthor:responded, user:${proposer.account.id} coauthor:responded, user:${proposer.account.id} notification:created`,
      "commit",
      // The co-proposer is told of the submission; the proposer, who submitted, is not.
      `publish projects project:status-changed, ${stream} project:status-changed, user:${coauthor.account.id} notification:created`,
      "commit",
      `publish ${stream} project:updated`,
      // The admin's refused archive rolled back and published nothing.
      "rollback",
    ]);
    const events = services.deps.publisher.published.filter((e) => e.stream === stream);
    expect(events.map(describeEvent)).toEqual([
      `${stream}#1 coauthor:invited`,
      `${stream}#2 coauthor:responded`,
      `${stream}#3 project:status-changed`,
      `${stream}#4 project:updated`,
    ]);
    // The status and the edit carry the state the page reads next (a signed-out reader's, as anyone's).
    const page = await signedOut().projects.get({ projectId: id });
    expect(events.map((e) => e.payload)).toEqual([
      { projectId: id, accountId: coauthor.account.id, regionId: regionId("dongguan") },
      { projectId: id, accountId: coauthor.account.id, status: "accepted" },
      {
        projectId: id,
        from: "draft",
        to: "submitted",
        at: page.statusChangedAt.toISOString(),
        submittedAt: page.submittedAt!.toISOString(),
      },
      {
        projectId: id,
        version: 2,
        fields: ["budgetYuan"],
        project: {
          version: page.version,
          title: page.title,
          summary: page.summary,
          bodyHtml: page.bodyHtml,
          expectedOutcomes: page.expectedOutcomes,
          budgetYuan: 99_000_000,
          durationMonths: page.durationMonths,
          tags: page.tags,
          editedAt: page.editedAt.toISOString(),
          updatedAt: page.updatedAt.toISOString(),
          leadRegion: page.leadRegion,
          partnerRegions: page.partnerRegions,
          recommendations: page.recommendations,
        },
      },
    ]);
    expect(page.budgetYuan).toBe(99_000_000);
    const listEvents = services.deps.publisher.published.filter(
      (e) => e.stream === "projects" && (e.payload as { projectId: number }).projectId === id,
    );
    // The public list never hears of the draft, only of its submission.
    expect(listEvents.map((e) => [e.type, e.payload])).toEqual([
      [
        "project:status-changed",
        {
          projectId: id,
          from: "draft",
          to: "submitted",
          at: page.statusChangedAt.toISOString(),
          submittedAt: page.submittedAt!.toISOString(),
        },
      ],
    ]);
  });

  it("[LIVE] an edit of a hidden project tells its stream only that it changed: the text stays with its authors", async () => {
    const proposer = await account();
    const moderator = await account("moderator", "beijing");
    const { id } = await startProject(services.deps, proposer, proposal());
    await as(moderator).moderation.hide({ targetKind: "project", targetId: id, reason: "Under review" });
    const from = services.deps.publisher.published.length;
    await as(proposer).projects.update({ projectId: id, title: "A quieter title" });
    const edit = services.deps.publisher.published
      .slice(from)
      .find((e) => e.stream === `project:${id}` && e.type === "project:updated");
    expect(edit?.payload).toEqual({ projectId: id, version: 2, fields: ["title"], project: null });
    expect(JSON.stringify(edit?.payload)).not.toContain("quieter");
    expect((await signedOut().projects.get({ projectId: id })).title).toBe("");
    expect((await as(proposer).projects.get({ projectId: id })).title).toBe("A quieter title");
  });

  it("[CONCURRENCY] two submits at once: one succeeds, the other is told the project is already submitted", async () => {
    const proposer = await account();
    const { id } = await startProject(services.deps, proposer, proposal(), { submit: false });
    const results = await Promise.allSettled([
      as(proposer).projects.submit({ projectId: id }),
      as(proposer).projects.submit({ projectId: id }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected");
    expect(await callFailure(Promise.reject(rejected?.reason))).toMatchObject({
      code: "PRECONDITION_FAILED",
      reason: "INVALID_TRANSITION",
    });
  });
});

/*
 * The project page's own actions answer with the page as their actor now sees it, which the page sets
 * instead of reading again: it must be exactly what projects.get then returns to that reader, stream
 * head included, so no event is skipped or applied twice.
 */
describe(`projects router: actions answer with the actor's page (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[PAGE] inviting, accepting, submitting and withdrawing each answer with the page as projects.get reads it", async () => {
    const proposer = await account();
    const invitee = await account("researcher", "dongguan");
    const { id } = await as(proposer).projects.create(proposal());

    const invited = await as(proposer).projects.inviteCoauthor({ projectId: id, accountId: invitee.account.id });
    expect(invited.page).toMatchObject({ coauthors: [{ account: { id: invitee.account.id }, status: "invited" }] });
    expect(invited.page).toEqual(await as(proposer).projects.get({ projectId: id }));

    const accepted = await as(invitee).projects.respondToInvitation({ projectId: id, response: "accept" });
    expect(accepted.page).toMatchObject({ viewer: { coauthorStatus: "accepted" }, missingPartnerRegions: [] });
    expect(accepted.page).toEqual(await as(invitee).projects.get({ projectId: id }));
    const beforeSubmit = await as(proposer).projects.get({ projectId: id });

    const submitted = await as(proposer).projects.submit({ projectId: id });
    expect(submitted.page).toMatchObject({
      status: "submitted",
      commentsOpen: true,
      viewer: { allowedActions: ["withdraw"] },
    });
    expect(submitted.page!.headSeq).toBeGreaterThan(beforeSubmit.headSeq);
    expect(submitted.page).toEqual(await as(proposer).projects.get({ projectId: id }));

    const withdrawn = await as(proposer).projects.withdraw({ projectId: id });
    expect(withdrawn.page).toMatchObject({ status: "withdrawn", viewer: { allowedActions: [] } });
    expect(withdrawn.page).toEqual(await as(proposer).projects.get({ projectId: id }));
  });

  it("[PAGE] an admin's archive answers with the admin's page", async () => {
    const proposer = await account();
    const { id } = await startProject(services.deps, proposer, proposal());
    await putToVote(services.deps, admin, id);
    await decideProject(services.deps, id, "reject");
    const archived = await asAdmin().projects.archive({ projectId: id });
    expect(archived.page).toMatchObject({ status: "archived" });
    expect(archived.page).toEqual(await asAdmin().projects.get({ projectId: id }));
  });

  it("[PAGE] an invitee who declines a draft they may no longer see gets no page, and the decline stands", async () => {
    const proposer = await account();
    const invitee = await account("researcher", "dongguan");
    const { id } = await as(proposer).projects.create(proposal());
    await as(proposer).projects.inviteCoauthor({ projectId: id, accountId: invitee.account.id });

    const declined = await as(invitee).projects.respondToInvitation({ projectId: id, response: "decline" });
    expect(declined.status).toBe("declined");
    const read = as(invitee).projects.get({ projectId: id });
    // Whatever the rule for a declined invitee, the answer agrees with the page's own read.
    const failure = await callFailure(read).catch(() => null);
    if (failure) {
      expect(failure).toMatchObject({ code: "NOT_FOUND" });
      expect(declined.page).toBeNull();
    } else expect(declined.page).toEqual(await as(invitee).projects.get({ projectId: id }));
    const proposerView = await as(proposer).projects.get({ projectId: id });
    expect(proposerView.coauthors).toMatchObject([{ account: { id: invitee.account.id }, status: "declined" }]);
  });

  it("[PAGE] a refused action changes nothing and answers no page", async () => {
    const proposer = await account();
    const { id } = await as(proposer).projects.create(proposal());
    const before = await as(proposer).projects.get({ projectId: id });
    // Not ready: the partner region has no co-proposer yet.
    expect(await callFailure(as(proposer).projects.submit({ projectId: id }))).toMatchObject({
      code: expect.any(String),
    });
    expect(await as(proposer).projects.get({ projectId: id })).toEqual(before);
  });

  it("[PAGE] opening the vote answers with the chair's page in voting; a proposed plan answers with its listed row", async () => {
    const setup = await ballotProject(services.deps, { members: [1, 1], plans: 0 });
    const chair = await makeChair(services.deps.db, setup.members[0]![0]!);
    const proposed = await as(setup.proposer).ballots.plans.propose({
      projectId: setup.projectId,
      shares: setup.regions.map((r) => ({ regionId: r.id, costBp: 5000, benefitBp: 5000 })),
      rationale: "Halves",
    });
    const [listed] = await as(setup.proposer).ballots.plans.list({ projectId: setup.projectId });
    expect(listed!.id).toBe(proposed.id);
    expect(proposed.plan).toEqual({ ...listed, createdAt: listed!.createdAt.toISOString() });

    const opened = await as(chair).ballots.open(ballotSettings(setup.projectId));
    expect(opened.page).toMatchObject({ id: setup.projectId, status: "voting" });
    expect(opened.page).toEqual(await as(chair).projects.get({ projectId: setup.projectId }));
  });
});
