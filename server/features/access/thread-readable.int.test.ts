import { and, eq } from "drizzle-orm";
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
  it("agrees with threadVisibilityOf for every owner state and every viewer", async () => {
    const regionId = await regionIdsByCode(db);
    const starter = await account("member", "dongguan");
    const proposer = await account("researcher", "shenzhen");
    const invited = await account("researcher", "dongguan");
    const declined = await account("researcher", "dongguan");
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
      for (const who of [invited, declined])
        await asProposer.projects.inviteCoauthor({ projectId: draft.id, accountId: who.account.id });
      await db
        .update(projectCoauthors)
        .set({ status: "declined" })
        .where(and(eq(projectCoauthors.projectId, draft.id), eq(projectCoauthors.accountId, declined.account.id)));
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
    ];
    const answers = { readable: 0, unreadable: 0 };
    for (const threadId of threadIds)
      for (const who of cast) {
        const viewer = who ? { id: who.user.id, role: who.user.role } : null;
        const [row] = await selectThreadOwners(db, viewer?.id ?? null, {
          readable: threadReadableSql(viewer?.id ?? null, viewer?.role ?? null),
        }).where(eq(threads.id, threadId));
        const expected = threadVisibilityOf(row, viewer) !== "none";
        expect({ threadId, viewer, readable: row!.readable === true }).toEqual({
          threadId,
          viewer,
          readable: expected,
        });
        answers[expected ? "readable" : "unreadable"] += 1;
      }
    expect(answers.readable).toBeGreaterThan(10);
    expect(answers.unreadable).toBeGreaterThan(10);
  });
});
