import { integer, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";

/** A city cluster (Yangtze River Delta, …). Retired, never deleted: history points at it. */
export const clusters = pgTable("clusters", {
  id: serial("id").primaryKey(),
  code: text("code").notNull().unique(),
  nameZh: text("name_zh").notNull(),
  nameEn: text("name_en").notNull(),
  descriptionZh: text("description_zh").notNull().default(""),
  descriptionEn: text("description_en").notNull().default(""),
  retiredAt: timestamp("retired_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
export type Cluster = typeof clusters.$inferSelect;

/** A city or province taking part. Retired, never deleted. */
export const regions = pgTable("regions", {
  id: serial("id").primaryKey(),
  code: text("code").notNull().unique(),
  clusterId: integer("cluster_id")
    .notNull()
    .references(() => clusters.id),
  nameZh: text("name_zh").notNull(),
  nameEn: text("name_en").notNull(),
  strengthZh: text("strength_zh").notNull().default(""),
  strengthEn: text("strength_en").notNull().default(""),
  retiredAt: timestamp("retired_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
export type Region = typeof regions.$inferSelect;
