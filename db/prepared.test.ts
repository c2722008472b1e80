import { describe, expect, it } from "vitest";
import type { Db } from "./client";
import { preparedPerDb } from "./prepared";

describe("preparedPerDb", () => {
  it("builds a query once per database handle and keeps handles apart", () => {
    const builtFor: Db[] = [];
    const query = preparedPerDb((db) => {
      builtFor.push(db);
      return { on: db };
    });
    const first = {} as Db;
    const second = {} as Db;
    const a = query(first);
    expect(query(first)).toBe(a);
    expect(query(second).on).toBe(second);
    expect(query(second)).not.toBe(a);
    expect(builtFor).toEqual([first, second]);
  });
});
