/** What other features and the composition root use of ballots; the rest of the folder is its own. */
export { chairsBallots } from "./ballot-chair";
export { startBallotScheduler } from "./ballot-scheduler";
export { castVote } from "./cast-vote";
export { closeBallot } from "./close-ballot";
export { openBallot } from "./open-ballot";
export { openPortfolioBallot } from "./portfolio-ballot";
export { participatingRegionIds, proposePlan } from "./plans/benefit-plans";
export { ballotCounts, publicDecision } from "./ballot-reads";
export { ballotJobHandlers } from "./reminders";
export { flushVoteNotices } from "./vote-notices";
