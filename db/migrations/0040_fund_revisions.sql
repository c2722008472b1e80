CREATE TYPE "public"."fund_revision_outcome" AS ENUM('revised', 'kept', 'no_agreement', 'stale');--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'fund_revision_proposed';--> statement-breakpoint
CREATE TABLE "fund_revisions" (
	"ballot_id" integer PRIMARY KEY NOT NULL,
	"submission_id" integer NOT NULL,
	"agreed_plan_id" integer NOT NULL,
	"kept_plan_id" integer NOT NULL,
	"revised_plan_id" integer NOT NULL,
	"reason" text NOT NULL,
	"drift" jsonb NOT NULL,
	"threshold_bp" integer NOT NULL,
	"proposed_by_id" integer NOT NULL,
	"proposed_at" timestamp with time zone NOT NULL,
	"outcome" "fund_revision_outcome",
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "fund_calls" ADD COLUMN "drift_threshold_bp" integer DEFAULT 500 NOT NULL;--> statement-breakpoint
ALTER TABLE "fund_revisions" ADD CONSTRAINT "fund_revisions_ballot_id_ballots_id_fk" FOREIGN KEY ("ballot_id") REFERENCES "public"."ballots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_revisions" ADD CONSTRAINT "fund_revisions_submission_id_fund_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."fund_submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_revisions" ADD CONSTRAINT "fund_revisions_agreed_plan_id_benefit_plans_id_fk" FOREIGN KEY ("agreed_plan_id") REFERENCES "public"."benefit_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_revisions" ADD CONSTRAINT "fund_revisions_kept_plan_id_benefit_plans_id_fk" FOREIGN KEY ("kept_plan_id") REFERENCES "public"."benefit_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_revisions" ADD CONSTRAINT "fund_revisions_revised_plan_id_benefit_plans_id_fk" FOREIGN KEY ("revised_plan_id") REFERENCES "public"."benefit_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_revisions" ADD CONSTRAINT "fund_revisions_proposed_by_id_accounts_id_fk" FOREIGN KEY ("proposed_by_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "fund_revisions_submission_idx" ON "fund_revisions" USING btree ("submission_id","ballot_id");--> statement-breakpoint
CREATE UNIQUE INDEX "fund_revisions_one_pending_idx" ON "fund_revisions" USING btree ("submission_id") WHERE "fund_revisions"."outcome" is null;--> statement-breakpoint
ALTER TABLE "fund_calls" ADD CONSTRAINT "fund_calls_drift_threshold_range" CHECK ("fund_calls"."drift_threshold_bp" between 1 and 10000);