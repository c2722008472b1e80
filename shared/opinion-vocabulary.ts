/** Opinion rounds' fixed vocabularies, shared by the schema, the rules and the pages. */
export const organisationKinds = ["government", "university", "institute", "enterprise"] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

export const roundStates = ["open", "closed"] as const;
export type RoundState = (typeof roundStates)[number];

/** The three answers to a statement; an unseen statement has no row. */
export const opinionChoices = ["agree", "disagree", "pass"] as const;
export type OpinionChoice = (typeof opinionChoices)[number];

export const opinionLimits = {
  statementMax: 280,
  statementMin: 5,
  titleMax: 200,
  questionMax: 1_000,
  statementsPerHour: 20,
} as const;
