import { describe, expect, it } from "vitest";
import type { Stream } from "@/server/domain/stream-access";
import type { SocketData } from "./events";
import { createVisibilityVerdicts } from "./stream-access-checks";

const topic: Stream = { kind: "topic", id: 1 };
const member: SocketData["user"] = { id: 5, role: "member", regionId: 2 };

function counting(answers: boolean[]) {
  const calls: string[] = [];
  let release: (() => void) | undefined;
  const visibleTo = async (user: SocketData["user"]) => {
    calls.push(user ? `u${user.id}` : "anonymous");
    await new Promise<void>((resolve) => (release = resolve));
    return answers.shift() ?? false;
  };
  return { calls, visibleTo, release: () => release?.() };
}

describe("shared visibility verdicts", () => {
  it("gives subscribers as the same person one read within the time, and other people their own", async () => {
    let clock = 0;
    const reads = counting([true, false, true]);
    const verdicts = createVisibilityVerdicts(reads.visibleTo, 1_000, () => clock);
    const first = verdicts.visibleTo(member, topic, "topic:1");
    const second = verdicts.visibleTo(member, topic, "topic:1");
    reads.release();
    expect(await Promise.all([first, second])).toEqual([true, true]);
    const anonymous = verdicts.visibleTo(null, topic, "topic:1");
    reads.release();
    expect(await anonymous).toBe(false);
    expect(reads.calls).toEqual(["u5", "anonymous"]);
    clock = 1_000;
    const later = verdicts.visibleTo(member, topic, "topic:1");
    reads.release();
    expect(await later).toBe(true);
    expect(reads.calls).toEqual(["u5", "anonymous", "u5"]);
  });

  it("reads again after a narrowing event, and keeps no verdict read across one", async () => {
    const reads = counting([true, false, false]);
    const verdicts = createVisibilityVerdicts(reads.visibleTo, 60_000, () => 0);
    const during = verdicts.visibleTo(member, topic, "topic:1");
    verdicts.forget(); // e.g. topic:hidden delivered while the read ran
    reads.release();
    expect(await during).toBe(true);
    const after = verdicts.visibleTo(member, topic, "topic:1");
    reads.release();
    expect(await after).toBe(false);
    expect(reads.calls).toEqual(["u5", "u5"]);
  });
});
