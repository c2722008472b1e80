import { readFileSync } from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanDisplayName } from "@/server/features/accounts/rules/display-name";
import { createTestAccount } from "@/server/testing/fixtures";
import { createTestDatabase } from "@/server/testing/test-database";
import type { DatabaseHandle } from "./client";
import { accounts } from "./schema";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase({ seed: true });
});
afterAll(async () => {
  await handle?.close();
});

const migration = readFileSync(path.join(import.meta.dirname, "migrations/0012_clean_display_names.sql"), "utf8").split(
  "--> statement-breakpoint",
);

describe(`migration 0013 cleans stored names (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("gives names stored before cleaning the same form the sign-up rule gives, and an empty one an id", async () => {
    const names = [
      "\u202eAdmin\u202c",
      "Ｗａｎｇ\tLi",
      "周\u200b新\u2066\u2069",
      "a\u0007b\u00adc\ufeff",
      "  spaced   out  ",
      "\u0661\u061c2",
      "plain 名字",
    ];
    const created = [];
    for (const name of names) {
      const { account } = await createTestAccount(handle.db, { role: "member" });
      await handle.db
        .update(accounts)
        .set({ displayName: name, organisation: `Org ${name}` })
        .where(eq(accounts.id, account.id));
      created.push({ id: account.id, name });
    }
    const { account: invisible } = await createTestAccount(handle.db, { role: "member" });
    await handle.db.update(accounts).set({ displayName: "\u200b\u202e\u3164" }).where(eq(accounts.id, invisible.id));

    // One transaction, as the migrator runs it: the helper function lives in the session.
    await handle.db.transaction(async (tx) => {
      for (const statement of migration) await tx.execute(sql.raw(statement));
    });

    for (const { id, name } of created) {
      const [row] = await handle.db
        .select({ displayName: accounts.displayName, organisation: accounts.organisation })
        .from(accounts)
        .where(eq(accounts.id, id));
      expect(row).toEqual({ displayName: cleanDisplayName(name), organisation: cleanDisplayName(`Org ${name}`) });
    }
    const [empty] = await handle.db
      .select({ displayName: accounts.displayName })
      .from(accounts)
      .where(eq(accounts.id, invisible.id));
    expect(empty?.displayName).toBe(`#${invisible.id}`);
  });
});
