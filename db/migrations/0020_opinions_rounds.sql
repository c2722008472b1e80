CREATE TYPE "public"."opinion_choice" AS ENUM('agree', 'disagree', 'pass');--> statement-breakpoint
CREATE TYPE "public"."organisation_kind" AS ENUM('government', 'university', 'institute', 'enterprise');--> statement-breakpoint
CREATE TYPE "public"."opinion_round_state" AS ENUM('open', 'closed');--> statement-breakpoint
CREATE TABLE "account_organisation_kinds" (
	"account_id" integer PRIMARY KEY NOT NULL,
	"kind" "organisation_kind" NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "opinion_maps" (
	"round_id" integer PRIMARY KEY NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"map" jsonb NOT NULL,
	"labels" jsonb NOT NULL,
	"votes_seen" integer DEFAULT 0 NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"duration_ms" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "opinion_participants" (
	"round_id" integer NOT NULL,
	"account_id" integer NOT NULL,
	"region_id" integer NOT NULL,
	"organisation_kind" "organisation_kind",
	"pseudonym" text NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "opinion_participants_round_id_account_id_pk" PRIMARY KEY("round_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "opinion_rounds" (
	"id" serial PRIMARY KEY NOT NULL,
	"forum_id" integer NOT NULL,
	"topic_id" integer,
	"question" text NOT NULL,
	"state" "opinion_round_state" DEFAULT 'open' NOT NULL,
	"hold_new_statements" boolean DEFAULT false NOT NULL,
	"min_votes" integer DEFAULT 7 NOT NULL,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "opinion_rounds_min_votes" CHECK ("opinion_rounds"."min_votes" BETWEEN 1 AND 50)
);
--> statement-breakpoint
CREATE TABLE "opinion_statements" (
	"id" serial PRIMARY KEY NOT NULL,
	"round_id" integer NOT NULL,
	"author_id" integer NOT NULL,
	"author_region_id" integer NOT NULL,
	"text" text NOT NULL,
	"from_comment_id" integer,
	"state" "comment_state" DEFAULT 'visible' NOT NULL,
	"hidden_reason" text,
	"vote_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "opinion_statements_text_length" CHECK (char_length("opinion_statements"."text") BETWEEN 1 AND 280)
);
--> statement-breakpoint
CREATE TABLE "opinion_votes" (
	"statement_id" integer NOT NULL,
	"voter_id" integer NOT NULL,
	"round_id" integer NOT NULL,
	"choice" "opinion_choice" NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "opinion_votes_statement_id_voter_id_pk" PRIMARY KEY("statement_id","voter_id")
);
--> statement-breakpoint
ALTER TABLE "account_organisation_kinds" ADD CONSTRAINT "account_organisation_kinds_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_maps" ADD CONSTRAINT "opinion_maps_round_id_opinion_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."opinion_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_participants" ADD CONSTRAINT "opinion_participants_round_id_opinion_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."opinion_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_participants" ADD CONSTRAINT "opinion_participants_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_participants" ADD CONSTRAINT "opinion_participants_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_rounds" ADD CONSTRAINT "opinion_rounds_forum_id_forums_id_fk" FOREIGN KEY ("forum_id") REFERENCES "public"."forums"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_rounds" ADD CONSTRAINT "opinion_rounds_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_rounds" ADD CONSTRAINT "opinion_rounds_created_by_id_accounts_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_statements" ADD CONSTRAINT "opinion_statements_round_id_opinion_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."opinion_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_statements" ADD CONSTRAINT "opinion_statements_author_id_accounts_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_statements" ADD CONSTRAINT "opinion_statements_author_region_id_regions_id_fk" FOREIGN KEY ("author_region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_statements" ADD CONSTRAINT "opinion_statements_from_comment_id_comments_id_fk" FOREIGN KEY ("from_comment_id") REFERENCES "public"."comments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_votes" ADD CONSTRAINT "opinion_votes_statement_id_opinion_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."opinion_statements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_votes" ADD CONSTRAINT "opinion_votes_voter_id_accounts_id_fk" FOREIGN KEY ("voter_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_votes" ADD CONSTRAINT "opinion_votes_round_id_opinion_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."opinion_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "opinion_participants_pseudonym_idx" ON "opinion_participants" USING btree ("round_id","pseudonym");--> statement-breakpoint
CREATE INDEX "opinion_rounds_topic_idx" ON "opinion_rounds" USING btree ("topic_id");--> statement-breakpoint
CREATE INDEX "opinion_rounds_forum_idx" ON "opinion_rounds" USING btree ("forum_id","id");--> statement-breakpoint
CREATE INDEX "opinion_statements_round_idx" ON "opinion_statements" USING btree ("round_id","state","vote_count","id");--> statement-breakpoint
CREATE UNIQUE INDEX "opinion_statements_from_comment_idx" ON "opinion_statements" USING btree ("round_id","from_comment_id");--> statement-breakpoint
CREATE INDEX "opinion_votes_round_idx" ON "opinion_votes" USING btree ("round_id");