/**
 * What other parts of the server may use of meetings: the stream rule the socket layer asks, reading a
 * meeting through its visibility rule, the iCalendar builder the calendar feeds share with the download,
 * and what a webhook notice about a meeting may say. Its jobs (reminders, overdue actions) are imported by
 * server/jobs.ts from meeting-notices.ts directly: they notify, and notifications reach back to access,
 * which asks this index for the stream rule.
 */
export { meetingStreamVisible, readableMeeting } from "./meeting-state";
export { meetingsCalendar } from "./calendar";
export { meetingNoticeFacts } from "./record/record-reads";
