/** Organisations and industrial alliances (issue #22): the fixed vocabularies the schema, rules and pages share. */
export { organisationTypes, type OrganisationType } from "./achievement-vocabulary";

/** The industrial chain's stages, in chain order: the rows of the division-of-labour matrix. */
export const chainRoles = [
  "design",
  "materials",
  "equipment",
  "manufacturing",
  "packaging_testing",
  "application",
  "finance",
  "service",
] as const;
export type ChainRole = (typeof chainRoles)[number];

/** A membership starts as an invitation; only the invited organisation's people (or an admin) answer it. */
export const membershipStatuses = ["invited", "accepted", "declined"] as const;
export type MembershipStatus = (typeof membershipStatuses)[number];

/** How an account came to be linked to its organisation: by the free-text migration, or by an admin. */
export const organisationLinkMethods = ["exact", "normalised", "admin"] as const;
export type OrganisationLinkMethod = (typeof organisationLinkMethods)[number];

/** Form limits; plain numbers so pages read them without loading the zod contract. */
export const allianceLimits = {
  nameMax: 120,
  descriptionMax: 2_000,
  contributionMax: 500,
  sectorsMax: 10,
  aliasesMax: 10,
  /** A cell with this many member organisations or more is "crowded": homogeneous competition. */
  crowdedAt: 2,
  /** A chain stage held in this many cities or more is duplicated across the cluster. */
  spreadAt: 3,
} as const;
