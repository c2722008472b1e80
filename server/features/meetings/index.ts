/** What other parts of the server may use of meetings: the stream rule the socket layer asks, and reading a meeting through its visibility rule. */
export { meetingStreamVisible, readableMeeting } from "./meeting-state";
