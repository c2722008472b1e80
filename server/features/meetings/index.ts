/**
 * What other parts of the server may use of meetings: the stream rule the socket layer asks, reading a
 * meeting through its visibility rule, and the iCalendar builder the calendar feeds share with the download.
 */
export { meetingStreamVisible, readableMeeting } from "./meeting-state";
export { meetingsCalendar } from "./calendar";
