import { describe, expect, it } from "vitest";
import { createBackgroundWork } from "./background";

/** A promise resolved from outside. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe("background work", () => {
  it("stops every owner once and resolves when all have ended", async () => {
    const background = createBackgroundWork();
    const ended: string[] = [];
    const maps = gate();
    background.onStop(async () => {
      await maps.opened;
      ended.push("maps");
    });
    background.onStop(async () => void ended.push("notices"));
    expect(background.stopping).toBe(false);
    let stopped = false;
    const stopping = background.stop().then(() => (stopped = true));
    expect(background.stopping).toBe(true);
    expect(background.stop()).toBe(background.stop()); // idempotent: the same wait
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(stopped).toBe(false); // the maps' work is still running
    expect(ended).toEqual(["notices"]);
    maps.open();
    await stopping;
    expect(ended).toEqual(["notices", "maps"]);
  });

  it("stops at once an owner that registers after stopping, and stop() waits for it", async () => {
    const background = createBackgroundWork();
    await background.stop();
    const late = gate();
    let ended = false;
    background.onStop(async () => {
      await late.opened;
      ended = true;
    });
    const stopping = background.stop();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(ended).toBe(false);
    late.open();
    await stopping;
    expect(ended).toBe(true);
  });
});
