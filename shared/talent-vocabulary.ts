/** Talent exchange (recommendation 4.4): the fixed vocabularies the schema, the rules and the pages share. */
export const postingKinds = [
  "secondment",
  "joint_appointment",
  "visiting_researcher",
  "joint_phd_supervision",
  "short_training",
] as const;
export type PostingKind = (typeof postingKinds)[number];

/** Open: takes applications. Closed: the host stopped taking them; existing applications carry on. */
export const postingStatuses = ["open", "closed"] as const;
export type PostingStatus = (typeof postingStatuses)[number];

/**
 * applied → shortlisted → offered → accepted → completed, with declined (by the host before an offer,
 * by the applicant on an offer) and withdrawn (by the applicant before accepting) as other ends.
 */
export const applicationStatuses = [
  "applied",
  "shortlisted",
  "offered",
  "accepted",
  "declined",
  "withdrawn",
  "completed",
] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];

export const applicationActions = ["shortlist", "offer", "decline", "accept", "withdraw", "complete"] as const;
export type ApplicationAction = (typeof applicationActions)[number];

/** Who an expertise profile is shown to; hidden until its owner opts in. */
export const expertiseVisibilities = ["hidden", "participants", "public"] as const;
export type ExpertiseVisibility = (typeof expertiseVisibilities)[number];

export const expertiseLinkKinds = ["publication", "patent", "other"] as const;
export type ExpertiseLinkKind = (typeof expertiseLinkKinds)[number];

/** Form limits as plain numbers, so pages read them without loading the contract (zod). */
export const talentLimits = {
  titleMax: 200,
  descriptionMax: 4_000,
  fieldMax: 80,
  supportMax: 1_000,
  organisationMax: 200,
  statementMax: 2_000,
  durationMaxMonths: 60,
  placesMax: 50,
  fieldsMax: 8,
  keywordsMax: 20,
  keywordMax: 40,
  linksMax: 20,
  linkLabelMax: 200,
  urlMax: 500,
} as const;
