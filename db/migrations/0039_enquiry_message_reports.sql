ALTER TYPE "public"."moderation_target_kind" ADD VALUE 'enquiry_message';--> statement-breakpoint
-- The showcase index keeps its owners' region names, so a renamed or retired region moves the stamp too.
CREATE TRIGGER regions_match_catalogue AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON regions
  FOR EACH STATEMENT EXECUTE FUNCTION match_catalogue_bump();
