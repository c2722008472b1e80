import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts } from "@/db/schema";
import { isSuspended } from "@/server/domain/time-states";
import { mentionCandidates } from "@/server/features/accounts";
import { createTestAccount, createTestServices, type TestServices } from "@/server/testing/fixtures";
import { notSuspendedAt, suspendedAt } from "./suspension";

let services: TestServices;
beforeAll(async () => {
  services = await createTestServices();
});
afterAll(async () => {
  await services?.close();
});

const end = new Date("2026-03-01T08:00:00.000Z");
const ms = (offset: number) => new Date(end.getTime() + offset);

describe(`suspension in SQL (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("agrees with isSuspended at, just before and just after the end instant", async () => {
    const db = services.deps.db;
    const ends = [ms(-1), end, ms(1), null];
    const ids: number[] = [];
    for (const [index, until] of ends.entries()) {
      const { account } = await createTestAccount(db, { role: "member", displayName: `Suspension edge ${index}` });
      await db.update(accounts).set({ suspendedUntil: until }).where(eq(accounts.id, account.id));
      ids.push(account.id);
    }
    const idsWhere = async (condition: ReturnType<typeof suspendedAt>) =>
      (await db.select({ id: accounts.id }).from(accounts).where(condition))
        .map((row) => row.id)
        .filter((id) => ids.includes(id))
        .sort((a, b) => a - b);
    for (const now of [ms(-1), end, ms(1)]) {
      const expected = ends.map((until, index) => ({ id: ids[index]!, held: isSuspended(until, now) }));
      expect(await idsWhere(suspendedAt(now))).toEqual(expected.filter((e) => e.held).map((e) => e.id));
      expect(await idsWhere(notSuspendedAt(now))).toEqual(expected.filter((e) => !e.held).map((e) => e.id));
    }
    // At the end instant the one whose suspension ends then is back among the people one may mention.
    const suggested = (await mentionCandidates(db, "Suspension edge", end)).map((row) => row.id);
    expect(suggested.sort((a, b) => a - b)).toEqual([ids[0], ids[1], ids[3]]);
  });
});
