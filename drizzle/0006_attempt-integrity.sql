CREATE TABLE "attempt_time_mode_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"attempt_id" uuid NOT NULL,
	"at_step" integer NOT NULL,
	"from_mode" text NOT NULL,
	"to_mode" text NOT NULL,
	"changed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "attempts" ALTER COLUMN "time_mode" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "attempt_events" ADD COLUMN "shown_position" integer;--> statement-breakpoint
ALTER TABLE "attempt_events" ADD COLUMN "critical" text;--> statement-breakpoint
ALTER TABLE "attempts" ADD COLUMN "critical_errors" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "attempt_time_mode_changes" ADD CONSTRAINT "attempt_time_mode_changes_attempt_id_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."attempts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attempt_time_mode_changes_attempt" ON "attempt_time_mode_changes" USING btree ("attempt_id","changed_at");--> statement-breakpoint
CREATE INDEX "attempts_critical_failures" ON "attempts" USING btree ("user_id","scenario_version_id","started_at","completed_at") WHERE "attempts"."critical_errors" > 0 AND "attempts"."passed" = false;--> statement-breakpoint
-- Backfill: an attempt records a time mode only where its scenario version has a timed decision.
UPDATE "attempts" SET "time_mode" = NULL WHERE "scenario_version_id" IN (
  SELECT "id" FROM "scenario_versions" WHERE "source" NOT LIKE '%"timeLimitSeconds"%'
);
