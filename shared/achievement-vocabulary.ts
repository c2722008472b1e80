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

export const transferModes = ["licence", "assignment", "joint_development", "service"] as const;
export type TransferMode = (typeof transferModes)[number];

export const organisationTypes = ["government", "university", "institute", "enterprise"] as const;
export type OrganisationType = (typeof organisationTypes)[number];

/** A city's character in the paper's terms: strong in R&D, strong in manufacturing, or both. */
export const regionStrengths = ["rnd", "manufacturing", "balanced"] as const;
export type RegionStrength = (typeof regionStrengths)[number];

export const needStatuses = ["open", "closed"] as const;
export type NeedStatus = (typeof needStatuses)[number];
