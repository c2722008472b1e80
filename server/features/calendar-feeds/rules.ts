import type { CalendarFeedScope } from "@/shared/calendar-feed-vocabulary";
import type { Role } from "@/shared/vocabulary";
import { meetingVisibleTo, type Actor, type MeetingAccess } from "../meetings/rules";

/**
 * The pure rules of calendar feeds: who may open which feed, which meetings a feed holds, and how a
 * token is read from its address. A feed is read as its owner through the meetings' one visibility rule.
 */

export interface FeedOwner extends Pick<Actor, "id" | "role" | "chair"> {
  regionId: number;
}

/** A region feed is for the owner's own region; admins may follow any region. */
export function feedRefusal(
  owner: { role: Role; regionId: number },
  input: { scope: CalendarFeedScope; regionId?: number | null },
): "CALENDAR_FEED_REGION_FORBIDDEN" | null {
  if (input.scope !== "region" || owner.role === "admin") return null;
  return input.regionId === owner.regionId ? null : "CALENDAR_FEED_REGION_FORBIDDEN";
}

export interface FeedMeeting extends MeetingAccess {
  createdById: number;
  hostRegionId: number;
}

/** What links a meeting to the feed besides the meeting row: the owner's registration, its region's. */
export interface FeedLinks {
  ownerRegistered: boolean;
  /** Someone from the feed's region registered (region feeds only). */
  regionRegistered: boolean;
}

/**
 * Whether a meeting belongs in a feed. Drafts never do (a subscribed calendar is copied to other
 * services, and a draft is not yet a date anyone keeps); cancelled ones stay, marked cancelled.
 * personal: meetings the owner registered for or created; region: hosted by the region or with a
 * registrant from it; public forums: forums with a public page, the same for every owner.
 */
export function feedIncludes(
  feed: { scope: CalendarFeedScope; regionId: number | null },
  meeting: FeedMeeting,
  owner: FeedOwner,
  links: FeedLinks,
): boolean {
  if (meeting.status === "draft") return false;
  switch (feed.scope) {
    case "personal":
      return (links.ownerRegistered || meeting.createdById === owner.id) && meetingVisibleTo(meeting, owner);
    case "region":
      return (meeting.hostRegionId === feed.regionId || links.regionRegistered) && meetingVisibleTo(meeting, owner);
    case "public_forums":
      return meeting.kind === "forum" && meeting.publicPage && meetingVisibleTo(meeting, null);
  }
}

const tokenShape = /^[A-Za-z0-9_-]{43}$/;

/** The token in a feed's last path segment, "<token>.ics" (or bare), or null when it cannot be one. */
export function tokenFromSegment(segment: string): string | null {
  const token = segment.endsWith(".ics") ? segment.slice(0, -".ics".length) : segment;
  return tokenShape.test(token) ? token : null;
}

/** Last use is kept to the minute: one write a minute per feed at most, however often a calendar polls. */
export const lastUseDue = (lastUsedAt: Date | null, now: Date): boolean =>
  lastUsedAt === null || now.getTime() - lastUsedAt.getTime() >= 60_000;
