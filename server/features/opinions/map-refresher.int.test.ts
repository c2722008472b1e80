import { afterEach, describe, expect, it, vi } from "vitest";
import { forums } from "@/db/schema";
import type { Db } from "@/db/client";
import {
  callerFor,
  createTestAccount,
  createTestServices,
  type TestAccount,
  type TestServices,
} from "@/server/testing/fixtures";
import { mapRefreshGatherMs, mapRefreshSettled, requestMapRefresh } from "./map-refresher";

let services: TestServices | null = null;
afterEach(async () => {
  vi.restoreAllMocks();
  await services?.close();
  services = null;
});

/** A round with one statement, in services of its own: closing them is what is under test. */
async function roundWithStatement() {
  services = await createTestServices();
  const { deps } = services;
  const member = await createTestAccount(deps.db, { role: "member", regionCode: "shanghai" });
  const voter = await createTestAccount(deps.db, { role: "researcher", regionCode: "beijing" });
  const as = (who: TestAccount) => callerFor(deps, who.user);
  const [forum] = await deps.db.select({ id: forums.id }).from(forums).limit(1);
  const topic = await as(member).topics.create({ forumId: forum!.id, title: "Shared lab time", body: "How?" });
  const { id: roundId } = await as(member).opinions.create({ topicId: topic.id, question: "What should it say?" });
  const statement = await as(member).opinions.addStatement({ roundId, text: "Book by the hour" });
  return { services, roundId, vote: () => as(voter).opinions.vote({ statementId: statement.id, choice: "agree" }) };
}

const mapsOf = (services: TestServices, roundId: number) =>
  services.deps.publisher.published.filter((e) => e.type === "opinionMap:updated" && e.payload.roundId === roundId);

describe(`opinion map refreshes on shutdown (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[SHUTDOWN] closing while a vote's refresh is queued drops it: nothing queries the closed database", async () => {
    const { services: closing, roundId, vote } = await roundWithStatement();
    const errors = vi.spyOn(console, "error");
    await vote(); // asks for a refresh, which waits to gather the burst's other votes
    await closing.close();
    services = null;
    // The dropped refresh would have started one gathering interval after the vote; nothing signals
    // that it did not, so wait well past that moment.
    await new Promise((resolve) => setTimeout(resolve, mapRefreshGatherMs * 4));
    expect(errors).not.toHaveBeenCalled();
    expect(mapsOf(closing, roundId)).toEqual([]);
    await mapRefreshSettled(closing.deps, roundId); // nothing left waiting either
    // Once stopped, a late request (a request still being answered) starts nothing.
    requestMapRefresh(closing.deps, roundId);
    await new Promise((resolve) => setTimeout(resolve, mapRefreshGatherMs * 4));
    expect(errors).not.toHaveBeenCalled();
  });

  it("[SHUTDOWN] closing while a refresh runs waits for it to store and publish its map first", async () => {
    const { services: closing, roundId } = await roundWithStatement();
    const errors = vi.spyOn(console, "error");
    // The refresh's read of the votes (a read-only snapshot) tells that it has started.
    let started!: () => void;
    const reading = new Promise<void>((resolve) => (started = resolve));
    const db = closing.deps.db;
    const watched = new Proxy(db, {
      get: (target, property, receiver) =>
        property === "transaction"
          ? (((work, config) => {
              if (config?.accessMode === "read only") started();
              return db.transaction(work, config);
            }) satisfies Db["transaction"])
          : Reflect.get(target, property, receiver),
    });
    requestMapRefresh({ ...closing.deps, db: watched }, roundId);
    await reading;
    await closing.close();
    services = null;
    expect(mapsOf(closing, roundId)).toHaveLength(1);
    expect(errors).not.toHaveBeenCalled();
  });
});
