import { sql } from "drizzle-orm";
import { index, integer, pgEnum, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { chainRoles, membershipStatuses, organisationLinkMethods } from "@/shared/alliance-vocabulary";
import { accounts } from "../core/accounts";
import { organisationTypeEnum } from "./achievements";
import { forums } from "../decisions/deliberation";
import { projects } from "../decisions/projects";
import { regions } from "../core/regions";

export const chainRoleEnum = pgEnum("chain_role", chainRoles);
export const membershipStatusEnum = pgEnum("alliance_membership_status", membershipStatuses);
export const organisationLinkMethodEnum = pgEnum("organisation_link_method", organisationLinkMethods);

/** An organisation as an entity: names in both languages, type, region and sectors. */
export const organisations = pgTable(
  "organisations",
  {
    id: serial("id").primaryKey(),
    nameZh: text("name_zh").notNull(),
    nameEn: text("name_en").notNull(),
    /** Other names people write for it (short names such as 上海交大); matched like the names. */
    aliases: text("aliases")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** `normaliseOrganisationName` of both names and every alias; what free text is matched against. */
    matchKeys: text("match_keys")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    type: organisationTypeEnum("type").notNull(),
    regionId: integer("region_id")
      .notNull()
      .references(() => regions.id),
    sectors: text("sectors")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdById: integer("created_by_id").references(() => accounts.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("organisations_region_idx").on(table.regionId),
    index("organisations_match_keys_idx").using("gin", table.matchKeys),
  ],
);
export type Organisation = typeof organisations.$inferSelect;

/**
 * Which organisation an account acts for. Kept beside `accounts.organisation` (the free text people
 * typed) rather than in it: an account without a row here is on the admin's review list.
 */
export const accountOrganisations = pgTable(
  "account_organisations",
  {
    accountId: integer("account_id")
      .primaryKey()
      .references(() => accounts.id),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
    method: organisationLinkMethodEnum("method").notNull(),
    linkedById: integer("linked_by_id").references(() => accounts.id),
    linkedAt: timestamp("linked_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("account_organisations_organisation_idx").on(table.organisationId)],
);

/** A cross-regional industrial innovation alliance; its discussion is a forum of its own. */
export const alliances = pgTable("alliances", {
  id: serial("id").primaryKey(),
  nameZh: text("name_zh").notNull(),
  nameEn: text("name_en").notNull(),
  descriptionZh: text("description_zh").notNull().default(""),
  descriptionEn: text("description_en").notNull().default(""),
  sectors: text("sectors")
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  founderOrganisationId: integer("founder_organisation_id")
    .notNull()
    .references(() => organisations.id),
  forumId: integer("forum_id")
    .notNull()
    .unique()
    .references(() => forums.id),
  createdById: integer("created_by_id")
    .notNull()
    .references(() => accounts.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
export type Alliance = typeof alliances.$inferSelect;

/** One organisation in one alliance, with its place in the chain; invited until its people accept. */
export const allianceMembers = pgTable(
  "alliance_members",
  {
    id: serial("id").primaryKey(),
    allianceId: integer("alliance_id")
      .notNull()
      .references(() => alliances.id),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
    chainRole: chainRoleEnum("chain_role").notNull(),
    contribution: text("contribution").notNull().default(""),
    status: membershipStatusEnum("status").notNull().default("invited"),
    invitedById: integer("invited_by_id")
      .notNull()
      .references(() => accounts.id),
    answeredById: integer("answered_by_id").references(() => accounts.id),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("alliance_members_alliance_org_idx").on(table.allianceId, table.organisationId),
    index("alliance_members_organisation_idx").on(table.organisationId),
  ],
);
export type AllianceMember = typeof allianceMembers.$inferSelect;

/** A joint project that names the alliance as its home; a project names at most one. */
export const allianceProjects = pgTable(
  "alliance_projects",
  {
    projectId: integer("project_id")
      .primaryKey()
      .references(() => projects.id),
    allianceId: integer("alliance_id")
      .notNull()
      .references(() => alliances.id),
    linkedById: integer("linked_by_id")
      .notNull()
      .references(() => accounts.id),
    linkedAt: timestamp("linked_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("alliance_projects_alliance_idx").on(table.allianceId)],
);
