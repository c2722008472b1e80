import { afterAll, beforeAll } from "vitest";
import { toChinaLocal } from "@/server/features/meetings/rules";
import { callerFor, createTestClock, createTestServices, type TestServices } from "./fixtures";

/**
 * One test database for a meetings test file, on a movable clock: `as(who)` calls the procedures as
 * that account (null: signed out), `hours(h)` is the China wall-clock time h hours from the clock's now.
 */
export function meetingTestBench() {
  const clock = createTestClock();
  let services: TestServices | undefined;
  beforeAll(async () => {
    services = await createTestServices({ now: clock.now });
  });
  afterAll(async () => {
    await services?.close();
  });
  const current = () => {
    if (!services) throw new Error("The test services start in beforeAll");
    return services;
  };
  return {
    clock,
    services: current,
    as: (who: { user: Parameters<typeof callerFor>[1] } | null) => callerFor(current().deps, who ? who.user : null),
    hours: (h: number) => toChinaLocal(new Date(clock.now().getTime() + h * 3_600_000)),
  };
}
