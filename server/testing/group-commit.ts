import { expect } from "vitest";
import type { GroupCommitStats } from "@/server/infra/group-commit";

/**
 * Runs `submit` (calls made in one turn of the event loop) and proves they were group-committed as
 * one batch of a committer whose stats are given: one batch more, holding every call.
 */
export async function inOneBatch<T>(
  stats: GroupCommitStats,
  submit: () => Array<Promise<T>>,
): Promise<Array<PromiseSettledResult<T>>> {
  const before = { ...stats };
  const promises = submit();
  const settled = await Promise.allSettled(promises);
  expect(stats.batches - before.batches).toBe(1);
  expect(stats.items - before.items).toBe(promises.length);
  return settled;
}
