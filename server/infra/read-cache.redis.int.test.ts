import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notify } from "@/server/features/notifications/notify";
import { callerFor, createTestAccount, createTestServices, type TestServices } from "@/server/testing/fixtures";
import { connectReadCache, createReadCache, type ReadCache } from "./read-cache";
import { transact } from "./transact";

// Included by vitest.config.ts only when REDIS_URL is set. Two read caches, each with its own Redis
// connections and its own deps, stand for two processes serving one database.
let services: TestServices;
const connections: Redis[] = [];
let depsA: TestServices["deps"];
let depsB: TestServices["deps"];

beforeAll(async () => {
  services = await createTestServices();
  const channel = `xietong:test:${randomBytes(6).toString("hex")}:read-cache`;
  const linked = async () => {
    let announce: (message: string) => void = () => undefined;
    const cache: ReadCache = createReadCache({ ttlMs: 60_000, announce: (message) => announce(message) });
    const publisher = new Redis(process.env.REDIS_URL ?? "");
    const subscriber = publisher.duplicate();
    connections.push(publisher, subscriber);
    announce = await connectReadCache(cache, publisher, subscriber, channel);
    return cache;
  };
  depsA = { ...services.deps, readCache: await linked() };
  depsB = { ...services.deps, readCache: await linked() };
});
afterAll(async () => {
  await Promise.all(connections.map((connection) => connection.quit()));
  await services?.close();
});

const regionIn = async (deps: TestServices["deps"], id: number) =>
  (await callerFor(deps, null).reference.regions()).flatMap((cluster) => cluster.regions).find((r) => r.id === id);

/** Reads until `done` holds or 2 s have passed: a Redis message takes a moment (loopback) to arrive. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<{ value: T; waitedMs: number }> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() - started > 2_000) return { value, waitedMs: Date.now() - started };
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("reference data cache across processes (Redis)", () => {
  it("[CACHE] an admin's rename in process A shows on A's very next read and on B's as soon as the notice lands", async () => {
    const { user: admin } = await createTestAccount(services.deps.db, { role: "admin" });
    const [cluster] = await callerFor(depsA, null).reference.regions();
    const region = cluster!.regions[0]!;
    // Both processes hold the regions in memory.
    const heldByB = await callerFor(depsB, null).reference.regions();
    expect(await callerFor(depsB, null).reference.regions()).toBe(heldByB);

    await callerFor(depsA, admin).admin.renameRegion({ regionId: region.id, nameZh: "甲区", nameEn: "Region A" });
    expect(await regionIn(depsA, region.id)).toMatchObject({ nameZh: "甲区", nameEn: "Region A" });
    const b = await until(
      () => regionIn(depsB, region.id),
      (found) => found?.nameEn === "Region A",
    );
    expect(b.value).toMatchObject({ nameZh: "甲区", nameEn: "Region A" });
    expect(b.waitedMs).toBeLessThan(1_000);

    // And the other way round: an edit in B reaches A.
    await callerFor(depsB, admin).admin.renameRegion({ regionId: region.id, nameZh: "乙区", nameEn: "Region B" });
    expect(await regionIn(depsB, region.id)).toMatchObject({ nameEn: "Region B" });
    await until(
      () => regionIn(depsA, region.id),
      (found) => found?.nameEn === "Region B",
    );
    expect(await regionIn(depsA, region.id)).toMatchObject({ nameZh: "乙区", nameEn: "Region B" });
  });
});

describe("unread counts across processes (Redis)", () => {
  it("[CACHE] a notification written in A and read in B show in both processes' counts", async () => {
    const { user: reader } = await createTestAccount(services.deps.db, { role: "member" });
    const countIn = (deps: TestServices["deps"]) => () => callerFor(deps, reader).notifications.unreadCount();
    expect(await countIn(depsA)()).toMatchObject({ count: 0 });
    const heldByB = await countIn(depsB)();
    expect(heldByB).toMatchObject({ count: 0 });
    expect(await countIn(depsB)()).toBe(heldByB);

    await transact(depsA, (tx, emit) =>
      notify(tx, emit, [
        {
          recipientId: reader.id,
          kind: "project_state",
          actorId: null,
          link: "/projects/1",
          params: { where: "X", status: "approved" },
        },
      ]),
    );
    const inA = await countIn(depsA)();
    expect(inA).toMatchObject({ count: 1 });
    expect(inA.headSeq).toBeGreaterThan(heldByB.headSeq);
    const b = await until(countIn(depsB), (value) => value.count === 1);
    expect(b.value).toEqual(inA);
    expect(b.waitedMs).toBeLessThan(1_000);

    expect(await callerFor(depsB, reader).notifications.markAllRead()).toEqual({ marked: 1 });
    expect(await countIn(depsB)()).toMatchObject({ count: 0 });
    expect((await until(countIn(depsA), (value) => value.count === 0)).value).toMatchObject({ count: 0 });
  });
});
