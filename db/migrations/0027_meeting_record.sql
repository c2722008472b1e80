CREATE TYPE "public"."decision_confirmation_status" AS ENUM('pending', 'confirmed', 'contested');--> statement-breakpoint
CREATE TYPE "public"."decision_action_status" AS ENUM('open', 'in_progress', 'done', 'dropped');--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'meeting_invited';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'meeting_agenda_changed';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'meeting_reminder';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'decision_confirmation';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'action_overdue';--> statement-breakpoint
CREATE TABLE "meeting_decision_actions" (
	"id" serial PRIMARY KEY NOT NULL,
	"decision_id" integer NOT NULL,
	"text_zh" text NOT NULL,
	"text_en" text NOT NULL,
	"owner_region_id" integer NOT NULL,
	"due_on" date NOT NULL,
	"status" "decision_action_status" DEFAULT 'open' NOT NULL,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_decision_confirmations" (
	"decision_id" integer NOT NULL,
	"region_id" integer NOT NULL,
	"status" "decision_confirmation_status" DEFAULT 'pending' NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"answered_by_id" integer,
	"answered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meeting_decision_confirmations_decision_id_region_id_pk" PRIMARY KEY("decision_id","region_id"),
	CONSTRAINT "meeting_decision_confirmations_contest_says_why" CHECK ("meeting_decision_confirmations"."status" <> 'contested' or "meeting_decision_confirmations"."comment" <> '')
);
--> statement-breakpoint
ALTER TABLE "meeting_decision_actions" ADD CONSTRAINT "meeting_decision_actions_decision_id_meeting_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."meeting_decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_decision_actions" ADD CONSTRAINT "meeting_decision_actions_owner_region_id_regions_id_fk" FOREIGN KEY ("owner_region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_decision_actions" ADD CONSTRAINT "meeting_decision_actions_created_by_id_accounts_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_decision_confirmations" ADD CONSTRAINT "meeting_decision_confirmations_decision_id_meeting_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."meeting_decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_decision_confirmations" ADD CONSTRAINT "meeting_decision_confirmations_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_decision_confirmations" ADD CONSTRAINT "meeting_decision_confirmations_answered_by_id_accounts_id_fk" FOREIGN KEY ("answered_by_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "meeting_decision_actions_decision_idx" ON "meeting_decision_actions" USING btree ("decision_id");--> statement-breakpoint
CREATE INDEX "meeting_decision_actions_due_idx" ON "meeting_decision_actions" USING btree ("due_on");