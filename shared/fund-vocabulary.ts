/** The joint fund's fixed vocabularies: the schema's enums and the rules in server/features/fund share them. */
export const callStatuses = ["draft", "open", "review", "selection", "awarded", "closed"] as const;
export type CallStatus = (typeof callStatuses)[number];

/** A funded project's state as its team reports it (Decidim's accountability statuses, in our words). */
export const progressStatuses = ["on_track", "at_risk", "late", "done"] as const;
export type ProgressStatus = (typeof progressStatuses)[number];

/** How the body chose the portfolio among the three the optimisers offer. */
export const portfolioMethods = ["exact", "greedy", "equal_shares"] as const;
export type PortfolioMethod = (typeof portfolioMethods)[number];

/** What a funded project reports it produced (#19.4), each counted: the accountability pages sum them by type. */
export const outcomeTypes = [
  "joint_paper",
  "patent_filed",
  "patent_granted",
  "tech_contract",
  "standard",
  "trainee_exchanged",
] as const;
export type OutcomeType = (typeof outcomeTypes)[number];
/** What closing a portfolio ballot did to its call: awarded, or why not (the call stays in selection). */
export const portfolioBallotOutcomes = ["awarded", "no_agreement", "stale", "over_cap", "wrong_stage"] as const;
export type PortfolioBallotOutcome = (typeof portfolioBallotOutcomes)[number];
/** What closing a revision ballot did to the project's agreed shares: revised, kept, or why not. */
export const revisionOutcomes = ["revised", "kept", "no_agreement", "stale"] as const;
export type RevisionOutcome = (typeof revisionOutcomes)[number];
/** How far actual cost shares may drift from the agreed plan before a revision may be proposed: 5 percentage points. */
export const defaultDriftThresholdBp = 500;
