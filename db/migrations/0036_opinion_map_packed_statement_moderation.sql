ALTER TYPE "public"."moderation_target_kind" ADD VALUE 'statement';--> statement-breakpoint
ALTER TABLE "opinion_maps" ALTER COLUMN "map" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "opinion_maps" ALTER COLUMN "labels" SET DATA TYPE text;