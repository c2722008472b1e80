CREATE TYPE "public"."fund_call_status" AS ENUM('draft', 'open', 'review', 'selection', 'awarded', 'closed');--> statement-breakpoint
CREATE TYPE "public"."fund_portfolio_method" AS ENUM('exact', 'greedy', 'equal_shares');--> statement-breakpoint
CREATE TYPE "public"."fund_progress_status" AS ENUM('on_track', 'at_risk', 'late', 'done');--> statement-breakpoint
CREATE TABLE "fund_assignments" (
	"id" serial PRIMARY KEY NOT NULL,
	"submission_id" integer NOT NULL,
	"reviewer_id" integer NOT NULL,
	"assigned_by_id" integer NOT NULL,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	"declared_at" timestamp with time zone,
	"scores" jsonb,
	"weighted_score" integer,
	"submitted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "fund_call_recommendations" (
	"call_id" integer NOT NULL,
	"recommendation_id" integer NOT NULL,
	CONSTRAINT "fund_call_recommendations_call_id_recommendation_id_pk" PRIMARY KEY("call_id","recommendation_id")
);
--> statement-breakpoint
CREATE TABLE "fund_calls" (
	"id" serial PRIMARY KEY NOT NULL,
	"status" "fund_call_status" DEFAULT 'draft' NOT NULL,
	"title_zh" text NOT NULL,
	"title_en" text NOT NULL,
	"description_zh" text NOT NULL,
	"description_en" text NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"central_bp" integer NOT NULL,
	"central_yuan" bigint NOT NULL,
	"criteria" jsonb NOT NULL,
	"exclude_proposal_regions" boolean DEFAULT false NOT NULL,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"portfolio_method" "fund_portfolio_method",
	"portfolio_decided_by_id" integer,
	"portfolio_decided_at" timestamp with time zone,
	"portfolio_reason" text,
	CONSTRAINT "fund_calls_central_bp_range" CHECK ("fund_calls"."central_bp" between 0 and 10000),
	CONSTRAINT "fund_calls_central_yuan_nonnegative" CHECK ("fund_calls"."central_yuan" >= 0)
);
--> statement-breakpoint
CREATE TABLE "fund_contributions" (
	"call_id" integer NOT NULL,
	"region_id" integer NOT NULL,
	"amount_yuan" bigint NOT NULL,
	CONSTRAINT "fund_contributions_call_id_region_id_pk" PRIMARY KEY("call_id","region_id"),
	CONSTRAINT "fund_contributions_nonnegative" CHECK ("fund_contributions"."amount_yuan" >= 0)
);
--> statement-breakpoint
CREATE TABLE "fund_disbursements" (
	"id" serial PRIMARY KEY NOT NULL,
	"submission_id" integer NOT NULL,
	"region_id" integer,
	"amount_yuan" bigint NOT NULL,
	"paid_on" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"recorded_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fund_disbursements_positive" CHECK ("fund_disbursements"."amount_yuan" > 0)
);
--> statement-breakpoint
CREATE TABLE "fund_milestones" (
	"id" serial PRIMARY KEY NOT NULL,
	"submission_id" integer NOT NULL,
	"title" text NOT NULL,
	"deliverable" text NOT NULL,
	"due_on" date NOT NULL,
	"evidence_url" text,
	"done_on" date,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fund_progress_updates" (
	"id" serial PRIMARY KEY NOT NULL,
	"submission_id" integer NOT NULL,
	"status" "fund_progress_status" NOT NULL,
	"percent" integer NOT NULL,
	"body" text NOT NULL,
	"author_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fund_progress_percent_range" CHECK ("fund_progress_updates"."percent" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "fund_reviewers" (
	"account_id" integer PRIMARY KEY NOT NULL,
	"granted_by_id" integer NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fund_submissions" (
	"id" serial PRIMARY KEY NOT NULL,
	"call_id" integer NOT NULL,
	"project_id" integer NOT NULL,
	"plan_id" integer NOT NULL,
	"requested_yuan" bigint NOT NULL,
	"submitted_by_id" integer NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"funded" boolean DEFAULT false NOT NULL,
	CONSTRAINT "fund_submissions_requested_positive" CHECK ("fund_submissions"."requested_yuan" > 0)
);
--> statement-breakpoint
ALTER TABLE "fund_assignments" ADD CONSTRAINT "fund_assignments_submission_id_fund_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."fund_submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_assignments" ADD CONSTRAINT "fund_assignments_reviewer_id_accounts_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_assignments" ADD CONSTRAINT "fund_assignments_assigned_by_id_accounts_id_fk" FOREIGN KEY ("assigned_by_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_call_recommendations" ADD CONSTRAINT "fund_call_recommendations_call_id_fund_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."fund_calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_call_recommendations" ADD CONSTRAINT "fund_call_recommendations_recommendation_id_recommendations_id_fk" FOREIGN KEY ("recommendation_id") REFERENCES "public"."recommendations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_calls" ADD CONSTRAINT "fund_calls_created_by_id_accounts_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_calls" ADD CONSTRAINT "fund_calls_portfolio_decided_by_id_accounts_id_fk" FOREIGN KEY ("portfolio_decided_by_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_contributions" ADD CONSTRAINT "fund_contributions_call_id_fund_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."fund_calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_contributions" ADD CONSTRAINT "fund_contributions_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_disbursements" ADD CONSTRAINT "fund_disbursements_submission_id_fund_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."fund_submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_disbursements" ADD CONSTRAINT "fund_disbursements_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_disbursements" ADD CONSTRAINT "fund_disbursements_recorded_by_id_accounts_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_milestones" ADD CONSTRAINT "fund_milestones_submission_id_fund_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."fund_submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_milestones" ADD CONSTRAINT "fund_milestones_created_by_id_accounts_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_progress_updates" ADD CONSTRAINT "fund_progress_updates_submission_id_fund_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."fund_submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_progress_updates" ADD CONSTRAINT "fund_progress_updates_author_id_accounts_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_reviewers" ADD CONSTRAINT "fund_reviewers_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_reviewers" ADD CONSTRAINT "fund_reviewers_granted_by_id_accounts_id_fk" FOREIGN KEY ("granted_by_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_submissions" ADD CONSTRAINT "fund_submissions_call_id_fund_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."fund_calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_submissions" ADD CONSTRAINT "fund_submissions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_submissions" ADD CONSTRAINT "fund_submissions_plan_id_benefit_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."benefit_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_submissions" ADD CONSTRAINT "fund_submissions_submitted_by_id_accounts_id_fk" FOREIGN KEY ("submitted_by_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "fund_assignments_submission_reviewer_idx" ON "fund_assignments" USING btree ("submission_id","reviewer_id");--> statement-breakpoint
CREATE INDEX "fund_assignments_reviewer_idx" ON "fund_assignments" USING btree ("reviewer_id");--> statement-breakpoint
CREATE INDEX "fund_calls_status_idx" ON "fund_calls" USING btree ("status","deadline");--> statement-breakpoint
CREATE INDEX "fund_disbursements_submission_idx" ON "fund_disbursements" USING btree ("submission_id");--> statement-breakpoint
CREATE INDEX "fund_milestones_submission_idx" ON "fund_milestones" USING btree ("submission_id","due_on");--> statement-breakpoint
CREATE INDEX "fund_progress_submission_idx" ON "fund_progress_updates" USING btree ("submission_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "fund_submissions_call_project_idx" ON "fund_submissions" USING btree ("call_id","project_id");