/** What the HTTP route serving a feed uses: the calendar for a token, or null for 404. */
export { calendarFeedIcs } from "./feed-ics";
