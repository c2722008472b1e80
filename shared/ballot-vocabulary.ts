/** A ballot's fixed vocabularies: the schema's enums and the rules in server/features/ballots/rules/ballot-rules.ts share them. */
export const ballotRules = ["regional_consent", "double_majority", "simple_majority"] as const;
export type BallotRule = (typeof ballotRules)[number];

export const ballotVisibilities = ["secret", "roll_call"] as const;
export type BallotVisibility = (typeof ballotVisibilities)[number];

export const ballotStatuses = ["open", "closed"] as const;
export type BallotStatus = (typeof ballotStatuses)[number];

export const voteChoices = ["approve", "reject", "abstain"] as const;
export type VoteChoice = (typeof voteChoices)[number];
