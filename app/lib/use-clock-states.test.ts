import { describe, expect, it } from "vitest";
import { maxTimeoutMs, timeoutUntil } from "./use-clock-states";

describe("timeoutUntil", () => {
  const now = new Date("2026-02-01T00:00:00.000Z");
  const ms = (offset: number) => new Date(now.getTime() + offset);
  it("waits until the boundary, at once for one already passed", () => {
    expect(timeoutUntil(ms(1_500), now)).toBe(1_500);
    expect(timeoutUntil(now, now)).toBe(0);
    expect(timeoutUntil(ms(-60_000), now)).toBe(0);
  });
  it("waits at most what setTimeout keeps, for a far end such as an indefinite suspension", () => {
    expect(timeoutUntil(new Date("9999-12-31T00:00:00.000Z"), now)).toBe(maxTimeoutMs);
  });
});
