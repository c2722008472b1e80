/** What other features and the composition root use of deliberation; the rest of the folder is its own. */
export { addComment, reactToComment } from "./comments";
export { createTopic } from "./topics";
