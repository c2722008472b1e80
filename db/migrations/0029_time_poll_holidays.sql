CREATE TYPE "public"."calendar_day_kind" AS ENUM('holiday', 'makeup_workday');--> statement-breakpoint
CREATE TYPE "public"."poll_answer" AS ENUM('yes', 'if_need_be', 'no');--> statement-breakpoint
CREATE TABLE "calendar_days" (
	"date" date PRIMARY KEY NOT NULL,
	"kind" "calendar_day_kind" NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_poll_answers" (
	"slot_id" integer NOT NULL,
	"account_id" integer NOT NULL,
	"region_id" integer NOT NULL,
	"answer" "poll_answer" NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meeting_poll_answers_slot_id_account_id_pk" PRIMARY KEY("slot_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "meeting_poll_slots" (
	"id" serial PRIMARY KEY NOT NULL,
	"meeting_id" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	CONSTRAINT "meeting_poll_slots_ends_after_start" CHECK ("meeting_poll_slots"."ends_at" > "meeting_poll_slots"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "meeting_time_polls" (
	"meeting_id" integer PRIMARY KEY NOT NULL,
	"created_by_id" integer NOT NULL,
	"chosen_slot_id" integer,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "meeting_poll_answers" ADD CONSTRAINT "meeting_poll_answers_slot_id_meeting_poll_slots_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."meeting_poll_slots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_poll_answers" ADD CONSTRAINT "meeting_poll_answers_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_poll_answers" ADD CONSTRAINT "meeting_poll_answers_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_poll_slots" ADD CONSTRAINT "meeting_poll_slots_meeting_id_meeting_time_polls_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meeting_time_polls"("meeting_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_time_polls" ADD CONSTRAINT "meeting_time_polls_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_time_polls" ADD CONSTRAINT "meeting_time_polls_created_by_id_accounts_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;