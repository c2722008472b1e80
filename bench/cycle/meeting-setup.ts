import { randomBytes } from "node:crypto";
import path from "node:path";
import { openDatabase } from "@/db/client";
import { toChinaLocal } from "@/server/features/meetings/rules";
import { pollsOf } from "@/server/features/meetings/polls/polls";
import { callerFor, sessionCookieOf } from "@/server/testing/fixtures";
import { freshRegions, insertAccounts, makeChair } from "@/server/testing/ballots";
import { root, type BenchDatabase } from "../support/comments-setup";
import { pollDigest } from "./meeting-watchers";
import { seededBenchDeps } from "../support/bench-deps";

/** The meeting bench/cycle/meeting.ts runs: seeded through the use-cases, straight on the database. */

export interface BenchMeeting {
  meetingId: number;
  itemIds: number[];
  /** The chair's session cookie, then one per participant (registered and checked in). */
  chairCookie: string;
  participantCookies: string[];
  regions: number;
  /** The NEXTAUTH_SECRET the cookies were minted with: the server must run with it. */
  sessionSecret: string;
}

const open = (database: BenchDatabase) =>
  openDatabase({ url: database.url, dataDir: database.dataDir, migrationsFolder: path.join(root, "db/migrations") });

/**
 * A coordination meeting in session with `items` agenda items and `participants` members spread over
 * `regions` fresh regions, each registered (in person) and checked in, with a session cookie each.
 */
export async function seedMeeting(
  database: BenchDatabase,
  options: { participants: number; regions: number; items: number },
): Promise<BenchMeeting> {
  const handle = await open(database);
  try {
    const deps = await seededBenchDeps(handle);
    const regions = await freshRegions(handle.db, options.regions);
    const people = [];
    for (const [i, region] of regions.entries()) {
      const share =
        Math.floor(options.participants / regions.length) + (i < options.participants % regions.length ? 1 : 0);
      people.push(...(await insertAccounts(handle.db, region.id, share)));
    }
    const [chair] = await insertAccounts(handle.db, regions[0]!.id, 1);
    await makeChair(handle.db, chair!);
    const asChair = callerFor(deps, chair!.user);
    const hours = (h: number) => toChinaLocal(new Date(Date.now() + h * 3_600_000));
    const { meetingId } = await asChair.meetings.create({
      kind: "coordination",
      titleZh: "跨区域协调会议（基准）",
      titleEn: "Cross-regional coordination meeting (benchmark)",
      hostRegionId: regions[0]!.id,
      startsAt: hours(1),
      endsAt: hours(4),
    });
    const itemIds: number[] = [];
    for (let i = 0; i < options.items; i += 1) {
      const item = await asChair.meetings.addItem({
        meetingId,
        titleZh: `议题 ${i + 1}`,
        titleEn: `Item ${i + 1}`,
        durationMinutes: 10,
      });
      itemIds.push(item.itemId);
    }
    await asChair.meetings.transition({ meetingId, action: "schedule" });
    for (const person of people) await callerFor(deps, person.user).meetings.register({ meetingId, mode: "in_person" });
    await asChair.meetings.transition({ meetingId, action: "start" });
    for (const person of people) await callerFor(deps, person.user).meetings.checkIn({ meetingId });
    const sessionSecret = randomBytes(32).toString("base64url");
    const chairCookie = await sessionCookieOf(handle.db, chair!.account, sessionSecret);
    const participantCookies: string[] = [];
    for (const person of people)
      participantCookies.push(await sessionCookieOf(handle.db, person.account, sessionSecret));
    return { meetingId, itemIds, chairCookie, participantCookies, regions: regions.length, sessionSecret };
  } finally {
    await handle.close();
  }
}

/** The polls as the database holds them (server stopped), in the form the watchers report their caches in. */
export async function databasePolls(database: BenchDatabase, meetingId: number): Promise<string> {
  const handle = await open(database);
  try {
    return pollDigest(await pollsOf(handle.db, meetingId));
  } finally {
    await handle.close();
  }
}
