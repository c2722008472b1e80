/** Achievements and technology transfer (recommendation 4.5): the fixed vocabularies the schema and the rules share. */
export const achievementKinds = [
  "patent",
  "software",
  "standard",
  "material_process",
  "prototype",
  "dataset",
  "other",
] as const;
export type AchievementKind = (typeof achievementKinds)[number];

/** Draft: owners and admins only. Published: everyone. Withdrawn: back to owners and admins. */
export const achievementStatuses = ["draft", "published", "withdrawn"] as const;
export type AchievementStatus = (typeof achievementStatuses)[number];

export const ipStatuses = ["none", "filed", "granted"] as const;
export type IpStatus = (typeof ipStatuses)[number];

/** `joint_project`: the deal drafts a new joint project with the parties invited as co-proposers. */
export const transferModes = ["licence", "assignment", "joint_development", "service", "joint_project"] as const;
export type TransferMode = (typeof transferModes)[number];

export const organisationTypes = ["government", "university", "institute", "enterprise"] as const;
export type OrganisationType = (typeof organisationTypes)[number];

/** A city's character in the paper's terms: strong in R&D, strong in manufacturing, or both. */
export const regionStrengths = ["rnd", "manufacturing", "balanced"] as const;
export type RegionStrength = (typeof regionStrengths)[number];

export const needStatuses = ["open", "closed"] as const;
export type NeedStatus = (typeof needStatuses)[number];

/** Length and size limits of the forms; plain numbers, so pages read them without loading the contract (zod). */
export const achievementLimits = {
  titleMax: 200,
  summaryMax: 4_000,
  organisationMax: 200,
  ownersMax: 10,
  sectorsMax: 10,
  ipNumberMax: 60,
  problemMax: 4_000,
  messageMax: 4_000,
  /** Integer yuan: ¥10 billion, beyond any single transfer. */
  yuanMax: 10_000_000_000,
  outcomesMax: 20,
  /** A moderator's reason for hiding a negotiation message. */
  reasonMax: 500,
  dealRegionsMax: 20,
  termsNoteMax: 1_000,
} as const;

/** Proposed terms of a deal: open until the other side accepts or declines, or either side counters. */
export const dealTermsStatuses = ["proposed", "accepted", "declined", "superseded", "recorded"] as const;
export type DealTermsStatus = (typeof dealTermsStatuses)[number];

/** The two sides of a negotiation: the achievement's owners, and the person who enquired. */
export const negotiationSides = ["owner", "asker"] as const;
export type NegotiationSide = (typeof negotiationSides)[number];

/** A region's share of a deal's revenue, in basis points (the shares of a deal sum to 10 000). */
export interface RevenueShare {
  regionId: number;
  revenueBp: number;
}
