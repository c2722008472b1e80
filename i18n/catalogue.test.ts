import { describe, expect, it } from "vitest";
import { catalogueParts, catalogues } from "./catalogue";

const en = catalogues.en;
const zh = catalogues["zh-CN"];

function keys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
}

function placeholders(text: string): string[] {
  // Argument names only ({count, plural, …} or {name}), not the words inside plural branches.
  return [...new Set([...text.matchAll(/\{(\w+)\s*[,}]/g)].map((m) => m[1] ?? ""))].sort();
}

function leaf(catalogue: unknown, path: string): string {
  return String(path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], catalogue));
}

describe("message catalogues", () => {
  it("give each top-level namespace to exactly one area file", () => {
    for (const parts of Object.values(catalogueParts)) {
      const names = parts.flatMap((part) => Object.keys(part));
      expect(names.length).toBe(new Set(names).size);
    }
  });

  it("have the same keys in zh-CN and en", () => {
    expect(keys(zh).sort()).toEqual(keys(en).sort());
  });

  it("use the same placeholders in both languages", () => {
    for (const key of keys(en)) expect(placeholders(leaf(zh, key)), key).toEqual(placeholders(leaf(en, key)));
  });

  it("have no empty message", () => {
    for (const key of keys(en)) {
      expect(leaf(en, key).trim(), `en ${key}`).not.toBe("");
      expect(leaf(zh, key).trim(), `zh ${key}`).not.toBe("");
    }
  });
});
