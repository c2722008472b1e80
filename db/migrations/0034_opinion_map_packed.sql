ALTER TABLE "opinion_maps" ALTER COLUMN "map" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "opinion_maps" ALTER COLUMN "labels" SET DATA TYPE text;