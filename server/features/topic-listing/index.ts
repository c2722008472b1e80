/**
 * A topic's public list row, for deliberation's list and events and for moderation's restore. Its own
 * folder because deliberation uses moderation (holds), and access sits below accounts' mail.
 */
export { listedTopicColumns, publishedTopic } from "./published-topic";
