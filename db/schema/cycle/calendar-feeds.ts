import { sql } from "drizzle-orm";
import { check, index, integer, pgEnum, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { calendarFeedScopes } from "@/shared/calendar-feed-vocabulary";
import { accounts } from "../core/accounts";
import { localeEnum } from "../core/enums";
import { regions } from "../core/regions";

export const calendarFeedScopeEnum = pgEnum("calendar_feed_scope", calendarFeedScopes);

/**
 * A secret calendar (ICS) address a person subscribes to from their calendar app. Only the SHA-256
 * of the token is kept (32 random bytes, shown once, as API keys): a database copy opens no feed.
 * The feed is read as its owner, so it never shows more than the owner may see today.
 */
export const calendarFeeds = pgTable(
  "calendar_feeds",
  {
    id: serial("id").primaryKey(),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id),
    scope: calendarFeedScopeEnum("scope").notNull(),
    /** The region of a region feed; null for the other scopes. */
    regionId: integer("region_id").references(() => regions.id),
    tokenHash: text("token_hash").notNull(),
    /** The language of titles and descriptions in the feed. */
    locale: localeEnum("locale").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  },
  (table) => [
    uniqueIndex("calendar_feeds_token_hash_idx").on(table.tokenHash),
    index("calendar_feeds_account_idx").on(table.accountId),
    check("calendar_feeds_region_scope", sql`(${table.scope} = 'region') = (${table.regionId} is not null)`),
  ],
);
export type CalendarFeed = typeof calendarFeeds.$inferSelect;
