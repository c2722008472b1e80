import { describe, expect, it } from "vitest";
import { z } from "zod";
import { decodeCursor, encodeCursor } from "./cursor";

const shape = z.object({ at: z.string(), id: z.number().int() });

describe("page cursors", () => {
  it("round-trip", () => {
    const cursor = encodeCursor({ at: "2026-01-01T00:00:00.000Z", id: 42 });
    expect(decodeCursor(cursor, shape)).toEqual({ at: "2026-01-01T00:00:00.000Z", id: 42 });
  });

  it("refuse what they did not produce", () => {
    expect(decodeCursor("not-base64-json", shape)).toBeNull();
    expect(decodeCursor(encodeCursor({ at: "x" }), shape)).toBeNull();
    expect(decodeCursor(Buffer.from("[1,2]").toString("base64url"), shape)).toBeNull();
  });
});
