/**
 * A topic's public list row, its forum's stance picture and the forum's list row (with its topic count),
 * for deliberation's reads and events and for moderation's hide, restore and move. Its own folder because deliberation uses moderation
 * (holds), and access sits below accounts' mail.
 */
export { listedTopicColumns, publishedTopic } from "./published-topic";
export { stancePicture } from "./stance-picture";
export { topicForum, topicForumColumns } from "./topic-forum";
export { listedForumNow, readListedForums } from "./listed-forum";
