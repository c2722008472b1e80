CREATE TABLE "opinion_vote_versions" (
	"round_id" integer PRIMARY KEY NOT NULL,
	"version" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "opinion_votes" ADD COLUMN "version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "opinion_vote_versions" ADD CONSTRAINT "opinion_vote_versions_round_id_opinion_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."opinion_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "opinion_votes_round_version_idx" ON "opinion_votes" USING btree ("round_id","version");