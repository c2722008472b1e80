CREATE TYPE "public"."meeting_poll_kind" AS ENUM('yes_no', 'score', 'ranked', 'dots');--> statement-breakpoint
CREATE TYPE "public"."meeting_poll_status" AS ENUM('open', 'closed');--> statement-breakpoint
CREATE TABLE "meeting_poll_votes" (
	"poll_id" integer NOT NULL,
	"account_id" integer NOT NULL,
	"region_id" integer NOT NULL,
	"answer" jsonb NOT NULL,
	"voted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meeting_poll_votes_poll_id_account_id_pk" PRIMARY KEY("poll_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "meeting_polls" (
	"id" serial PRIMARY KEY NOT NULL,
	"meeting_id" integer NOT NULL,
	"item_id" integer,
	"kind" "meeting_poll_kind" NOT NULL,
	"question_zh" text NOT NULL,
	"question_en" text NOT NULL,
	"options" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"dots_per_voter" integer,
	"rule" "ballot_rule" NOT NULL,
	"status" "meeting_poll_status" DEFAULT 'open' NOT NULL,
	"opened_by_id" integer NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"result" jsonb,
	CONSTRAINT "meeting_polls_dots" CHECK (("meeting_polls"."kind" = 'dots') = ("meeting_polls"."dots_per_voter" is not null) and coalesce("meeting_polls"."dots_per_voter", 1) between 1 and 10),
	CONSTRAINT "meeting_polls_closed" CHECK (("meeting_polls"."status" = 'closed') = ("meeting_polls"."closed_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "meeting_poll_votes" ADD CONSTRAINT "meeting_poll_votes_poll_id_meeting_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."meeting_polls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_poll_votes" ADD CONSTRAINT "meeting_poll_votes_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_poll_votes" ADD CONSTRAINT "meeting_poll_votes_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_polls" ADD CONSTRAINT "meeting_polls_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_polls" ADD CONSTRAINT "meeting_polls_item_id_meeting_agenda_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."meeting_agenda_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_polls" ADD CONSTRAINT "meeting_polls_opened_by_id_accounts_id_fk" FOREIGN KEY ("opened_by_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "meeting_polls_meeting_idx" ON "meeting_polls" USING btree ("meeting_id");