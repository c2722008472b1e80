import { integer, pgTable, serial, smallint, text } from "drizzle-orm/pg-core";

/** The five policy recommendations of the seed paper (sections 4.1–4.5). */
export const recommendations = pgTable("recommendations", {
  id: serial("id").primaryKey(),
  number: smallint("number").notNull().unique(),
  section: text("section").notNull(),
  slug: text("slug").notNull().unique(),
  titleZh: text("title_zh").notNull(),
  titleEn: text("title_en").notNull(),
  summaryZh: text("summary_zh").notNull(),
  summaryEn: text("summary_en").notNull(),
});
export type Recommendation = typeof recommendations.$inferSelect;

export const measures = pgTable("measures", {
  id: serial("id").primaryKey(),
  recommendationId: integer("recommendation_id")
    .notNull()
    .references(() => recommendations.id),
  code: text("code").notNull().unique(),
  position: smallint("position").notNull(),
  titleZh: text("title_zh").notNull(),
  titleEn: text("title_en").notNull(),
  textZh: text("text_zh").notNull(),
  textEn: text("text_en").notNull(),
});
export type Measure = typeof measures.$inferSelect;
