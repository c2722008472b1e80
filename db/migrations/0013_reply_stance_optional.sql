-- A reply may carry no stance (null): it then stays out of stance pictures. Top-level comments still need one (checked by the server).
ALTER TABLE "comment_versions" ALTER COLUMN "stance" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "comments" ALTER COLUMN "stance" DROP NOT NULL;