ALTER TYPE "public"."notification_kind" ADD VALUE 'fund_review_assigned';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'fund_milestone_due';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'fund_milestone_late';