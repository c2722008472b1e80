import ICAL from "ical.js";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, auditEntries, calendarFeeds } from "@/db/schema";
import { calendarFeedLimit } from "@/shared/calendar-feed-vocabulary";
import { freshRegions, insertAccounts, makeChair } from "../../testing/ballots";
import { callerFor, createTestClock, createTestServices, type TestServices } from "../../testing/fixtures";
import { callFailure } from "../../testing/trpc-errors";
import { toChinaLocal } from "../meetings/rules";
import { calendarFeedIcs } from "./index";
import { hashFeedToken } from "./feeds";

/** Calendar feeds through the procedures and the feed reader the HTTP route calls, on the database. */
const clock = createTestClock();
let services: TestServices;

beforeAll(async () => {
  services = await createTestServices({ now: clock.now });
});
afterAll(async () => {
  await services?.close();
});

const as = (who: { user: Parameters<typeof callerFor>[1] }) => callerFor(services.deps, who.user);
const hours = (h: number) => toChinaLocal(new Date(clock.now().getTime() + h * 3_600_000));
const origin = "https://xietong.example.cn";

/** The feed's events as a calendar app reads them: parsed back with ical.js (RFC 5545). */
async function feedEvents(token: string) {
  const file = await calendarFeedIcs(services.deps, `${token}.ics`, origin);
  if (!file) return null;
  const calendar = new ICAL.Component(ICAL.parse(file.content));
  return calendar.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    return { uid: event.uid, summary: event.summary, status: vevent.getFirstPropertyValue("status") };
  });
}

async function setup() {
  const [a, b] = await freshRegions(services.deps.db, 2);
  const [chair, memberA] = await insertAccounts(services.deps.db, a!.id, 2);
  const [memberB] = await insertAccounts(services.deps.db, b!.id, 1);
  const [researcher] = await insertAccounts(services.deps.db, a!.id, 1, "researcher");
  const [admin] = await insertAccounts(services.deps.db, b!.id, 1, "admin");
  await makeChair(services.deps.db, chair!);
  const meeting = async (over: Record<string, unknown>, schedule = true) => {
    const { meetingId } = await as(chair!).meetings.create({
      kind: "coordination",
      titleZh: "协调会议",
      titleEn: "Coordination meeting",
      hostRegionId: a!.id,
      startsAt: hours(24),
      endsAt: hours(26),
      ...over,
    });
    if (schedule) await as(chair!).meetings.transition({ meetingId, action: "schedule" });
    return meetingId;
  };
  const coordination = await meeting({ titleEn: "Coordination A" });
  const forum = await meeting({ kind: "forum", publicPage: true, titleEn: "Public forum", hostRegionId: b!.id });
  const privateForum = await meeting({ kind: "forum", titleEn: "Members forum", hostRegionId: b!.id });
  const draft = await meeting({ kind: "forum", publicPage: true, titleEn: "Draft forum" }, false);
  const cancelled = await meeting({ kind: "forum", publicPage: true, titleEn: "Cancelled forum" });
  await as(chair!).meetings.transition({ meetingId: cancelled, action: "cancel" });
  await as(researcher!).meetings.register({ meetingId: forum, mode: "online" });
  await as(memberA!).meetings.register({ meetingId: coordination, mode: "in_person" });
  await as(memberB!).meetings.register({ meetingId: coordination, mode: "online" });
  return {
    a: a!,
    b: b!,
    chair: chair!,
    memberA: memberA!,
    memberB: memberB!,
    researcher: researcher!,
    admin: admin!,
    ids: { coordination, forum, privateForum, draft, cancelled },
  };
}

const uid = (id: number) => `meeting-${id}@xietong`;

describe(`calendar feeds (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("[ICS] personal feeds hold only the owner's meetings, stored hashed, parsed back as RFC 5545", async () => {
    const { researcher, memberA, ids } = await setup();
    const created = await as(researcher).calendarFeeds.create({ scope: "personal", locale: "en" });
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [row] = await services.deps.db.select().from(calendarFeeds).where(eq(calendarFeeds.id, created.id));
    expect(row!.tokenHash).toBe(hashFeedToken(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);
    const [audit] = await services.deps.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.targetType, "calendar_feed"), eq(auditEntries.targetId, String(created.id))));
    expect(audit).toMatchObject({ action: "calendar_feed.create", targetType: "calendar_feed" });
    expect(JSON.stringify(audit)).not.toContain(created.token);

    // The researcher registered for the public forum only: the coordination meeting is never theirs.
    expect(await feedEvents(created.token)).toEqual([
      { uid: uid(ids.forum), summary: "Public forum", status: "CONFIRMED" },
    ]);
    const mine = await as(memberA).calendarFeeds.create({ scope: "personal", locale: "zh-CN" });
    expect((await feedEvents(mine.token))!.map((e) => e.summary)).toEqual(["协调会议"]);
    // The list shows feeds without their tokens, and only the caller's.
    const listed = await as(researcher).calendarFeeds.list();
    expect(listed.map((f) => f.id)).toEqual([created.id]);
    expect(JSON.stringify(listed)).not.toContain(created.token);
  });

  it("[REGION] region feeds follow the owner's visibility; another region is refused to a non-admin", async () => {
    const { a, b, researcher, memberB, admin, ids } = await setup();
    expect(
      await callFailure(as(researcher).calendarFeeds.create({ scope: "region", regionId: b.id, locale: "en" })),
    ).toMatchObject({ reason: "CALENDAR_FEED_REGION_FORBIDDEN" });
    const researchers = await as(researcher).calendarFeeds.create({ scope: "region", regionId: a.id, locale: "en" });
    // Region A hosts the coordination meeting and the cancelled forum; a researcher of A registered for the forum.
    const seen = await feedEvents(researchers.token);
    expect(seen!.map((e) => e.uid).sort()).toEqual([uid(ids.forum), uid(ids.cancelled)].sort());
    expect(seen!.find((e) => e.uid === uid(ids.cancelled))!.status).toBe("CANCELLED");

    const members = await as(memberB).calendarFeeds.create({ scope: "region", regionId: b.id, locale: "en" });
    // B hosts both forums and a member of B registered for the coordination meeting.
    expect((await feedEvents(members.token))!.map((e) => e.uid).sort()).toEqual(
      [uid(ids.coordination), uid(ids.forum), uid(ids.privateForum)].sort(),
    );
    const admins = await as(admin).calendarFeeds.create({ scope: "region", regionId: a.id, locale: "en" });
    expect((await feedEvents(admins.token))!.map((e) => e.uid)).toContain(uid(ids.coordination));
    expect(JSON.stringify(await feedEvents(admins.token))).not.toContain(uid(ids.draft));
    // Read as the owner's account today: no longer an admin, the other region's feed answers nothing.
    await services.deps.db.update(accounts).set({ role: "member" }).where(eq(accounts.id, admin.account.id));
    expect(await feedEvents(admins.token)).toBeNull();
    expect(await feedEvents(members.token)).not.toBeNull();
  });

  it("[PUBLIC] public forums: public pages only, no draft, whoever owns the feed", async () => {
    const { memberA, ids } = await setup();
    const feed = await as(memberA).calendarFeeds.create({ scope: "public_forums", locale: "en" });
    const seen = (await feedEvents(feed.token))!.map((e) => e.uid);
    expect(seen).toEqual(expect.arrayContaining([uid(ids.forum), uid(ids.cancelled)]));
    for (const hidden of [ids.coordination, ids.privateForum, ids.draft]) expect(seen).not.toContain(uid(hidden));
  });

  it("[REVOKE] revoked, unknown or suspended-owner feeds answer nothing; only owner or admin revokes", async () => {
    const { memberA, memberB, admin } = await setup();
    const feed = await as(memberA).calendarFeeds.create({ scope: "personal", locale: "en" });
    const other = await as(memberA).calendarFeeds.create({ scope: "public_forums", locale: "en" });
    expect(await feedEvents(feed.token)).not.toBeNull();
    expect(await calendarFeedIcs(services.deps, "not-a-token.ics", origin)).toBeNull();
    expect(await feedEvents("A".repeat(43))).toBeNull();

    // Last use is written, then not again within the minute.
    const [used] = await services.deps.db.select().from(calendarFeeds).where(eq(calendarFeeds.id, feed.id));
    expect(used!.lastUsedAt).not.toBeNull();
    await feedEvents(feed.token);
    const [again] = await services.deps.db.select().from(calendarFeeds).where(eq(calendarFeeds.id, feed.id));
    expect(again!.lastUsedAt!.getTime()).toBe(used!.lastUsedAt!.getTime());

    expect(await callFailure(as(memberB).calendarFeeds.revoke({ feedId: feed.id }))).toMatchObject({
      code: "NOT_FOUND",
    });
    await as(memberA).calendarFeeds.revoke({ feedId: feed.id });
    expect(await feedEvents(feed.token)).toBeNull();
    await as(admin).calendarFeeds.revoke({ feedId: other.id });
    expect(await feedEvents(other.token)).toBeNull();
    const actions = await services.deps.db
      .select({ action: auditEntries.action, actorId: auditEntries.actorId })
      .from(auditEntries)
      .where(and(eq(auditEntries.targetType, "calendar_feed"), eq(auditEntries.targetId, String(other.id))));
    expect(actions).toContainEqual({ action: "calendar_feed.revoke", actorId: admin.account.id });

    const kept = await as(memberB).calendarFeeds.create({ scope: "public_forums", locale: "zh-CN" });
    expect(await feedEvents(kept.token)).not.toBeNull();
    await services.deps.db
      .update(accounts)
      .set({ suspendedUntil: new Date(clock.now().getTime() + 86_400_000) })
      .where(eq(accounts.id, memberB.account.id));
    expect(await feedEvents(kept.token)).toBeNull();
  });

  it("[LIMIT] an account keeps a bounded number of active feeds; revoking one makes room", async () => {
    const [region] = await freshRegions(services.deps.db, 1);
    const [member] = await insertAccounts(services.deps.db, region!.id, 1);
    // Asked all at once: the account row's lock lets exactly the limit through.
    const attempts = await Promise.allSettled(
      Array.from({ length: calendarFeedLimit + 2 }, () =>
        as(member!).calendarFeeds.create({ scope: "personal", locale: "en" }),
      ),
    );
    const made = attempts.flatMap((a) => (a.status === "fulfilled" ? [a.value] : []));
    expect(made).toHaveLength(calendarFeedLimit);
    for (const attempt of attempts.filter((a) => a.status === "rejected"))
      expect(await callFailure(Promise.reject(attempt.reason))).toMatchObject({ reason: "CALENDAR_FEED_LIMIT" });
    expect(await callFailure(as(member!).calendarFeeds.create({ scope: "public_forums", locale: "en" }))).toMatchObject(
      { reason: "CALENDAR_FEED_LIMIT" },
    );
    await as(member!).calendarFeeds.revoke({ feedId: made[0]!.id });
    await as(member!).calendarFeeds.create({ scope: "public_forums", locale: "en" });
    expect(new Set(made.map((f) => f.token)).size).toBe(calendarFeedLimit);
  });
});
