ALTER TABLE "achievements" ADD COLUMN "search_grams" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
-- Existing rows: every character and neighbouring pair of the (already lower-cased) search text, without
-- spaces or line breaks. A superset of what searchGrams() writes (it keeps only Chinese characters alone),
-- so every query still finds them; the next edit writes the exact set.
UPDATE "achievements" AS a SET "search_grams" = coalesce((
  SELECT array_agg(DISTINCT g) FROM (
    SELECT substr(a."search_text", i, 1) AS g FROM generate_series(1, char_length(a."search_text")) AS i
    UNION ALL
    SELECT substr(a."search_text", i, 2) FROM generate_series(1, char_length(a."search_text") - 1) AS i
  ) AS grams WHERE g !~ '[ \n\t\r]'
), '{}'::text[]);--> statement-breakpoint
CREATE INDEX "achievements_search_grams_idx" ON "achievements" USING gin ("search_grams");
