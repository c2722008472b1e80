import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { events, forumHoldSettings, projects } from "@/db/schema";
import type { Visibility } from "@/server/domain/visibility";
import { seenProjectsSql } from "./project-access";
import { streamVisibleTo } from "./visibility";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  regionIdsByCode,
  type TestAccount,
  type TestServices,
} from "@/server/testing/fixtures";
import { proposalInput } from "@/server/testing/projects";
import { callFailure } from "@/server/testing/trpc-errors";

/**
 * Security review #14, finding 1: one visibility rule per object, on every read path. Each scenario
 * builds a project with the same cast, then every viewer kind reads it by every path, and each answer
 * must follow from one expected visibility per (scenario, viewer).
 */

type ViewerKind = "signedOut" | "proposer" | "accepted" | "declined" | "removed" | "member" | "admin";
const viewerKinds: ViewerKind[] = ["signedOut", "proposer", "accepted", "declined", "removed", "member", "admin"];
type Scenario = "submitted" | "draft" | "withdrawnDraft" | "hidden" | "suspendedAuthor";

interface Built {
  projectId: number;
  threadId: number;
  token: string;
  viewers: Record<ViewerKind, TestAccount | null>;
}

const full = (kinds: ViewerKind[]): Record<ViewerKind, Visibility> =>
  Object.fromEntries(viewerKinds.map((k) => [k, kinds.includes(k) ? "full" : "none"])) as Record<
    ViewerKind,
    Visibility
  >;

const expected: Record<Scenario, Record<ViewerKind, Visibility>> = {
  submitted: full(viewerKinds),
  // Never submitted: proposer, accepted co-proposer and admins only; a declined or removed co-proposer is out.
  draft: full(["proposer", "accepted", "admin"]),
  withdrawnDraft: full(["proposer", "accepted", "admin"]),
  // Hidden text: its authors read it, everyone else (admins too) sees the notice.
  hidden: {
    signedOut: "notice",
    proposer: "full",
    accepted: "full",
    declined: "notice",
    removed: "notice",
    member: "notice",
    admin: "notice",
  },
  // A suspension does not change what the author's project is: still public.
  suspendedAuthor: full(viewerKinds),
};

/** Those who find the project under "mine". */
const listedAsMine: Record<Scenario, ViewerKind[]> = {
  submitted: ["proposer", "accepted"],
  draft: ["proposer", "accepted"],
  withdrawnDraft: ["proposer", "accepted"],
  hidden: ["proposer", "accepted"],
  suspendedAuthor: ["proposer", "accepted"],
};

let services: TestServices;
let regionId: (code: string) => number;
let admin: TestAccount;
let moderator: TestAccount;
let member: TestAccount;
const built = new Map<Scenario, Built>();

const as = (who: TestAccount | null) => callerFor(services.deps, who?.user ?? null);
const person = (role: "researcher" | "member", regionCode: string) =>
  createTestAccount(services.deps.db, { role, regionCode });

/**
 * Proposer in Shenzhen; partners Dongguan and Shanghai at first. Dongguan: one accepted and one
 * declined co-proposer. Shanghai: one who accepted, then the proposer dropped Shanghai from the draft
 * (removed). Then the scenario's own step.
 */
async function build(scenario: Scenario): Promise<Built> {
  const token = `vis${randomBytes(5).toString("hex")}`;
  const proposer = await person("researcher", "shenzhen");
  const accepted = await person("researcher", "dongguan");
  const declined = await person("researcher", "dongguan");
  const removed = await person("researcher", "shanghai");
  const asProposer = as(proposer);
  const created = await asProposer.projects.create(
    proposalInput(regionId, {
      title: `Visibility ${token}`,
      body: `Body ${token}`,
      partnerRegionIds: [regionId("dongguan"), regionId("shanghai")],
    }),
  );
  for (const [who, response] of [
    [accepted, "accept"],
    [declined, "decline"],
    [removed, "accept"],
  ] as const) {
    await asProposer.projects.inviteCoauthor({ projectId: created.id, accountId: who.account.id });
    await as(who).projects.respondToInvitation({ projectId: created.id, response });
  }
  await asProposer.projects.update({ projectId: created.id, partnerRegionIds: [regionId("dongguan")] });

  if (scenario !== "draft" && scenario !== "withdrawnDraft") {
    await asProposer.projects.submit({ projectId: created.id });
    // A second version, so versions and diff have an earlier text to show.
    await asProposer.projects.update({ projectId: created.id, body: `Body ${token}, revised` });
  }
  if (scenario === "withdrawnDraft") await asProposer.projects.withdraw({ projectId: created.id });
  if (scenario === "hidden")
    await as(moderator).moderation.hide({ targetKind: "project", targetId: created.id, reason: "Under review" });
  if (scenario === "suspendedAuthor")
    await as(moderator).moderation.suspend({ accountId: proposer.account.id, days: 7, reason: "Cooling off" });
  return {
    projectId: created.id,
    threadId: created.threadId,
    token,
    viewers: { signedOut: null, proposer, accepted, declined, removed, member, admin },
  };
}

beforeAll(async () => {
  services = await createTestServices();
  regionId = await regionIdsByCode(services.deps.db);
  admin = await createTestAccount(services.deps.db, { role: "admin", regionCode: "hangzhou" });
  moderator = await createTestAccount(services.deps.db, { role: "moderator", regionCode: "hangzhou" });
  member = await person("member", "suzhou");
  for (const scenario of Object.keys(expected) as Scenario[]) built.set(scenario, await build(scenario));
}, 240_000);
afterAll(async () => {
  await services?.close();
});

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch {
    return (await callFailure(promise)).code;
  }
}

const db = process.env.DATABASE_URL ? "postgres" : "pglite";

describe(`one visibility rule per project, every read path (${db})`, () => {
  for (const scenario of Object.keys(expected) as Scenario[]) {
    for (const kind of viewerKinds) {
      const visibility = expected[scenario][kind];
      it(`${scenario} × ${kind}: ${visibility}`, async () => {
        const b = built.get(scenario)!;
        const viewer = b.viewers[kind];
        const caller = as(viewer);
        const seen = visibility !== "none";
        const textSeen = visibility === "full";

        // The project page.
        if (seen) {
          const page = await caller.projects.get({ projectId: b.projectId });
          expect(page.body.includes(b.token)).toBe(textSeen);
          expect(page.title.includes(b.token)).toBe(textSeen);
        } else {
          expect(await outcome(caller.projects.get({ projectId: b.projectId }))).toBe("NOT_FOUND");
        }

        // The public list and search list only public projects, whoever asks.
        const publicProject = expected[scenario].signedOut === "full";
        const listed = (await caller.projects.list({})).items.some((p) => p.id === b.projectId);
        const searched = (await caller.projects.list({ q: b.token })).items.map((p) => p.id);
        expect({ listed, searched: searched.includes(b.projectId) }).toEqual({
          listed: publicProject,
          searched: publicProject,
        });
        expect(searched.every((id) => id === b.projectId)).toBe(true);
        if (viewer) {
          const mine = (await caller.projects.list({ mine: true, q: b.token })).items.map((p) => p.id);
          expect(mine.includes(b.projectId)).toBe(listedAsMine[scenario].includes(kind));
        }

        // Versions and the diff are the text itself.
        const versions = await outcome(caller.projects.versions({ projectId: b.projectId }));
        const lastVersion = scenario === "draft" || scenario === "withdrawnDraft" ? 1 : 2;
        const diff = await outcome(caller.projects.diff({ projectId: b.projectId, from: 1, to: lastVersion }));
        expect({ versions, diff }).toEqual(
          textSeen ? { versions: "ok", diff: "ok" } : { versions: "NOT_FOUND", diff: "NOT_FOUND" },
        );

        // Plans, the discussion and the live stream go with the project.
        const plans = await outcome(caller.ballots.plans.list({ projectId: b.projectId }));
        const comments = await outcome(caller.comments.list({ threadId: b.threadId }));
        expect({ plans, comments }).toEqual(
          seen ? { plans: "ok", comments: "ok" } : { plans: "NOT_FOUND", comments: "NOT_FOUND" },
        );
        const user = viewer ? { id: viewer.account.id, role: viewer.account.role } : null;
        expect(await streamVisibleTo(services.deps.db, user, { kind: "project", id: b.projectId })).toBe(seen);
        // The same rule in SQL, as lists read it (the decision register's ballots and their regions).
        const inSql = await services.deps.db
          .select({ id: projects.id })
          .from(projects)
          .where(and(eq(projects.id, b.projectId), seenProjectsSql(user)));
        expect(inSql.length === 1).toBe(seen);
        if (viewer && kind !== "proposer") {
          expect(await outcome(caller.notifications.setFollowing({ threadId: b.threadId, following: true }))).toBe(
            seen ? "ok" : "NOT_FOUND",
          );
        }
      });
    }
  }

  it("a draft withdrawn before submission writes nothing to the public projects stream", async () => {
    const b = built.get("withdrawnDraft")!;
    const onPublic = await services.deps.db.select().from(events).where(eq(events.stream, "projects"));
    expect(onPublic.filter((e) => (e.payload as { projectId?: number }).projectId === b.projectId)).toEqual([]);
    const submitted = built.get("submitted")!;
    expect(
      onPublic
        .filter((e) => (e.payload as { projectId?: number }).projectId === submitted.projectId)
        .map((e) => e.type),
    ).toEqual(["project:status-changed"]);
  });
});

describe(`one visibility rule per topic and comment (${db})`, () => {
  it("a held topic, its discussion and its stream exist only for its author and moderators", async () => {
    const slug = `vis-${randomBytes(4).toString("hex")}`;
    const forum = await as(admin).forums.create({ slug, titleZh: `测试 ${slug}`, titleEn: `Test ${slug}` });
    await as(admin).admin.setHoldSettings({
      forumId: forum.id,
      newAccountDays: null,
      holdBlockedWords: false,
      holdLinks: true,
    });
    try {
      const author = await person("researcher", "suzhou");
      const topic = await as(author).topics.create({
        forumId: forum.id,
        title: "Held",
        body: "See https://example.com/held",
      });
      expect(topic.held).toBe(true);
      const viewers: [TestAccount | null, boolean][] = [
        [null, false],
        [member, false],
        [author, true],
        [moderator, true],
        [admin, true],
      ];
      for (const [viewer, seen] of viewers) {
        const caller = as(viewer);
        const expectedCode = seen ? "ok" : "NOT_FOUND";
        expect(await outcome(caller.topics.byId({ topicId: topic.id }))).toBe(expectedCode);
        expect(await outcome(caller.comments.list({ threadId: topic.threadId }))).toBe(expectedCode);
        const user = viewer ? { id: viewer.account.id, role: viewer.account.role } : null;
        expect(await streamVisibleTo(services.deps.db, user, { kind: "topic", id: topic.id })).toBe(seen);
      }
      // Nobody but its author and moderators may post under it either.
      expect(
        await outcome(as(member).comments.add({ threadId: topic.threadId, body: "Reply", stance: "support" })),
      ).toBe("NOT_FOUND");
    } finally {
      await services.deps.db.delete(forumHoldSettings).where(and(eq(forumHoldSettings.forumId, forum.id)));
    }
  });

  it("a held comment's history and reaction split exist only for its author and moderators", async () => {
    const slug = `vis-${randomBytes(4).toString("hex")}`;
    const forum = await as(admin).forums.create({ slug, titleZh: `测试 ${slug}`, titleEn: `Test ${slug}` });
    const topic = await as(await person("member", "suzhou")).topics.create({
      forumId: forum.id,
      title: "Open",
      body: "Open",
    });
    await as(admin).admin.setHoldSettings({
      forumId: forum.id,
      newAccountDays: null,
      holdBlockedWords: false,
      holdLinks: true,
    });
    try {
      const author = await person("researcher", "suzhou");
      const comment = await as(author).comments.add({
        threadId: topic.threadId,
        body: "Link https://example.com/x",
        stance: "support",
      });
      expect(comment.held).toBe(true);
      for (const [viewer, seen] of [
        [null, false],
        [member, false],
        [author, true],
        [moderator, true],
      ] as const) {
        expect(await outcome(as(viewer).comments.history({ commentId: comment.id }))).toBe(seen ? "ok" : "NOT_FOUND");
        expect(await outcome(as(viewer).comments.reactionSplit({ commentId: comment.id }))).toBe(
          seen ? "ok" : "NOT_FOUND",
        );
      }
    } finally {
      await services.deps.db.delete(forumHoldSettings).where(eq(forumHoldSettings.forumId, forum.id));
    }
  });
});
