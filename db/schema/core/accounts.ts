import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { localeEnum, roleEnum } from "./enums";
import { regions } from "./regions";

export const accounts = pgTable(
  "accounts",
  {
    id: serial("id").primaryKey(),
    email: text("email").notNull(),
    displayName: text("display_name").notNull(),
    organisation: text("organisation").notNull(),
    role: roleEnum("role").notNull(),
    regionId: integer("region_id")
      .notNull()
      .references(() => regions.id),
    locale: localeEnum("locale").notNull().default("zh-CN"),
    passwordHash: text("password_hash").notNull(),
    /** Bumped on password change or suspension so that older sessions stop being accepted. */
    sessionVersion: integer("session_version").notNull().default(1),
    /**
     * Chairs the coordination body: opens and closes ballots. Only an admin grants or revokes it
     * (audited); it counts only while the role is member (server/features/ballots/rules/ballot-governance.ts).
     */
    chair: boolean("chair").notNull().default(false),
    suspendedUntil: timestamp("suspended_until", { withTimezone: true }),
    /** Why the account is suspended, shown to the person when sign-in is refused. */
    suspensionReason: text("suspension_reason"),
    /** TOTP shared secret, encrypted with a key derived from the auth secret; null until enrolled. */
    totpSecret: text("totp_secret"),
    totpEnabledAt: timestamp("totp_enabled_at", { withTimezone: true }),
    /** scrypt hashes of the unused one-time recovery codes. */
    recoveryCodeHashes: text("recovery_code_hashes")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex("accounts_email_lower_idx").on(sql`lower(${table.email})`)],
);
export type Account = typeof accounts.$inferSelect;

/** A one-time link to create an account; only a hash of the token is stored. */
export const invitations = pgTable("invitations", {
  id: serial("id").primaryKey(),
  tokenHash: text("token_hash").notNull().unique(),
  email: text("email").notNull(),
  role: roleEnum("role").notNull(),
  regionId: integer("region_id")
    .notNull()
    .references(() => regions.id),
  organisation: text("organisation").notNull().default(""),
  invitedById: integer("invited_by_id").references(() => accounts.id),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  redeemedAt: timestamp("redeemed_at", { withTimezone: true }),
  redeemedById: integer("redeemed_by_id").references(() => accounts.id),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
export type Invitation = typeof invitations.$inferSelect;

/**
 * A one-time link to choose a new password, asked for by the person or sent by an admin. Only a
 * hash of the token is stored, so a leaked database hands out no working links.
 */
export const passwordResets = pgTable(
  "password_resets",
  {
    id: serial("id").primaryKey(),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    /** The admin who sent the link; null when the person asked for it. */
    requestedById: integer("requested_by_id").references(() => accounts.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("password_resets_account_idx").on(table.accountId)],
);
export type PasswordReset = typeof passwordResets.$inferSelect;

/**
 * One row per signed-in browser. The JWT carries the row's id, and every request and socket checks
 * the row, so signing out, a password change, a suspension or a role change ends a session at once.
 */
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** The absolute limit from sign-in; the idle limit is the JWT's own expiry. */
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedReason: text("revoked_reason"),
  },
  (table) => [index("sessions_account_idx").on(table.accountId)],
);
export type Session = typeof sessions.$inferSelect;
