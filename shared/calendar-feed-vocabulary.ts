/**
 * What a calendar feed holds: the owner's own meetings, a region's meetings as the owner may see
 * them, or the forums whose page is public (the same for every owner).
 */
export const calendarFeedScopes = ["personal", "region", "public_forums"] as const;
export type CalendarFeedScope = (typeof calendarFeedScopes)[number];

/** Feeds one account may keep active at once: enough for every scope and a few regions, not a token farm. */
export const calendarFeedLimit = 20;
