import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import {
  applicationStatuses,
  expertiseVisibilities,
  postingKinds,
  postingStatuses,
  type ExpertiseLinkKind,
} from "@/shared/talent-vocabulary";
import { accounts } from "../core/accounts";
import { regions } from "../core/regions";

export const postingKindEnum = pgEnum("talent_posting_kind", postingKinds);
export const postingStatusEnum = pgEnum("talent_posting_status", postingStatuses);
export const applicationStatusEnum = pgEnum("talent_application_status", applicationStatuses);
export const expertiseVisibilityEnum = pgEnum("expertise_visibility", expertiseVisibilities);

/**
 * A place offered for talent to move across regions: a secondment, joint appointment, visiting post,
 * joint PhD supervision or short training. The host organisation is the poster's organisation as text
 * at posting time (organisations as entities are linked later), with the host region.
 */
export const talentPostings = pgTable(
  "talent_postings",
  {
    id: serial("id").primaryKey(),
    kind: postingKindEnum("kind").notNull(),
    status: postingStatusEnum("status").notNull().default("open"),
    title: text("title").notNull(),
    description: text("description").notNull(),
    field: text("field").notNull(),
    hostOrganisation: text("host_organisation").notNull(),
    hostRegionId: integer("host_region_id")
      .notNull()
      .references(() => regions.id),
    durationMonths: integer("duration_months").notNull(),
    places: integer("places").notNull().default(1),
    support: text("support").notNull().default(""),
    startsOn: date("starts_on", { mode: "string" }),
    postedById: integer("posted_by_id")
      .notNull()
      .references(() => accounts.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check("talent_postings_duration_range", sql`${table.durationMonths} between 1 and 60`),
    check("talent_postings_places_range", sql`${table.places} between 1 and 50`),
    index("talent_postings_status_created_idx").on(table.status, table.createdAt, table.id),
    index("talent_postings_region_idx").on(table.hostRegionId),
    index("talent_postings_poster_idx").on(table.postedById),
  ],
);
export type TalentPosting = typeof talentPostings.$inferSelect;

/** One person's application to one posting; visible to the applicant, the posting's host and admins only. */
export const talentApplications = pgTable(
  "talent_applications",
  {
    id: serial("id").primaryKey(),
    postingId: integer("posting_id")
      .notNull()
      .references(() => talentPostings.id),
    applicantId: integer("applicant_id")
      .notNull()
      .references(() => accounts.id),
    /** The applicant's region and organisation when they applied: an exchange is cross-regional as it happened. */
    applicantRegionId: integer("applicant_region_id")
      .notNull()
      .references(() => regions.id),
    applicantOrganisation: text("applicant_organisation").notNull(),
    statement: text("statement").notNull(),
    status: applicationStatusEnum("status").notNull().default("applied"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    statusChangedAt: timestamp("status_changed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("talent_applications_one_per_person_idx").on(table.postingId, table.applicantId),
    index("talent_applications_applicant_idx").on(table.applicantId),
    index("talent_applications_status_idx").on(table.status),
  ],
);
export type TalentApplication = typeof talentApplications.$inferSelect;

export interface ExpertiseLink {
  kind: ExpertiseLinkKind;
  label: string;
  url: string;
}

/**
 * A person's fields, keywords and publications or patents as links. Shown only as far as its owner
 * opted in; `recognitionOptOut` keeps their cross-regional contributions off their public profile.
 */
export const expertiseProfiles = pgTable("expertise_profiles", {
  accountId: integer("account_id")
    .primaryKey()
    .references(() => accounts.id),
  fields: text("fields")
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  keywords: text("keywords")
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  links: jsonb("links").$type<ExpertiseLink[]>().notNull().default([]),
  visibility: expertiseVisibilityEnum("visibility").notNull().default("hidden"),
  recognitionOptOut: boolean("recognition_opt_out").notNull().default(false),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
export type ExpertiseProfile = typeof expertiseProfiles.$inferSelect;
