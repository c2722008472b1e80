/** What other parts of the server may use of talent: the posting stream's join rule the socket layer asks. */
export { postingStreamVisible } from "./stream-visibility";
