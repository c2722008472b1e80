import { describe, expect, it } from "vitest";
import { GroupCommitter, type Settled } from "./group-commit";

/** A committer that records its batches and answers each item with itself doubled (odd items fail). */
function recording(maxBatch?: number, fail?: (batch: readonly number[]) => Error | null) {
  const batches: Array<{ key: string; items: number[] }> = [];
  let running = 0;
  let overlapped = false;
  const committer = new GroupCommitter<string, number, number>(async (key, items) => {
    running += 1;
    if (running > 1) overlapped = true;
    batches.push({ key, items: [...items] });
    await new Promise((resolve) => setTimeout(resolve, 5));
    running -= 1;
    const whole = fail?.(items);
    if (whole) throw whole;
    return items.map((i): Settled<number> =>
      i % 2 === 1 ? { ok: false, error: new Error(`odd ${i}`) } : { ok: true, value: i * 2 },
    );
  }, maxBatch);
  return { committer, batches, overlapped: () => overlapped };
}

const outcome = (s: PromiseSettledResult<number>) => (s.status === "fulfilled" ? s.value : (s.reason as Error).message);

describe("group commit", () => {
  it("items submitted together share one batch, in order, and each is answered on its own", async () => {
    const { committer, batches } = recording();
    const settled = await Promise.allSettled([0, 1, 2, 3, 4].map((i) => committer.submit("a", i)));
    expect(batches).toEqual([{ key: "a", items: [0, 1, 2, 3, 4] }]);
    expect(settled.map(outcome)).toEqual([0, "odd 1", 4, "odd 3", 8]);
    expect(committer.stats).toEqual({ batches: 1, items: 5, largestBatch: 5 });
  });

  it("items arriving while a batch runs wait for it and go together into the next, never two batches of a key at once", async () => {
    const { committer, batches, overlapped } = recording();
    const first = committer.submit("a", 0);
    await new Promise((resolve) => setImmediate(resolve)); // the first batch has started
    const later = [2, 4, 6].map((i) => committer.submit("a", i));
    expect(await Promise.all([first, ...later])).toEqual([0, 4, 8, 12]);
    expect(batches.map((b) => b.items)).toEqual([[0], [2, 4, 6]]);
    expect(overlapped()).toBe(false);
  });

  it("keys are independent, a batch is at most maxBatch items, and order holds across the split", async () => {
    const { committer, batches } = recording(3);
    const settled = await Promise.allSettled([
      ...[0, 2, 4, 6, 8, 10, 12].map((i) => committer.submit("a", i)),
      committer.submit("b", 100),
    ]);
    expect(settled.map(outcome)).toEqual([0, 4, 8, 12, 16, 20, 24, 200]);
    expect(batches.filter((b) => b.key === "a").map((b) => b.items)).toEqual([[0, 2, 4], [6, 8, 10], [12]]);
    expect(batches.filter((b) => b.key === "b").map((b) => b.items)).toEqual([[100]]);
  });

  it("a batch that throws fails each of its items with that error, and the next batch still runs", async () => {
    const { committer } = recording(undefined, (items) => (items.includes(42) ? new Error("ballot closed") : null));
    const failing = [2, 42].map((i) => committer.submit("a", i));
    const settled = await Promise.allSettled(failing);
    expect(settled.map(outcome)).toEqual(["ballot closed", "ballot closed"]);
    expect(await committer.submit("a", 8)).toBe(16);
  });
});
