import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectVersions, type Role } from "@/db/schema";
import type { CreateProjectInput } from "./contract";
import { editLimits } from "@/server/infra/rate-limit";
import {
  callerFor,
  createFrozenClock,
  createTestAccount,
  createTestServices,
  observeCommitsAndPublishes,
  regionIdsByCode,
  type TestAccount,
  type TestServices,
} from "@/server/testing/fixtures";
import { putToVote } from "@/server/testing/ballots";
import { proposalInput, startProject } from "@/server/testing/projects";
import { callFailure, clientErrorShape } from "@/server/testing/trpc-errors";

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
const account = (role: Role = "researcher", regionCode = "qingdao") =>
  createTestAccount(services.deps.db, { role, regionCode });
const proposal = (overrides: Partial<CreateProjectInput> = {}) =>
  proposalInput(regionId, {
    title: "Qingdao–Yantai marine equipment",
    body: "Qingdao runs the sea trials.\nYantai builds the buoys.\nBoth share the data.",
    leadRegionId: regionId("qingdao"),
    partnerRegionIds: [regionId("yantai")],
    recommendations: [3],
    tags: ["marine science"],
    budgetYuan: 80_000_000,
    ...overrides,
  });

describe(`projects router: edits and versions (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[VERSIONS] a draft is overwritten; after submission each edit keeps the version it replaces", async () => {
    const clock = createFrozenClock(new Date("2026-03-01T08:00:00Z"));
    const deps = { ...services.deps, now: clock.now };
    const proposer = await account();
    const { id, coauthors } = await startProject(deps, proposer, proposal(), { submit: false });
    const asProposer = callerFor(deps, proposer.user);

    await asProposer.projects.update({ projectId: id, title: "Qingdao–Yantai marine equipment alliance" });
    expect(
      await signedOut()
        .projects.versions({ projectId: id })
        .catch(() => "hidden"),
    ).toBe("hidden");
    expect((await asProposer.projects.versions({ projectId: id })).map((v) => [v.version, v.current])).toEqual([
      [1, true],
    ]);

    await asProposer.projects.submit({ projectId: id });
    clock.advanceHours(1);
    const second = await asProposer.projects.update({
      projectId: id,
      expectedVersion: 1,
      body: "Qingdao runs the sea trials.\nYantai builds the buoys and sensors.\nBoth share the data.",
    });
    expect(second).toEqual({ id, version: 2, changed: ["body"] });
    clock.advanceHours(1);
    const third = await callerFor(deps, coauthors[0]!.user).projects.update({
      projectId: id,
      expectedVersion: 2,
      budgetYuan: 95_000_000,
      tags: ["Marine Science", "Robotics"],
    });
    expect(third).toEqual({ id, version: 3, changed: ["budgetYuan", "tags"] });

    const versions = await signedOut().projects.versions({ projectId: id });
    expect(
      versions.map((v) => ({
        version: v.version,
        current: v.current,
        editor: v.editedBy?.id,
        writtenAt: v.writtenAt.toISOString(),
      })),
    ).toEqual([
      { version: 3, current: true, editor: coauthors[0]!.account.id, writtenAt: "2026-03-01T10:00:00.000Z" },
      { version: 2, current: false, editor: proposer.account.id, writtenAt: "2026-03-01T09:00:00.000Z" },
      { version: 1, current: false, editor: proposer.account.id, writtenAt: "2026-03-01T08:00:00.000Z" },
    ]);
    expect(versions[0]?.title).toBe("Qingdao–Yantai marine equipment alliance");
    const stored = await services.deps.db.select().from(projectVersions).where(eq(projectVersions.projectId, id));
    expect(stored.map((v) => [v.version, v.budgetYuan, v.tags])).toEqual([
      [1, 80_000_000, ["marine science"]],
      [2, 80_000_000, ["marine science"]],
    ]);
    expect(stored[0]?.body).toBe("Qingdao runs the sea trials.\nYantai builds the buoys.\nBoth share the data.");
    expect((await signedOut().projects.get({ projectId: id })).version).toBe(3);
  });

  it("[DIFF] the diff between two versions names each changed field with before and after, either way round", async () => {
    const proposer = await account();
    const { id } = await startProject(services.deps, proposer, proposal());
    await as(proposer).projects.update({
      projectId: id,
      body: "Qingdao runs the sea trials.\nYantai builds the buoys and sensors.\nBoth share the data.",
      durationMonths: 48,
    });
    await as(proposer).projects.update({ projectId: id, budgetYuan: 95_000_000, recommendations: [3, 1] });

    const diff = await signedOut().projects.diff({ projectId: id, from: 1, to: 3 });
    expect(diff.changes.map((c) => c.field)).toEqual(["body", "budgetYuan", "durationMonths", "recommendations"]);
    expect(diff.changes).toContainEqual({ field: "budgetYuan", before: 80_000_000, after: 95_000_000, lines: null });
    expect(diff.changes).toContainEqual({ field: "durationMonths", before: 36, after: 48, lines: null });
    expect(diff.changes).toContainEqual({ field: "recommendations", before: [3], after: [1, 3], lines: null });
    const body = diff.changes.find((c) => c.field === "body");
    expect(body?.lines).toEqual([
      { op: "same", text: "Qingdao runs the sea trials." },
      { op: "removed", text: "Yantai builds the buoys." },
      { op: "added", text: "Yantai builds the buoys and sensors." },
      { op: "same", text: "Both share the data." },
    ]);
    expect(diff.unchanged).toEqual([
      "title",
      "summary",
      "expectedOutcomes",
      "tags",
      "leadRegionId",
      "partnerRegionIds",
    ]);
    expect(diff.regions.map((r) => r.code).sort()).toEqual(["qingdao", "yantai"]);
    expect(diff.from).toMatchObject({ version: 1, editedById: proposer.account.id });

    const back = await signedOut().projects.diff({ projectId: id, from: 3, to: 1 });
    expect(back.changes).toContainEqual({ field: "budgetYuan", before: 95_000_000, after: 80_000_000, lines: null });
    expect((await signedOut().projects.diff({ projectId: id, from: 2, to: 3 })).changes.map((c) => c.field)).toEqual([
      "budgetYuan",
      "recommendations",
    ]);
    expect((await signedOut().projects.diff({ projectId: id, from: 2, to: 2 })).changes).toEqual([]);

    const missing = await callFailure(signedOut().projects.diff({ projectId: id, from: 1, to: 7 }));
    expect(missing).toMatchObject({ code: "NOT_FOUND" });
    expect(missing.error.message).toBe("This project has no version 7; its versions are 1 to 3");
  });

  it("[EDIT] an edit that changes nothing stores no version and tells no one", async () => {
    const proposer = await account();
    const { id } = await startProject(services.deps, proposer, proposal());
    const { deps, timeline } = observeCommitsAndPublishes(services.deps);
    const publishedBefore = services.deps.publisher.published.length;

    const result = await callerFor(deps, proposer.user).projects.update({
      projectId: id,
      title: "  Qingdao–Yantai marine equipment ",
      tags: ["MARINE SCIENCE"],
      recommendations: [3],
    });

    expect(result).toEqual({ id, version: 1, changed: [] });
    expect(timeline[0]).toBe("commit");
    expect(services.deps.publisher.published.length).toBe(publishedBefore);
    expect(await signedOut().projects.versions({ projectId: id })).toHaveLength(1);
  });

  it("[EDIT] regions may change in a draft but are fixed once submitted; recommendations may still change", async () => {
    const proposer = await account();
    const draft = await as(proposer).projects.create(proposal());
    expect(
      await as(proposer).projects.update({
        projectId: draft.id,
        partnerRegionIds: [regionId("yantai"), regionId("tianjin")],
      }),
    ).toMatchObject({ version: 1, changed: ["partnerRegionIds"] });
    expect((await as(proposer).projects.get({ projectId: draft.id })).partnerRegions.map((r) => r.code)).toEqual([
      "tianjin",
      "yantai",
    ]);
    expect(
      await as(proposer).projects.update({ projectId: draft.id, leadRegionId: regionId("qingdao") }),
    ).toMatchObject({ changed: [] });

    const { id } = await startProject(services.deps, proposer, proposal());
    const fixed = await callFailure(
      as(proposer).projects.update({ projectId: id, partnerRegionIds: [regionId("yantai"), regionId("tianjin")] }),
    );
    expect(fixed).toMatchObject({ code: "PRECONDITION_FAILED", reason: "PROJECT_REGIONS_FIXED" });
    expect(fixed.error.message).toContain("withdraw it and propose again");
    expect(
      await callFailure(as(proposer).projects.update({ projectId: id, leadRegionId: regionId("beijing") })),
    ).toMatchObject({ reason: "PROJECT_REGIONS_FIXED" });
    expect(await as(proposer).projects.update({ projectId: id, recommendations: [3, 5] })).toMatchObject({
      version: 2,
      changed: ["recommendations"],
    });
    expect((await signedOut().projects.get({ projectId: id })).recommendations.map((r) => r.number)).toEqual([3, 5]);
  });

  it("[EDIT] the merged proposal must still be well formed", async () => {
    const proposer = await account();
    const { id } = await as(proposer).projects.create(proposal());

    const leadAsPartner = await callFailure(
      as(proposer).projects.update({ projectId: id, partnerRegionIds: [regionId("qingdao")] }),
    );
    expect(leadAsPartner).toMatchObject({ code: "BAD_REQUEST", reason: "INVALID_PROPOSAL" });
    expect(leadAsPartner.error.message).toContain("lead region cannot also be a partner");
    const input = { projectId: id, budgetYuan: 0 };
    const zero = await callFailure(as(proposer).projects.update(input));
    expect(zero).toMatchObject({ code: "BAD_REQUEST" });
    const zeroShape = clientErrorShape(zero.error, "projects.update", "mutation", input);
    expect(zeroShape.message).toBe("预算必须是正整数（元），最多 ¥1,000,000,000,000。");
    expect(zeroShape.data.fieldErrors?.map((issue) => issue.field)).toEqual(["budgetYuan"]);
    expect(
      await callFailure(as(proposer).projects.update({ projectId: id, partnerRegionIds: [999_999] })),
    ).toMatchObject({ code: "NOT_FOUND", reason: "REGION_NOT_FOUND" });
    expect((await as(proposer).projects.get({ projectId: id })).partnerRegions.map((r) => r.code)).toEqual(["yantai"]);
  });

  it("[EDIT] a stale expectedVersion is CONFLICT, and edits stop once voting opens", async () => {
    const proposer = await account();
    const { id } = await startProject(services.deps, proposer, proposal());
    await as(proposer).projects.update({ projectId: id, expectedVersion: 1, summary: "Second summary" });

    const stale = await callFailure(
      as(proposer).projects.update({ projectId: id, expectedVersion: 1, summary: "Lost update" }),
    );
    expect(stale).toMatchObject({ code: "CONFLICT", reason: "PROJECT_VERSION_CONFLICT" });
    expect(stale.error.message).toContain("version 2");

    await putToVote(services.deps, await account("admin", "beijing"), id);
    const late = await callFailure(as(proposer).projects.update({ projectId: id, summary: "Too late" }));
    expect(late).toMatchObject({ code: "PRECONDITION_FAILED", reason: "PROJECT_NOT_EDITABLE" });
    expect(late.error.message).toBe("This project is voting; it can be edited only while it is a draft or submitted");
    expect((await signedOut().projects.get({ projectId: id })).summary).toBe("Second summary");
  });

  it("[CONCURRENCY] simultaneous edits are serialised: each one gets its own version and none is lost", async () => {
    const proposer = await account();
    const { id, coauthors } = await startProject(services.deps, proposer, proposal());
    const results = await Promise.all([
      as(proposer).projects.update({ projectId: id, summary: "From the proposer" }),
      as(coauthors[0]!).projects.update({ projectId: id, durationMonths: 30 }),
      as(proposer).projects.update({ projectId: id, budgetYuan: 70_000_000 }),
    ]);
    expect(results.map((r) => r.version).sort()).toEqual([2, 3, 4]);
    const project = await signedOut().projects.get({ projectId: id });
    expect(project).toMatchObject({
      version: 4,
      summary: "From the proposer",
      durationMonths: 30,
      budgetYuan: 70_000_000,
    });
    expect((await signedOut().projects.versions({ projectId: id })).map((v) => v.version)).toEqual([4, 3, 2, 1]);
  });
});

describe(`edit limits (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[EDITS] one person's comment and project edits share a budget per window; past it they are refused, others are not", async () => {
    const author = await createTestAccount(services.deps.db, { role: "researcher", regionCode: "qingdao" });
    const other = await createTestAccount(services.deps.db, { role: "researcher", regionCode: "qingdao" });
    const input = proposalInput(regionId, {
      leadRegionId: regionId("qingdao"),
      partnerRegionIds: [regionId("yantai")],
      recommendations: [3],
    });
    const project = await startProject(services.deps, author, input);
    const asAuthor = callerFor(services.deps, author.user);
    const comment = await asAuthor.comments.add({ threadId: project.threadId, body: "First view", stance: "support" });

    // Half the budget on the comment, the rest on the project: the budget is per person, not per object.
    const half = Math.floor(editLimits.perPerson / 2);
    for (let i = 0; i < half; i += 1)
      await asAuthor.comments.edit({ commentId: comment.id, body: `View, edit ${i}`, stance: "support" });
    for (let i = half; i < editLimits.perPerson; i += 1)
      await asAuthor.projects.update({ projectId: project.id, title: `Marine equipment ${i}` });

    expect(
      await callFailure(asAuthor.comments.edit({ commentId: comment.id, body: "One too many", stance: "support" })),
    ).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "RATE_LIMITED" });
    expect(await callFailure(asAuthor.projects.update({ projectId: project.id, title: "One too many" }))).toMatchObject(
      { reason: "RATE_LIMITED" },
    );

    const otherComment = await callerFor(services.deps, other.user).comments.add({
      threadId: project.threadId,
      body: "Another view",
      stance: "concern",
    });
    await expect(
      callerFor(services.deps, other.user).comments.edit({
        commentId: otherComment.id,
        body: "Another view, edited",
        stance: "concern",
      }),
    ).resolves.toBeDefined();
  });
});
