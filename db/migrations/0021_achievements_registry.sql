CREATE TYPE "public"."achievement_kind" AS ENUM('patent', 'software', 'standard', 'material_process', 'prototype', 'dataset', 'other');--> statement-breakpoint
CREATE TYPE "public"."achievement_status" AS ENUM('draft', 'published', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."ip_status" AS ENUM('none', 'filed', 'granted');--> statement-breakpoint
CREATE TYPE "public"."need_status" AS ENUM('open', 'closed');--> statement-breakpoint
CREATE TYPE "public"."organisation_type" AS ENUM('government', 'university', 'institute', 'enterprise');--> statement-breakpoint
CREATE TYPE "public"."region_strength" AS ENUM('rnd', 'manufacturing', 'balanced');--> statement-breakpoint
CREATE TYPE "public"."transfer_mode" AS ENUM('licence', 'assignment', 'joint_development', 'service');--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'achievement_enquiry';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'achievement_transfer';--> statement-breakpoint
CREATE TABLE "account_organisation_types" (
	"account_id" integer PRIMARY KEY NOT NULL,
	"organisation_type" "organisation_type" NOT NULL,
	"set_by_id" integer,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "achievement_editors" (
	"achievement_id" integer NOT NULL,
	"account_id" integer NOT NULL,
	CONSTRAINT "achievement_editors_achievement_id_account_id_pk" PRIMARY KEY("achievement_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "achievement_enquiries" (
	"id" serial PRIMARY KEY NOT NULL,
	"achievement_id" integer NOT NULL,
	"asker_id" integer NOT NULL,
	"need_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_message_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "achievement_owners" (
	"id" serial PRIMARY KEY NOT NULL,
	"achievement_id" integer NOT NULL,
	"organisation" text NOT NULL,
	"region_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "achievement_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"achievement_id" integer NOT NULL,
	"version" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"edited_by_id" integer NOT NULL,
	"written_at" timestamp with time zone NOT NULL,
	"replaced_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "achievements" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" "achievement_kind" NOT NULL,
	"status" "achievement_status" DEFAULT 'published' NOT NULL,
	"title_zh" text NOT NULL,
	"title_en" text NOT NULL,
	"summary_zh" text NOT NULL,
	"summary_en" text NOT NULL,
	"origin_project_id" integer,
	"trl" integer NOT NULL,
	"ip_status" "ip_status" DEFAULT 'none' NOT NULL,
	"ip_number" text,
	"transfer_modes" "transfer_mode"[] NOT NULL,
	"price_yuan" bigint,
	"sectors" text[] DEFAULT '{}'::text[] NOT NULL,
	"search_text" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by_id" integer NOT NULL,
	"edited_by_id" integer NOT NULL,
	"edited_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "achievements_trl_range" CHECK ("achievements"."trl" between 1 and 9),
	CONSTRAINT "achievements_price_positive" CHECK ("achievements"."price_yuan" is null or "achievements"."price_yuan" > 0)
);
--> statement-breakpoint
CREATE TABLE "enquiry_messages" (
	"id" serial PRIMARY KEY NOT NULL,
	"enquiry_id" integer NOT NULL,
	"author_id" integer NOT NULL,
	"body" text NOT NULL,
	"hidden_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "region_strengths" (
	"region_id" integer PRIMARY KEY NOT NULL,
	"strength" "region_strength" NOT NULL,
	"updated_by_id" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "technology_needs" (
	"id" serial PRIMARY KEY NOT NULL,
	"status" "need_status" DEFAULT 'open' NOT NULL,
	"posted_by_id" integer NOT NULL,
	"organisation" text NOT NULL,
	"region_id" integer NOT NULL,
	"title" text NOT NULL,
	"problem" text NOT NULL,
	"sectors" text[] DEFAULT '{}'::text[] NOT NULL,
	"budget_min_yuan" bigint,
	"budget_max_yuan" bigint,
	"timeline_months" integer NOT NULL,
	"min_trl" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "technology_needs_trl_range" CHECK ("technology_needs"."min_trl" between 1 and 9),
	CONSTRAINT "technology_needs_budget_order" CHECK ("technology_needs"."budget_min_yuan" is null or "technology_needs"."budget_max_yuan" is null or "technology_needs"."budget_min_yuan" <= "technology_needs"."budget_max_yuan")
);
--> statement-breakpoint
CREATE TABLE "technology_transfers" (
	"id" serial PRIMARY KEY NOT NULL,
	"achievement_id" integer NOT NULL,
	"enquiry_id" integer,
	"mode" "transfer_mode" NOT NULL,
	"buyer_organisation" text NOT NULL,
	"buyer_region_id" integer NOT NULL,
	"buyer_account_id" integer,
	"value_yuan" bigint,
	"seller_publishes_value" boolean DEFAULT false NOT NULL,
	"buyer_publishes_value" boolean DEFAULT false NOT NULL,
	"signed_on" date NOT NULL,
	"recorded_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "technology_transfers_value_positive" CHECK ("technology_transfers"."value_yuan" is null or "technology_transfers"."value_yuan" > 0)
);
--> statement-breakpoint
ALTER TABLE "account_organisation_types" ADD CONSTRAINT "account_organisation_types_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_organisation_types" ADD CONSTRAINT "account_organisation_types_set_by_id_accounts_id_fk" FOREIGN KEY ("set_by_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "achievement_editors" ADD CONSTRAINT "achievement_editors_achievement_id_achievements_id_fk" FOREIGN KEY ("achievement_id") REFERENCES "public"."achievements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "achievement_editors" ADD CONSTRAINT "achievement_editors_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "achievement_enquiries" ADD CONSTRAINT "achievement_enquiries_achievement_id_achievements_id_fk" FOREIGN KEY ("achievement_id") REFERENCES "public"."achievements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "achievement_enquiries" ADD CONSTRAINT "achievement_enquiries_asker_id_accounts_id_fk" FOREIGN KEY ("asker_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "achievement_enquiries" ADD CONSTRAINT "achievement_enquiries_need_id_technology_needs_id_fk" FOREIGN KEY ("need_id") REFERENCES "public"."technology_needs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "achievement_owners" ADD CONSTRAINT "achievement_owners_achievement_id_achievements_id_fk" FOREIGN KEY ("achievement_id") REFERENCES "public"."achievements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "achievement_owners" ADD CONSTRAINT "achievement_owners_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "achievement_versions" ADD CONSTRAINT "achievement_versions_achievement_id_achievements_id_fk" FOREIGN KEY ("achievement_id") REFERENCES "public"."achievements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "achievement_versions" ADD CONSTRAINT "achievement_versions_edited_by_id_accounts_id_fk" FOREIGN KEY ("edited_by_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "achievements" ADD CONSTRAINT "achievements_origin_project_id_projects_id_fk" FOREIGN KEY ("origin_project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "achievements" ADD CONSTRAINT "achievements_created_by_id_accounts_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "achievements" ADD CONSTRAINT "achievements_edited_by_id_accounts_id_fk" FOREIGN KEY ("edited_by_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enquiry_messages" ADD CONSTRAINT "enquiry_messages_enquiry_id_achievement_enquiries_id_fk" FOREIGN KEY ("enquiry_id") REFERENCES "public"."achievement_enquiries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enquiry_messages" ADD CONSTRAINT "enquiry_messages_author_id_accounts_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "region_strengths" ADD CONSTRAINT "region_strengths_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "region_strengths" ADD CONSTRAINT "region_strengths_updated_by_id_accounts_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "technology_needs" ADD CONSTRAINT "technology_needs_posted_by_id_accounts_id_fk" FOREIGN KEY ("posted_by_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "technology_needs" ADD CONSTRAINT "technology_needs_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "technology_transfers" ADD CONSTRAINT "technology_transfers_achievement_id_achievements_id_fk" FOREIGN KEY ("achievement_id") REFERENCES "public"."achievements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "technology_transfers" ADD CONSTRAINT "technology_transfers_enquiry_id_achievement_enquiries_id_fk" FOREIGN KEY ("enquiry_id") REFERENCES "public"."achievement_enquiries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "technology_transfers" ADD CONSTRAINT "technology_transfers_buyer_region_id_regions_id_fk" FOREIGN KEY ("buyer_region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "technology_transfers" ADD CONSTRAINT "technology_transfers_buyer_account_id_accounts_id_fk" FOREIGN KEY ("buyer_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "technology_transfers" ADD CONSTRAINT "technology_transfers_recorded_by_id_accounts_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "achievement_editors_account_idx" ON "achievement_editors" USING btree ("account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "achievement_enquiries_asker_idx" ON "achievement_enquiries" USING btree ("achievement_id","asker_id");--> statement-breakpoint
CREATE INDEX "achievement_enquiries_asker_only_idx" ON "achievement_enquiries" USING btree ("asker_id");--> statement-breakpoint
CREATE INDEX "achievement_owners_achievement_idx" ON "achievement_owners" USING btree ("achievement_id");--> statement-breakpoint
CREATE INDEX "achievement_owners_region_idx" ON "achievement_owners" USING btree ("region_id");--> statement-breakpoint
CREATE UNIQUE INDEX "achievement_versions_version_idx" ON "achievement_versions" USING btree ("achievement_id","version");--> statement-breakpoint
CREATE INDEX "achievements_status_created_idx" ON "achievements" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "achievements_origin_idx" ON "achievements" USING btree ("origin_project_id");--> statement-breakpoint
CREATE INDEX "achievements_sectors_idx" ON "achievements" USING gin ("sectors");--> statement-breakpoint
CREATE INDEX "enquiry_messages_enquiry_idx" ON "enquiry_messages" USING btree ("enquiry_id","id");--> statement-breakpoint
CREATE INDEX "technology_needs_status_idx" ON "technology_needs" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "technology_transfers_achievement_idx" ON "technology_transfers" USING btree ("achievement_id");--> statement-breakpoint
CREATE INDEX "technology_transfers_buyer_region_idx" ON "technology_transfers" USING btree ("buyer_region_id");