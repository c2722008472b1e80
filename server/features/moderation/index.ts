/** What other features and the composition root use of moderation; the rest of the folder is its own. */
export { enqueueHeld, holdForReview } from "./moderation-hold";
export { fileReport, myReports } from "./reports";
export { resolveQueueEntries } from "./moderation-actions";
export { queueAuthorChange } from "./moderation-queue";
export { announcePostChange, announceRename } from "./queue-outside-changes";
