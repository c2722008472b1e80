/** What other parts of the server may use of meetings: the stream rule the socket layer asks. */
export { meetingStreamVisible } from "./meeting-state";
