CREATE TYPE "public"."chain_role" AS ENUM('design', 'materials', 'equipment', 'manufacturing', 'packaging_testing', 'application', 'finance', 'service');--> statement-breakpoint
CREATE TYPE "public"."alliance_membership_status" AS ENUM('invited', 'accepted', 'declined');--> statement-breakpoint
CREATE TYPE "public"."organisation_link_method" AS ENUM('exact', 'normalised', 'admin');--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'alliance_invited';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'alliance_answered';--> statement-breakpoint
CREATE TABLE "account_organisations" (
	"account_id" integer PRIMARY KEY NOT NULL,
	"organisation_id" integer NOT NULL,
	"method" "organisation_link_method" NOT NULL,
	"linked_by_id" integer,
	"linked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alliance_members" (
	"id" serial PRIMARY KEY NOT NULL,
	"alliance_id" integer NOT NULL,
	"organisation_id" integer NOT NULL,
	"chain_role" "chain_role" NOT NULL,
	"contribution" text DEFAULT '' NOT NULL,
	"status" "alliance_membership_status" DEFAULT 'invited' NOT NULL,
	"invited_by_id" integer NOT NULL,
	"answered_by_id" integer,
	"answered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alliance_projects" (
	"project_id" integer PRIMARY KEY NOT NULL,
	"alliance_id" integer NOT NULL,
	"linked_by_id" integer NOT NULL,
	"linked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alliances" (
	"id" serial PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"description_zh" text DEFAULT '' NOT NULL,
	"description_en" text DEFAULT '' NOT NULL,
	"sectors" text[] DEFAULT '{}'::text[] NOT NULL,
	"founder_organisation_id" integer NOT NULL,
	"forum_id" integer NOT NULL,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alliances_forum_id_unique" UNIQUE("forum_id")
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" serial PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"aliases" text[] DEFAULT '{}'::text[] NOT NULL,
	"match_keys" text[] DEFAULT '{}'::text[] NOT NULL,
	"type" "organisation_type" NOT NULL,
	"region_id" integer NOT NULL,
	"sectors" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "account_organisations" ADD CONSTRAINT "account_organisations_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_organisations" ADD CONSTRAINT "account_organisations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_organisations" ADD CONSTRAINT "account_organisations_linked_by_id_accounts_id_fk" FOREIGN KEY ("linked_by_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_members" ADD CONSTRAINT "alliance_members_alliance_id_alliances_id_fk" FOREIGN KEY ("alliance_id") REFERENCES "public"."alliances"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_members" ADD CONSTRAINT "alliance_members_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_members" ADD CONSTRAINT "alliance_members_invited_by_id_accounts_id_fk" FOREIGN KEY ("invited_by_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_members" ADD CONSTRAINT "alliance_members_answered_by_id_accounts_id_fk" FOREIGN KEY ("answered_by_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_projects" ADD CONSTRAINT "alliance_projects_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_projects" ADD CONSTRAINT "alliance_projects_alliance_id_alliances_id_fk" FOREIGN KEY ("alliance_id") REFERENCES "public"."alliances"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_projects" ADD CONSTRAINT "alliance_projects_linked_by_id_accounts_id_fk" FOREIGN KEY ("linked_by_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliances" ADD CONSTRAINT "alliances_founder_organisation_id_organisations_id_fk" FOREIGN KEY ("founder_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliances" ADD CONSTRAINT "alliances_forum_id_forums_id_fk" FOREIGN KEY ("forum_id") REFERENCES "public"."forums"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliances" ADD CONSTRAINT "alliances_created_by_id_accounts_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_created_by_id_accounts_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_organisations_organisation_idx" ON "account_organisations" USING btree ("organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "alliance_members_alliance_org_idx" ON "alliance_members" USING btree ("alliance_id","organisation_id");--> statement-breakpoint
CREATE INDEX "alliance_members_organisation_idx" ON "alliance_members" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "alliance_projects_alliance_idx" ON "alliance_projects" USING btree ("alliance_id");--> statement-breakpoint
CREATE INDEX "organisations_region_idx" ON "organisations" USING btree ("region_id");--> statement-breakpoint
CREATE INDEX "organisations_match_keys_idx" ON "organisations" USING gin ("match_keys");