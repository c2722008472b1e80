CREATE TYPE "public"."open_data_dump_status" AS ENUM('queued', 'running', 'done', 'failed');--> statement-breakpoint
CREATE TYPE "public"."open_data_dump_trigger" AS ENUM('nightly', 'manual');--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"per_minute" integer NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "open_data_dumps" (
	"id" serial PRIMARY KEY NOT NULL,
	"status" "open_data_dump_status" DEFAULT 'queued' NOT NULL,
	"trigger" "open_data_dump_trigger" NOT NULL,
	"day" text,
	"requested_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"progress" integer DEFAULT 0 NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"file_name" text,
	"size_bytes" bigint,
	"counts" jsonb,
	"error" text
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open_data_dumps" ADD CONSTRAINT "open_data_dumps_requested_by_accounts_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_hash_idx" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "open_data_dumps_day_idx" ON "open_data_dumps" USING btree ("day");--> statement-breakpoint
CREATE INDEX "open_data_dumps_queued_idx" ON "open_data_dumps" USING btree ("created_at") WHERE "open_data_dumps"."status" = 'queued';