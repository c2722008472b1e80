/**
 * What other parts of the server may use of meetings: the stream rule the socket layer asks, reading a
 * meeting through its visibility rule, the iCalendar builder the calendar feeds share with the download,
 * its jobs (reminders, overdue actions) and what a webhook notice about a meeting may say.
 */
export { meetingStreamVisible, readableMeeting } from "./meeting-state";
export { meetingsCalendar } from "./calendar";
export { meetingJobHandlers } from "./meeting-notices";
export { meetingNoticeFacts } from "./record-reads";
