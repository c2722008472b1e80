/** What other parts of the server may use of meetings: the stream rule the socket layer asks, reading a meeting through its visibility rule, and its jobs. */
export { meetingStreamVisible, readableMeeting } from "./meeting-state";
/** Meeting reminders and overdue actions, run by the job runner. */
export { meetingJobHandlers } from "./meeting-notices";
/** What a webhook notice about a meeting may say. */
export { meetingNoticeFacts } from "./record-reads";
