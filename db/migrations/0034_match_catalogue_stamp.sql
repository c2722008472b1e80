CREATE TABLE "match_catalogue_stamp" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "match_catalogue_stamp_one_row" CHECK ("match_catalogue_stamp"."id" = 1)
);
--> statement-breakpoint
INSERT INTO "match_catalogue_stamp" ("id", "version") VALUES (1, 1);
--> statement-breakpoint
-- An upsert, so a test that empties every table cannot leave the index without a version to follow.
CREATE OR REPLACE FUNCTION match_catalogue_bump() RETURNS trigger AS $$
BEGIN
  INSERT INTO match_catalogue_stamp (id, version) VALUES (1, 1)
    ON CONFLICT (id) DO UPDATE SET version = match_catalogue_stamp.version + 1;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER achievements_match_catalogue AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON achievements
  FOR EACH STATEMENT EXECUTE FUNCTION match_catalogue_bump();
--> statement-breakpoint
CREATE TRIGGER achievement_owners_match_catalogue AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON achievement_owners
  FOR EACH STATEMENT EXECUTE FUNCTION match_catalogue_bump();
--> statement-breakpoint
CREATE TRIGGER technology_needs_match_catalogue AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON technology_needs
  FOR EACH STATEMENT EXECUTE FUNCTION match_catalogue_bump();
--> statement-breakpoint
CREATE TRIGGER region_strengths_match_catalogue AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON region_strengths
  FOR EACH STATEMENT EXECUTE FUNCTION match_catalogue_bump();
