/** A joint project's fixed vocabularies: the schema's enums and the rules in server/domain share them. */
export const projectStatuses = [
  "draft",
  "submitted",
  "voting",
  "approved",
  "rejected",
  "archived",
  "withdrawn",
] as const;
export type ProjectStatus = (typeof projectStatuses)[number];

export const projectRegionRoles = ["lead", "partner"] as const;
export type ProjectRegionRole = (typeof projectRegionRoles)[number];

export const coauthorStatuses = ["invited", "accepted", "declined"] as const;
export type CoauthorStatus = (typeof coauthorStatuses)[number];
