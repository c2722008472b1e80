import { and, eq, gte, inArray, isNull, lt, ne, or, type SQL } from "drizzle-orm";
import { accounts, calendarFeeds, meetingRegistrations, meetings, type CalendarFeed } from "@/db/schema";
import type { ServiceDeps } from "../../infra/deps";
import { meetingsCalendar } from "../meetings";
import { hashFeedToken } from "./feeds";
import { feedIncludes, feedRefusal, lastUseDue, tokenFromSegment, type FeedOwner } from "./rules";
import { isSuspended } from "@/server/domain/time-states";

type Deps = Pick<ServiceDeps, "db" | "now">;

/** Meetings that ended this long ago still show, so last quarter's dates stay in the calendar. */
const pastDays = 180;
const maxEvents = 500;

const feedNames = {
  personal: { "zh-CN": "协同 · 我的会议", en: "Xietong · My meetings" },
  region: { "zh-CN": "协同 · 地区会议", en: "Xietong · Region meetings" },
  public_forums: { "zh-CN": "协同 · 公开论坛", en: "Xietong · Public forums" },
} as const;

/**
 * A feed's calendar for GET /api/calendar/<token>.ics, or null (answered 404) when the token is unknown
 * or revoked, its owner is suspended, or a region feed is no longer the owner's to hold. The feed is read
 * as its owner today, through the meetings' one visibility rule (rules.ts, feedIncludes).
 */
export async function calendarFeedIcs(deps: Deps, segment: string, origin: string) {
  const token = tokenFromSegment(segment);
  if (!token) return null;
  const now = deps.now();
  const [found] = await deps.db
    .select({
      feed: calendarFeeds,
      owner: {
        id: accounts.id,
        role: accounts.role,
        chair: accounts.chair,
        regionId: accounts.regionId,
        suspendedUntil: accounts.suspendedUntil,
      },
    })
    .from(calendarFeeds)
    .innerJoin(accounts, eq(accounts.id, calendarFeeds.accountId))
    .where(eq(calendarFeeds.tokenHash, hashFeedToken(token)));
  if (!found || found.feed.revokedAt) return null;
  const { feed, owner } = found;
  if (isSuspended(owner.suspendedUntil, now)) return null;
  // An admin's feed of another region, or one of a region the owner has since left, ends with that right.
  if (feedRefusal(owner, feed)) return null;
  const rows = await feedMeetings(deps, feed, owner, now);
  const content = await meetingsCalendar(deps.db, rows, {
    locale: feed.locale,
    origin,
    name: feedNames[feed.scope][feed.locale],
  });
  if (lastUseDue(feed.lastUsedAt, now)) {
    await deps.db
      .update(calendarFeeds)
      .set({ lastUsedAt: now })
      .where(
        and(
          eq(calendarFeeds.id, feed.id),
          or(isNull(calendarFeeds.lastUsedAt), lt(calendarFeeds.lastUsedAt, new Date(now.getTime() - 60_000))),
        ),
      );
  }
  return { content };
}

/** The candidates narrowed in SQL, then each one asked of the rule, which alone decides. */
async function feedMeetings(deps: Deps, feed: CalendarFeed, owner: FeedOwner, now: Date) {
  const since = new Date(now.getTime() - pastDays * 86_400_000);
  const registeredWhere = (condition: SQL) =>
    inArray(
      meetings.id,
      deps.db.select({ id: meetingRegistrations.meetingId }).from(meetingRegistrations).where(condition),
    );
  const scope =
    feed.scope === "personal"
      ? or(eq(meetings.createdById, owner.id), registeredWhere(eq(meetingRegistrations.accountId, owner.id)))
      : feed.scope === "region"
        ? or(
            eq(meetings.hostRegionId, feed.regionId!),
            registeredWhere(eq(meetingRegistrations.regionId, feed.regionId!)),
          )
        : and(eq(meetings.kind, "forum"), eq(meetings.publicPage, true));
  const rows = await deps.db
    .select()
    .from(meetings)
    .where(and(scope, ne(meetings.status, "draft"), gte(meetings.endsAt, since)))
    .orderBy(meetings.startsAt)
    .limit(maxEvents);
  const ids = rows.map((m) => m.id);
  const registrations = ids.length
    ? await deps.db
        .select({
          meetingId: meetingRegistrations.meetingId,
          accountId: meetingRegistrations.accountId,
          regionId: meetingRegistrations.regionId,
        })
        .from(meetingRegistrations)
        .where(inArray(meetingRegistrations.meetingId, ids))
    : [];
  return rows.filter((meeting) => {
    const mine = registrations.filter((r) => r.meetingId === meeting.id);
    return feedIncludes(feed, meeting, owner, {
      ownerRegistered: mine.some((r) => r.accountId === owner.id),
      regionRegistered: feed.regionId !== null && mine.some((r) => r.regionId === feed.regionId),
    });
  });
}
