CREATE TYPE "public"."fund_outcome_type" AS ENUM('joint_paper', 'patent_filed', 'patent_granted', 'tech_contract', 'standard', 'trainee_exchanged');--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'fund_review_due';--> statement-breakpoint
CREATE TABLE "fund_outcomes" (
	"id" serial PRIMARY KEY NOT NULL,
	"submission_id" integer NOT NULL,
	"type" "fund_outcome_type" NOT NULL,
	"count" integer NOT NULL,
	"achieved_on" date NOT NULL,
	"link" text,
	"note" text DEFAULT '' NOT NULL,
	"recorded_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fund_outcomes_count_positive" CHECK ("fund_outcomes"."count" > 0)
);
--> statement-breakpoint
ALTER TABLE "fund_calls" ADD COLUMN "review_due_on" date;--> statement-breakpoint
ALTER TABLE "fund_outcomes" ADD CONSTRAINT "fund_outcomes_submission_id_fund_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."fund_submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_outcomes" ADD CONSTRAINT "fund_outcomes_recorded_by_id_accounts_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "fund_outcomes_submission_idx" ON "fund_outcomes" USING btree ("submission_id","achieved_on");