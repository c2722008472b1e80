CREATE TYPE "public"."portfolio_ballot_outcome" AS ENUM('awarded', 'no_agreement', 'stale', 'over_cap', 'wrong_stage');--> statement-breakpoint
CREATE TABLE "portfolio_ballots" (
	"ballot_id" integer PRIMARY KEY NOT NULL,
	"call_id" integer NOT NULL,
	"plan_id" integer NOT NULL,
	"plan" jsonb NOT NULL,
	"outcome" "portfolio_ballot_outcome"
);
--> statement-breakpoint
ALTER TABLE "ballots" ALTER COLUMN "project_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "benefit_plans" ALTER COLUMN "project_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "portfolio_ballots" ADD CONSTRAINT "portfolio_ballots_ballot_id_ballots_id_fk" FOREIGN KEY ("ballot_id") REFERENCES "public"."ballots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio_ballots" ADD CONSTRAINT "portfolio_ballots_call_id_fund_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."fund_calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio_ballots" ADD CONSTRAINT "portfolio_ballots_plan_id_benefit_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."benefit_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "portfolio_ballots_call_idx" ON "portfolio_ballots" USING btree ("call_id","ballot_id");--> statement-breakpoint
CREATE UNIQUE INDEX "portfolio_ballots_one_pending_idx" ON "portfolio_ballots" USING btree ("call_id") WHERE "portfolio_ballots"."outcome" is null;