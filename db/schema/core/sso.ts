import {
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { roleEnum } from "./enums";
import { regions } from "./regions";

/**
 * A person's identity at an OpenID Connect provider, linked to one account. (provider, subject) is
 * the identity; an account holds at most one per provider, beside its password.
 */
export const ssoIdentities = pgTable(
  "sso_identities",
  {
    id: serial("id").primaryKey(),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id),
    providerId: text("provider_id").notNull(),
    subject: text("subject").notNull(),
    linkedAt: timestamp("linked_at", { withTimezone: true }).notNull().defaultNow(),
    lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true }),
  },
  (table) => [
    uniqueIndex("sso_identities_provider_subject_idx").on(table.providerId, table.subject),
    uniqueIndex("sso_identities_account_provider_idx").on(table.accountId, table.providerId),
  ],
);
export type SsoIdentity = typeof ssoIdentities.$inferSelect;

export const ssoRequestStatuses = ["pending", "approved", "refused"] as const;
export const ssoRequestStatusEnum = pgEnum("sso_request_status", ssoRequestStatuses);

/**
 * A first sign-in through a provider not trusted for the person's region: it waits for an admin,
 * holding what the provider said, and becomes an account on approval.
 */
export const ssoRequests = pgTable(
  "sso_requests",
  {
    id: serial("id").primaryKey(),
    providerId: text("provider_id").notNull(),
    subject: text("subject").notNull(),
    email: text("email").notNull(),
    displayName: text("display_name").notNull(),
    organisation: text("organisation").notNull(),
    regionId: integer("region_id")
      .notNull()
      .references(() => regions.id),
    role: roleEnum("role").notNull(),
    /** The mapped claims as the provider sent them, for the admin who decides. */
    claims: jsonb("claims").notNull(),
    status: ssoRequestStatusEnum("status").notNull().default("pending"),
    accountId: integer("account_id").references(() => accounts.id),
    decidedBy: integer("decided_by").references(() => accounts.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    reason: text("reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("sso_requests_provider_subject_idx").on(table.providerId, table.subject),
    index("sso_requests_status_idx").on(table.status, table.createdAt),
  ],
);
export type SsoRequest = typeof ssoRequests.$inferSelect;

/**
 * A signed-in person asked to link a provider: the next sign-in through it within a few minutes,
 * in the same browser session, links instead of signing in.
 */
export const ssoLinkIntents = pgTable(
  "sso_link_intents",
  {
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id),
    providerId: text("provider_id").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.accountId, table.providerId] })],
);
