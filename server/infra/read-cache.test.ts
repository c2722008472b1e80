import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { createReadCache } from "./read-cache";

const dbA = {} as Db;
const dbB = {} as Db;

describe("read cache", () => {
  it("answers from memory until the key is invalidated, for every database handle at once", async () => {
    const cache = createReadCache({ ttlMs: 60_000 });
    let reads = 0;
    const read = async () => ({ n: (reads += 1) });
    expect(await cache.load(dbA, "k", read)).toEqual({ n: 1 });
    expect(await cache.load(dbA, "k", read)).toEqual({ n: 1 });
    expect(await cache.load(dbB, "k", read)).toEqual({ n: 2 });
    cache.invalidate("k");
    expect(await cache.load(dbA, "k", read)).toEqual({ n: 3 });
    expect(await cache.load(dbB, "k", read)).toEqual({ n: 4 });
    cache.applyRemote("*");
    expect(await cache.load(dbA, "k", read)).toEqual({ n: 5 });
  });

  it("shares one read among concurrent callers, and does not keep a read an invalidation overtook", async () => {
    const announced: string[] = [];
    const cache = createReadCache({ ttlMs: 60_000, announce: (m) => announced.push(m) });
    let release!: (value: string) => void;
    let reads = 0;
    const slow = () => {
      reads += 1;
      return new Promise<string>((resolve) => (release = resolve));
    };
    const first = cache.load(dbA, "k", slow);
    const second = cache.load(dbA, "k", slow);
    expect(reads).toBe(1);
    cache.invalidate("k");
    release("old");
    expect(await first).toBe("old");
    expect(await second).toBe("old");
    expect(await cache.load(dbA, "k", async () => "new")).toBe("new");
    expect(announced).toEqual(["k"]);
  });

  it("reads again once the TTL has passed, and after a failed read", async () => {
    let clock = 0;
    const cache = createReadCache({ ttlMs: 1_000, now: () => clock });
    expect(await cache.load(dbA, "k", async () => 1)).toBe(1);
    clock = 999;
    expect(await cache.load(dbA, "k", async () => 2)).toBe(1);
    clock = 1_000;
    expect(await cache.load(dbA, "k", async () => 3)).toBe(3);
    cache.invalidate("k");
    await expect(cache.load(dbA, "k", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await cache.load(dbA, "k", async () => 4)).toBe(4);
  });
});
