CREATE TYPE "public"."deal_terms_status" AS ENUM('proposed', 'accepted', 'declined', 'superseded', 'recorded');--> statement-breakpoint
CREATE TYPE "public"."negotiation_side" AS ENUM('owner', 'asker');--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'achievement_match';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'achievement_interest';--> statement-breakpoint
ALTER TYPE "public"."transfer_mode" ADD VALUE 'joint_project';--> statement-breakpoint
CREATE TABLE "deal_terms" (
	"id" serial PRIMARY KEY NOT NULL,
	"enquiry_id" integer NOT NULL,
	"proposed_by_id" integer NOT NULL,
	"side" "negotiation_side" NOT NULL,
	"mode" "transfer_mode" NOT NULL,
	"value_yuan" bigint,
	"shares" jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"status" "deal_terms_status" DEFAULT 'proposed' NOT NULL,
	"responded_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"responded_at" timestamp with time zone,
	CONSTRAINT "deal_terms_value_positive" CHECK ("deal_terms"."value_yuan" is null or "deal_terms"."value_yuan" > 0)
);
--> statement-breakpoint
CREATE TABLE "need_match_notices" (
	"need_id" integer NOT NULL,
	"achievement_id" integer NOT NULL,
	"score" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "need_match_notices_need_id_achievement_id_pk" PRIMARY KEY("need_id","achievement_id")
);
--> statement-breakpoint
ALTER TABLE "enquiry_messages" ADD COLUMN "hidden_by_id" integer;--> statement-breakpoint
ALTER TABLE "enquiry_messages" ADD COLUMN "hidden_reason" text;--> statement-breakpoint
ALTER TABLE "technology_transfers" ADD COLUMN "revenue_shares" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "technology_transfers" ADD COLUMN "terms_id" integer;--> statement-breakpoint
ALTER TABLE "technology_transfers" ADD COLUMN "project_id" integer;--> statement-breakpoint
ALTER TABLE "deal_terms" ADD CONSTRAINT "deal_terms_enquiry_id_achievement_enquiries_id_fk" FOREIGN KEY ("enquiry_id") REFERENCES "public"."achievement_enquiries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_terms" ADD CONSTRAINT "deal_terms_proposed_by_id_accounts_id_fk" FOREIGN KEY ("proposed_by_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_terms" ADD CONSTRAINT "deal_terms_responded_by_id_accounts_id_fk" FOREIGN KEY ("responded_by_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "need_match_notices" ADD CONSTRAINT "need_match_notices_need_id_technology_needs_id_fk" FOREIGN KEY ("need_id") REFERENCES "public"."technology_needs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "need_match_notices" ADD CONSTRAINT "need_match_notices_achievement_id_achievements_id_fk" FOREIGN KEY ("achievement_id") REFERENCES "public"."achievements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deal_terms_enquiry_idx" ON "deal_terms" USING btree ("enquiry_id","id");--> statement-breakpoint
ALTER TABLE "enquiry_messages" ADD CONSTRAINT "enquiry_messages_hidden_by_id_accounts_id_fk" FOREIGN KEY ("hidden_by_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "technology_transfers" ADD CONSTRAINT "technology_transfers_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;