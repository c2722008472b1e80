CREATE TYPE "public"."ballot_rule" AS ENUM('regional_consent', 'double_majority', 'simple_majority');--> statement-breakpoint
CREATE TYPE "public"."ballot_status" AS ENUM('open', 'closed');--> statement-breakpoint
CREATE TYPE "public"."ballot_visibility" AS ENUM('secret', 'roll_call');--> statement-breakpoint
CREATE TYPE "public"."vote_choice" AS ENUM('approve', 'reject', 'abstain');--> statement-breakpoint
CREATE TABLE "ballot_electorate" (
	"ballot_id" integer NOT NULL,
	"account_id" integer NOT NULL,
	"region_id" integer NOT NULL,
	"first_voted_at" timestamp with time zone,
	CONSTRAINT "ballot_electorate_ballot_id_account_id_pk" PRIMARY KEY("ballot_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "ballot_regions" (
	"ballot_id" integer NOT NULL,
	"region_id" integer NOT NULL,
	"electorate" integer NOT NULL,
	"quorum" integer NOT NULL,
	CONSTRAINT "ballot_regions_ballot_id_region_id_pk" PRIMARY KEY("ballot_id","region_id")
);
--> statement-breakpoint
CREATE TABLE "ballot_tally_slots" (
	"ballot_id" integer NOT NULL,
	"plan_id" integer NOT NULL,
	"region_id" integer NOT NULL,
	"slot" integer NOT NULL,
	"approve" integer DEFAULT 0 NOT NULL,
	"reject" integer DEFAULT 0 NOT NULL,
	"abstain" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "ballot_tally_slots_ballot_id_plan_id_region_id_slot_pk" PRIMARY KEY("ballot_id","plan_id","region_id","slot")
);
--> statement-breakpoint
CREATE TABLE "ballots" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"round" integer NOT NULL,
	"rule" "ballot_rule" DEFAULT 'regional_consent' NOT NULL,
	"quorum_bp" integer DEFAULT 5000 NOT NULL,
	"visibility" "ballot_visibility" DEFAULT 'secret' NOT NULL,
	"show_running_tallies" boolean DEFAULT false NOT NULL,
	"status" "ballot_status" DEFAULT 'open' NOT NULL,
	"opened_by_id" integer NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by_id" integer,
	"result" jsonb,
	"digest" text,
	CONSTRAINT "ballots_quorum_range" CHECK ("ballots"."quorum_bp" between 0 and 10000),
	CONSTRAINT "ballots_round_positive" CHECK ("ballots"."round" >= 1)
);
--> statement-breakpoint
CREATE TABLE "benefit_plans" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"ballot_id" integer,
	"author_id" integer NOT NULL,
	"rationale" text NOT NULL,
	"terms" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_shares" (
	"plan_id" integer NOT NULL,
	"region_id" integer NOT NULL,
	"cost_bp" integer NOT NULL,
	"benefit_bp" integer NOT NULL,
	CONSTRAINT "plan_shares_plan_id_region_id_pk" PRIMARY KEY("plan_id","region_id"),
	CONSTRAINT "plan_shares_cost_range" CHECK ("plan_shares"."cost_bp" between 0 and 10000),
	CONSTRAINT "plan_shares_benefit_range" CHECK ("plan_shares"."benefit_bp" between 0 and 10000)
);
--> statement-breakpoint
CREATE TABLE "votes" (
	"ballot_id" integer NOT NULL,
	"plan_id" integer NOT NULL,
	"voter_id" integer NOT NULL,
	"region_id" integer NOT NULL,
	"choice" "vote_choice" NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ballot_electorate" ADD CONSTRAINT "ballot_electorate_ballot_id_ballots_id_fk" FOREIGN KEY ("ballot_id") REFERENCES "public"."ballots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballot_electorate" ADD CONSTRAINT "ballot_electorate_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballot_electorate" ADD CONSTRAINT "ballot_electorate_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballot_regions" ADD CONSTRAINT "ballot_regions_ballot_id_ballots_id_fk" FOREIGN KEY ("ballot_id") REFERENCES "public"."ballots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballot_regions" ADD CONSTRAINT "ballot_regions_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballot_tally_slots" ADD CONSTRAINT "ballot_tally_slots_ballot_id_ballots_id_fk" FOREIGN KEY ("ballot_id") REFERENCES "public"."ballots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballot_tally_slots" ADD CONSTRAINT "ballot_tally_slots_plan_id_benefit_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."benefit_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballot_tally_slots" ADD CONSTRAINT "ballot_tally_slots_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballots" ADD CONSTRAINT "ballots_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballots" ADD CONSTRAINT "ballots_opened_by_id_accounts_id_fk" FOREIGN KEY ("opened_by_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballots" ADD CONSTRAINT "ballots_closed_by_id_accounts_id_fk" FOREIGN KEY ("closed_by_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_plans" ADD CONSTRAINT "benefit_plans_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_plans" ADD CONSTRAINT "benefit_plans_ballot_id_ballots_id_fk" FOREIGN KEY ("ballot_id") REFERENCES "public"."ballots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "benefit_plans" ADD CONSTRAINT "benefit_plans_author_id_accounts_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_shares" ADD CONSTRAINT "plan_shares_plan_id_benefit_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."benefit_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_shares" ADD CONSTRAINT "plan_shares_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_ballot_id_ballots_id_fk" FOREIGN KEY ("ballot_id") REFERENCES "public"."ballots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_plan_id_benefit_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."benefit_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_voter_id_accounts_id_fk" FOREIGN KEY ("voter_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ballot_electorate_region_idx" ON "ballot_electorate" USING btree ("ballot_id","region_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ballots_project_round_idx" ON "ballots" USING btree ("project_id","round");--> statement-breakpoint
CREATE UNIQUE INDEX "ballots_one_open_idx" ON "ballots" USING btree ("project_id") WHERE "ballots"."status" = 'open';--> statement-breakpoint
CREATE INDEX "ballots_open_closes_idx" ON "ballots" USING btree ("closes_at") WHERE "ballots"."status" = 'open';--> statement-breakpoint
CREATE INDEX "benefit_plans_project_idx" ON "benefit_plans" USING btree ("project_id","id");--> statement-breakpoint
CREATE INDEX "benefit_plans_ballot_idx" ON "benefit_plans" USING btree ("ballot_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "votes_ballot_plan_voter_idx" ON "votes" USING btree ("ballot_id","plan_id","voter_id");