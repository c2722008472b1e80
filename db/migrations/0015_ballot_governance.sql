CREATE TABLE "simple_majority_consents" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"region_id" integer NOT NULL,
	"account_id" integer NOT NULL,
	"ballot_id" integer,
	"given_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "chair" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "simple_majority_consents" ADD CONSTRAINT "simple_majority_consents_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "simple_majority_consents" ADD CONSTRAINT "simple_majority_consents_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "simple_majority_consents" ADD CONSTRAINT "simple_majority_consents_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "simple_majority_consents" ADD CONSTRAINT "simple_majority_consents_ballot_id_ballots_id_fk" FOREIGN KEY ("ballot_id") REFERENCES "public"."ballots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "simple_majority_consents_pending_idx" ON "simple_majority_consents" USING btree ("project_id","region_id") WHERE "simple_majority_consents"."ballot_id" is null;--> statement-breakpoint
CREATE INDEX "simple_majority_consents_ballot_idx" ON "simple_majority_consents" USING btree ("ballot_id");