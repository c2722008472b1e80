CREATE TYPE "public"."talent_application_status" AS ENUM('applied', 'shortlisted', 'offered', 'accepted', 'declined', 'withdrawn', 'completed');--> statement-breakpoint
CREATE TYPE "public"."expertise_visibility" AS ENUM('hidden', 'participants', 'public');--> statement-breakpoint
CREATE TYPE "public"."talent_posting_kind" AS ENUM('secondment', 'joint_appointment', 'visiting_researcher', 'joint_phd_supervision', 'short_training');--> statement-breakpoint
CREATE TYPE "public"."talent_posting_status" AS ENUM('open', 'closed');--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'talent_application';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'talent_application_status';--> statement-breakpoint
CREATE TABLE "expertise_profiles" (
	"account_id" integer PRIMARY KEY NOT NULL,
	"fields" text[] DEFAULT '{}'::text[] NOT NULL,
	"keywords" text[] DEFAULT '{}'::text[] NOT NULL,
	"links" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"visibility" "expertise_visibility" DEFAULT 'hidden' NOT NULL,
	"recognition_opt_out" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "talent_applications" (
	"id" serial PRIMARY KEY NOT NULL,
	"posting_id" integer NOT NULL,
	"applicant_id" integer NOT NULL,
	"applicant_region_id" integer NOT NULL,
	"applicant_organisation" text NOT NULL,
	"statement" text NOT NULL,
	"status" "talent_application_status" DEFAULT 'applied' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "talent_postings" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" "talent_posting_kind" NOT NULL,
	"status" "talent_posting_status" DEFAULT 'open' NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"field" text NOT NULL,
	"host_organisation" text NOT NULL,
	"host_region_id" integer NOT NULL,
	"duration_months" integer NOT NULL,
	"places" integer DEFAULT 1 NOT NULL,
	"support" text DEFAULT '' NOT NULL,
	"starts_on" date,
	"posted_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "talent_postings_duration_range" CHECK ("talent_postings"."duration_months" between 1 and 60),
	CONSTRAINT "talent_postings_places_range" CHECK ("talent_postings"."places" between 1 and 50)
);
--> statement-breakpoint
ALTER TABLE "expertise_profiles" ADD CONSTRAINT "expertise_profiles_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talent_applications" ADD CONSTRAINT "talent_applications_posting_id_talent_postings_id_fk" FOREIGN KEY ("posting_id") REFERENCES "public"."talent_postings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talent_applications" ADD CONSTRAINT "talent_applications_applicant_id_accounts_id_fk" FOREIGN KEY ("applicant_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talent_applications" ADD CONSTRAINT "talent_applications_applicant_region_id_regions_id_fk" FOREIGN KEY ("applicant_region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talent_postings" ADD CONSTRAINT "talent_postings_host_region_id_regions_id_fk" FOREIGN KEY ("host_region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talent_postings" ADD CONSTRAINT "talent_postings_posted_by_id_accounts_id_fk" FOREIGN KEY ("posted_by_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "talent_applications_one_per_person_idx" ON "talent_applications" USING btree ("posting_id","applicant_id");--> statement-breakpoint
CREATE INDEX "talent_applications_applicant_idx" ON "talent_applications" USING btree ("applicant_id");--> statement-breakpoint
CREATE INDEX "talent_applications_status_idx" ON "talent_applications" USING btree ("status");--> statement-breakpoint
CREATE INDEX "talent_postings_status_created_idx" ON "talent_postings" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "talent_postings_region_idx" ON "talent_postings" USING btree ("host_region_id");--> statement-breakpoint
CREATE INDEX "talent_postings_poster_idx" ON "talent_postings" USING btree ("posted_by_id");