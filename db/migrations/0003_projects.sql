CREATE TYPE "public"."coauthor_status" AS ENUM('invited', 'accepted', 'declined');--> statement-breakpoint
CREATE TYPE "public"."project_region_role" AS ENUM('lead', 'partner');--> statement-breakpoint
CREATE TYPE "public"."project_status" AS ENUM('draft', 'submitted', 'voting', 'approved', 'rejected', 'archived', 'withdrawn');--> statement-breakpoint
CREATE TABLE "project_coauthors" (
	"project_id" integer NOT NULL,
	"account_id" integer NOT NULL,
	"region_id" integer NOT NULL,
	"status" "coauthor_status" DEFAULT 'invited' NOT NULL,
	"invited_by_id" integer NOT NULL,
	"invited_at" timestamp with time zone DEFAULT now() NOT NULL,
	"responded_at" timestamp with time zone,
	CONSTRAINT "project_coauthors_project_id_account_id_pk" PRIMARY KEY("project_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "project_recommendations" (
	"project_id" integer NOT NULL,
	"recommendation_id" integer NOT NULL,
	CONSTRAINT "project_recommendations_project_id_recommendation_id_pk" PRIMARY KEY("project_id","recommendation_id")
);
--> statement-breakpoint
CREATE TABLE "project_regions" (
	"project_id" integer NOT NULL,
	"region_id" integer NOT NULL,
	"role" "project_region_role" NOT NULL,
	CONSTRAINT "project_regions_project_id_region_id_pk" PRIMARY KEY("project_id","region_id")
);
--> statement-breakpoint
CREATE TABLE "project_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"body" text NOT NULL,
	"body_html" text NOT NULL,
	"expected_outcomes" text NOT NULL,
	"budget_yuan" bigint NOT NULL,
	"duration_months" integer NOT NULL,
	"tags" text[] NOT NULL,
	"lead_region_id" integer NOT NULL,
	"partner_region_ids" integer[] NOT NULL,
	"recommendations" integer[] NOT NULL,
	"edited_by_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"replaced_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" serial PRIMARY KEY NOT NULL,
	"status" "project_status" DEFAULT 'draft' NOT NULL,
	"proposer_id" integer NOT NULL,
	"lead_region_id" integer NOT NULL,
	"thread_id" integer NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"body" text NOT NULL,
	"body_html" text NOT NULL,
	"expected_outcomes" text NOT NULL,
	"budget_yuan" bigint NOT NULL,
	"duration_months" integer NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"search_text" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"edited_by_id" integer NOT NULL,
	"edited_at" timestamp with time zone DEFAULT now() NOT NULL,
	"comment_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "projects_thread_id_unique" UNIQUE("thread_id"),
	CONSTRAINT "projects_budget_positive" CHECK ("projects"."budget_yuan" > 0),
	CONSTRAINT "projects_duration_range" CHECK ("projects"."duration_months" between 1 and 120),
	CONSTRAINT "projects_version_positive" CHECK ("projects"."version" >= 1)
);
--> statement-breakpoint
ALTER TABLE "project_coauthors" ADD CONSTRAINT "project_coauthors_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_coauthors" ADD CONSTRAINT "project_coauthors_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_coauthors" ADD CONSTRAINT "project_coauthors_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_coauthors" ADD CONSTRAINT "project_coauthors_invited_by_id_accounts_id_fk" FOREIGN KEY ("invited_by_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_recommendations" ADD CONSTRAINT "project_recommendations_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_recommendations" ADD CONSTRAINT "project_recommendations_recommendation_id_recommendations_id_fk" FOREIGN KEY ("recommendation_id") REFERENCES "public"."recommendations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_regions" ADD CONSTRAINT "project_regions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_regions" ADD CONSTRAINT "project_regions_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_versions" ADD CONSTRAINT "project_versions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_versions" ADD CONSTRAINT "project_versions_lead_region_id_regions_id_fk" FOREIGN KEY ("lead_region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_versions" ADD CONSTRAINT "project_versions_edited_by_id_accounts_id_fk" FOREIGN KEY ("edited_by_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_proposer_id_accounts_id_fk" FOREIGN KEY ("proposer_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_lead_region_id_regions_id_fk" FOREIGN KEY ("lead_region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_thread_id_threads_id_fk" FOREIGN KEY ("thread_id") REFERENCES "public"."threads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_edited_by_id_accounts_id_fk" FOREIGN KEY ("edited_by_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "project_coauthors_account_idx" ON "project_coauthors" USING btree ("account_id","status");--> statement-breakpoint
CREATE INDEX "project_recommendations_recommendation_idx" ON "project_recommendations" USING btree ("recommendation_id");--> statement-breakpoint
CREATE INDEX "project_regions_region_idx" ON "project_regions" USING btree ("region_id","project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "project_regions_one_lead_idx" ON "project_regions" USING btree ("project_id") WHERE "project_regions"."role" = 'lead';--> statement-breakpoint
CREATE UNIQUE INDEX "project_versions_project_version_idx" ON "project_versions" USING btree ("project_id","version");--> statement-breakpoint
CREATE INDEX "projects_status_created_idx" ON "projects" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "projects_status_discussed_idx" ON "projects" USING btree ("status","comment_count","id");--> statement-breakpoint
CREATE INDEX "projects_status_budget_idx" ON "projects" USING btree ("status","budget_yuan","id");--> statement-breakpoint
CREATE INDEX "projects_proposer_idx" ON "projects" USING btree ("proposer_id");--> statement-breakpoint
CREATE INDEX "projects_tags_idx" ON "projects" USING gin ("tags");