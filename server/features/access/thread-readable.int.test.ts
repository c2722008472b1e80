import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { projectCoauthors, projects, threads, topics, type Role } from "@/db/schema";
import type { PostState } from "@/server/domain/visibility";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  regionIdsByCode,
  type TestAccount,
  type TestServices,
} from "@/server/testing/fixtures";
import { proposalInput } from "@/server/testing/projects";
import { projectSeenBySql, relationOf, seenProjectsSql, visibilityOf } from "./project-access";
import { selectThreadOwners, threadReadableSql, threadVisibilityOf } from "./visibility";

let services: TestServices;
let db: Db;
beforeAll(async () => {
  services = await createTestServices();
  db = services.deps.db;
});
afterAll(async () => {
  await services?.close();
});

const account = (role: Role, regionCode = "shanghai") => createTestAccount(db, { role, regionCode });

describe(`a thread's readability in SQL (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("agrees with threadVisibilityOf and projectVisibility for every owner state and every viewer", async () => {
    const regionId = await regionIdsByCode(db);
    const starter = await account("member", "dongguan");
    const proposer = await account("researcher", "shenzhen");
    const invited = await account("researcher", "dongguan");
    const declined = await account("researcher", "dongguan");
    const accepted = await account("researcher", "dongguan");
    // Accepted, but for a region that is no longer a partner of the project: out, as if never invited.
    const removed = await account("researcher", "dongguan");
    const forumId = (await callerFor(services.deps, null).forums.bySlug({ slug: "coordination-mechanisms" })).id;
    const threadIds: number[] = [];
    for (const state of ["visible", "held", "hidden", "withdrawn"] satisfies PostState[]) {
      const topic = await callerFor(services.deps, starter.user).topics.create({ forumId, title: state, body: "Go" });
      await db.update(topics).set({ state }).where(eq(topics.id, topic.id));
      threadIds.push(topic.threadId);
    }
    const asProposer = callerFor(services.deps, proposer.user);
    const drafts = [];
    for (let n = 0; n < 4; n += 1) {
      const draft = await asProposer.projects.create(proposalInput(regionId));
      for (const who of [invited, declined, accepted, removed])
        await asProposer.projects.inviteCoauthor({ projectId: draft.id, accountId: who.account.id });
      const invitation = (who: TestAccount) =>
        and(eq(projectCoauthors.projectId, draft.id), eq(projectCoauthors.accountId, who.account.id));
      await db.update(projectCoauthors).set({ status: "declined" }).where(invitation(declined));
      await db.update(projectCoauthors).set({ status: "accepted" }).where(invitation(accepted));
      await db
        .update(projectCoauthors)
        .set({ status: "accepted", regionId: regionId("shenzhen") })
        .where(invitation(removed));
      drafts.push(draft);
      threadIds.push(draft.threadId);
    }
    const [, submitted, hidden, withdrawn] = drafts;
    await db
      .update(projects)
      .set({ status: "submitted", submittedAt: new Date() })
      .where(eq(projects.id, submitted!.id));
    await db
      .update(projects)
      .set({ status: "submitted", submittedAt: new Date(), hiddenAt: new Date() })
      .where(eq(projects.id, hidden!.id));
    await db.update(projects).set({ status: "withdrawn" }).where(eq(projects.id, withdrawn!.id));

    const cast: (TestAccount | null)[] = [
      null,
      await account("member"),
      await account("researcher"),
      await account("moderator"),
      await account("admin"),
      starter,
      proposer,
      invited,
      declined,
      accepted,
      removed,
    ];
    const readableByPlaceholders = selectThreadOwners(db, sql.placeholder("viewerId"), {
      readable: threadReadableSql(sql.placeholder("viewerId"), sql.placeholder("viewerRole")),
    })
      .where(eq(threads.id, sql.placeholder("threadId")))
      .prepare("test_thread_readable");
    const seenByPlaceholders = db
      .select({ id: projects.id })
      .from(projects)
      .where(
        and(
          eq(projects.id, sql.placeholder("projectId")),
          projectSeenBySql(sql.placeholder("viewerId"), sql.placeholder("viewerRole")),
        ),
      )
      .prepare("test_project_seen");
    const answers = { readable: 0, unreadable: 0 };
    for (const threadId of threadIds)
      for (const who of cast) {
        const viewer = who ? { id: who.user.id, role: who.user.role } : null;
        const [row] = await selectThreadOwners(db, viewer?.id ?? null, {
          readable: threadReadableSql(viewer?.id ?? null, viewer?.role ?? null),
        }).where(eq(threads.id, threadId));
        const expected = threadVisibilityOf(row, viewer) !== "none";
        // comments.list builds the statement once, with the viewer as placeholders: the generic form.
        const [prepared] = await readableByPlaceholders.execute({
          threadId,
          viewerId: viewer?.id ?? null,
          viewerRole: viewer?.role ?? null,
        });
        expect({ threadId, viewer, readable: row!.readable === true, prepared: prepared!.readable === true }).toEqual({
          threadId,
          viewer,
          readable: expected,
          prepared: expected,
        });
        answers[expected ? "readable" : "unreadable"] += 1;
      }
    expect(answers.readable).toBeGreaterThan(10);
    expect(answers.unreadable).toBeGreaterThan(10);

    // The same rule for lists (seenProjectsSql), and its placeholder form, against the JS rule itself.
    const seen = { yes: 0, no: 0 };
    for (const draft of drafts)
      for (const who of cast) {
        const viewer = who ? { id: who.user.id, role: who.user.role } : null;
        const [project] = await db.select().from(projects).where(eq(projects.id, draft.id));
        const expected = visibilityOf(project!, viewer, await relationOf(db, project!, viewer)) !== "none";
        const listed = await db
          .select({ id: projects.id })
          .from(projects)
          .where(and(eq(projects.id, draft.id), seenProjectsSql(viewer)));
        const prepared = await seenByPlaceholders.execute({
          projectId: draft.id,
          viewerId: viewer?.id ?? null,
          viewerRole: viewer?.role ?? null,
        });
        expect({ projectId: draft.id, viewer, listed: listed.length === 1, prepared: prepared.length === 1 }).toEqual({
          projectId: draft.id,
          viewer,
          listed: expected,
          prepared: expected,
        });
        seen[expected ? "yes" : "no"] += 1;
      }
    expect(seen.yes).toBeGreaterThan(10);
    expect(seen.no).toBeGreaterThan(10);
  });
});
